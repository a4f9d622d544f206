package io.tributary.sql;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Row locks for a database without {@code SELECT ... FOR UPDATE} (DuckDB): one lock per table and
 * key in this process. That is the same guarantee as a row lock because a DuckDB file is opened
 * read-write by one process only (DuckDB's file lock refuses a second one), so every transaction
 * that can touch the row runs in this JVM. A lock is taken before the transaction's first
 * statement, so its snapshot already holds the previous holder's commit; DuckDB's own conflict
 * detection would instead fail the second writer at commit, after a token call had been made.
 */
public final class RowLocks {
    private static final ConcurrentHashMap<String, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private RowLocks() {}

    /** A held lock; closing it releases it. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** Nothing to hold: the database locks the row itself. */
    public static final Held NONE = () -> {};

    /** Waits up to {@code wait} for the row of {@code key} in {@code table}. */
    public static Held lock(String table, String key, Duration wait) throws SQLException {
        ReentrantLock lock =
                LOCKS.computeIfAbsent(table + '\u0000' + key, k -> new ReentrantLock());
        try {
            if (!lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SQLException(
                        "lock timeout: a row of " + table + " stayed locked for " + wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted waiting for a row of " + table, e);
        }
        return lock::unlock;
    }
}
