package io.tributary.state;

import java.util.Optional;

/**
 * Where each connector's cursor is kept between runs: the highest value of its cursor field that
 * has been committed to the target. The next run asks the source only for what is newer.
 */
public interface CursorStore {

    Optional<String> load(String connector);

    /**
     * Stores the cursor in its own transaction. Sinks that share the database use their own
     * transaction instead.
     */
    void save(String connector, String cursor);

    /** Forgets the cursor, so the next run starts from the connector's configured start. */
    void reset(String connector);
}
