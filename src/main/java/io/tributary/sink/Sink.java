package io.tributary.sink;

/**
 * Where a connector's rows go. The contract every sink keeps: {@link #write} makes the page's rows,
 * its dead letters and the new cursor durable together, or none of them, so a crash at any instant
 * neither loses nor duplicates a row.
 */
public interface Sink {

    /**
     * Writes one page.
     *
     * @param connector the connector id (the cursor's key)
     * @param batch     the page's rows and dead letters
     * @param cursor    the cursor to store with them, or null to leave it unchanged
     */
    void write(String connector, PageBatch batch, String cursor);

    /** False once the sink wants no further pages this run (a preview that has shown enough). */
    default boolean wantsMorePages() {
        return true;
    }
}
