package io.tributary.connector;

import io.tributary.state.CursorState;
import io.tributary.state.JdbcCursorStore;
import java.util.Optional;

/**
 * What a bulk connector keeps between runs, in its rows of {@code tributary_cursors}: the cursor
 * (row {@code <connector>}: the highest cursor value of the last job whose results were all
 * committed, {@link BulkCursor}), the job in progress (row {@code <connector>/job}: {@code
 * <jobId>|<its creation time by this host's clock>}, written as soon as the provider gave the id,
 * before the first poll) and the job's last committed page (row {@code <connector>/<jobId>}: the
 * message id the sink committed with the page's rows, in the same transaction, with the highest
 * cursor value committed so far and the job's frontier). So a restart finds the job and the page,
 * polls or downloads the same job, and never creates a second one while the first is not done.
 *
 * <p>Each change is one statement (an upsert, a delete), never a read-modify-write across
 * transactions. Finishing a job moves the cursor first and forgets the job after: a crash between
 * the two resumes the job, finds every page committed and moves the cursor to the same value.
 */
final class BulkJobState {
    /**
     * A job as kept: its id, and when it was created by this host's clock (no later value becomes
     * the cursor).
     */
    record Job(String id, String createdAt) {}

    private final JdbcCursorStore store;
    private final String connector;

    BulkJobState(JdbcCursorStore store, String connector) {
        this.store = store;
        this.connector = connector;
    }

    /** The stored cursor, if any job finished yet. */
    Optional<String> cursor() {
        return store.load(connector);
    }

    /** The cursor row whole: the value and the frontier of the records written at it. */
    Optional<CursorState> cursorState() {
        return store.loadState(connector);
    }

    /** The job an earlier run created and did not finish. */
    Optional<Job> job() {
        return store.load(jobRow())
                .map(
                        v -> {
                            int bar = v.lastIndexOf('|');
                            return new Job(v.substring(0, bar), v.substring(bar + 1));
                        });
    }

    /** Keeps the job the provider just created, before anything else is asked of it. */
    void keep(Job job) {
        try (java.sql.Connection c = store.dataSource().getConnection()) {
            c.setAutoCommit(false);
            store.save(c, jobRow(), job.id() + "|" + job.createdAt());
            c.commit();
            if (io.tributary.sql.SqlDialect.of(c) == io.tributary.sql.SqlDialect.H2) {
                // H2 writes commits to its file up to a second later: a kill -9 in that window
                // would forget a job the provider is already running, and the next run pay another
                try (java.sql.Statement s = c.createStatement()) {
                    s.execute("CHECKPOINT");
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(
                    "connector '"
                            + connector
                            + "': job "
                            + job.id()
                            + " was created but could not be kept: "
                            + io.tributary.sql.SqlMessages.withoutValues(e.getMessage()),
                    e);
        }
    }

    /** The stream a job's pages commit their message ids into. */
    String stream(Job job) {
        return connector + "/" + job.id();
    }

    /**
     * The job's row: the message id of its last committed page, the highest cursor value committed
     * so far and the job's frontier; empty before its first page committed.
     */
    Optional<CursorState> committed(Job job) {
        return store.loadState(stream(job));
    }

    /**
     * Every result committed: the cursor moves (to the highest committed value; empty: it stays),
     * then the job is forgotten.
     */
    void finished(Job job, Optional<CursorState> cursor) {
        cursor.ifPresent(this::save);
        forget(job);
    }

    private void save(CursorState cursor) {
        try (java.sql.Connection c = store.dataSource().getConnection()) {
            c.setAutoCommit(false);
            store.save(c, connector, cursor);
            c.commit();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(
                    "connector '"
                            + connector
                            + "': the cursor could not be stored (the job is kept, the next run moves it): "
                            + io.tributary.sql.SqlMessages.withoutValues(e.getMessage()),
                    e);
        }
    }

    /** The job failed at the provider (or is gone): forgotten, the cursor where it was. */
    void forget(Job job) {
        store.reset(stream(job));
        store.reset(jobRow());
    }

    private String jobRow() {
        return connector + "/job";
    }
}
