package io.tributary.ratelimit;

import io.tributary.sql.RowLocks;
import io.tributary.sql.SqlDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.RuntimeCamelException;

/**
 * Request budgets counted in table {@code tributary_rate_limits} (one row per budget and window:
 * window start, requests used; and for a per-second limit its next free slot, see {@link Spacing}),
 * in the target database. Each request locks the budget's rows ({@code SELECT ... FOR UPDATE}),
 * checks every window and counts itself in all of them in one transaction, so neither two threads
 * nor two processes can overspend, and a restart keeps the count.
 */
public final class JdbcBudgetStore implements BudgetStore {
    static final String TABLE = "tributary_rate_limits";
    private final DataSource dataSource;
    private volatile boolean tableReady;

    public JdbcBudgetStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Verdict tryAcquire(Budget budget, Instant now) {
        return tryAcquire(budget, () -> now);
    }

    @Override
    public Verdict tryAcquire(Budget budget, java.util.function.Supplier<Instant> clock) {
        while (true) {
            ensureRows(budget);
            Verdict v = attempt(budget, clock);
            if (v != null) {
                return v;
            }
            Thread.onSpinWait();
        }
    }

    /** One try: a verdict, or null when the budget's rows are not all there to lock yet. */
    @SuppressWarnings("try") // the lock is held for the try, not used in it
    private Verdict attempt(Budget budget, java.util.function.Supplier<Instant> clock) {
        try (Connection c = dataSource.getConnection();
                // DuckDB: an in-process lock of the budget, as one process owns the file
                RowLocks.Held held =
                        SqlDialect.of(c).lockRow(TABLE, budget.name(), Duration.ofSeconds(60))) {
            c.setAutoCommit(false);
            try {
                Map<String, long[]> rows = lock(c, budget.name());
                Limit spaced = Spacing.of(budget);
                if (!rows.keySet().containsAll(periods(budget))) {
                    // a first use at once: another's insert of the rows is not committed yet, and
                    // counting from rows not there would overspend the first window
                    c.rollback();
                    return null;
                }
                // This host's clock, read now that the row is ours, not the database's: the sleep
                // until the slot and the send happen here, so a database clock would add the
                // variable round trip back to every slot, and the SQL for it differs by dialect;
                // hosts sharing a budget keep NTP time, a few ms apart, within its margin.
                long now = Spacing.micros(clock.get());
                long slot = now;
                if (spaced != null) {
                    slot = Math.max(now, rows.get(Spacing.ROW)[0]);
                    if (slot - now > budget.maxWait().toNanos() / 1000) {
                        c.rollback();
                        return new Verdict(false, Spacing.instant(slot), spaced);
                    }
                }
                // the calendar windows count the request in the second it is sent in
                long second = Math.floorDiv(slot, 1_000_000L);
                Instant retryAt = null;
                Limit spent = null;
                for (Limit l : budget.limits()) {
                    long start = l.windowStart(second);
                    long[] row = rows.get(l.name());
                    long used = row != null && row[0] == start ? row[1] : 0;
                    if (used >= l.max()) {
                        Instant next = Instant.ofEpochSecond(start + l.window().toSeconds());
                        if (retryAt == null || next.isAfter(retryAt)) {
                            retryAt = next;
                            spent = l;
                        }
                    }
                }
                if (retryAt != null) {
                    c.rollback();
                    return new Verdict(false, retryAt, spent);
                }
                Map<Limit, Long> used = new HashMap<>();
                try (PreparedStatement ps =
                        c.prepareStatement(
                                "UPDATE "
                                        + TABLE
                                        + " SET window_start = ?, used = ? WHERE budget = ? AND period = ?")) {
                    for (Limit l : budget.limits()) {
                        long start = l.windowStart(second);
                        long[] row = rows.get(l.name());
                        long counted = (row != null && row[0] == start ? row[1] : 0) + 1;
                        used.put(l, counted);
                        ps.setLong(1, start);
                        ps.setLong(2, counted);
                        ps.setString(3, budget.name());
                        ps.setString(4, l.name());
                        ps.addBatch();
                    }
                    if (spaced != null) {
                        ps.setLong(1, slot + Spacing.intervalMicros(budget, spaced));
                        ps.setLong(2, 0);
                        ps.setString(3, budget.name());
                        ps.setString(4, Spacing.ROW);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                c.commit();
                return new Verdict(
                        true, null, null, used, spaced != null ? Spacing.instant(slot) : null);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new RuntimeCamelException(
                    "Cannot count a request against rate limit '"
                            + budget.name()
                            + "' in table "
                            + TABLE
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    @Override
    @SuppressWarnings("try") // the lock is held for the try, not used in it
    public void giveUp(Budget budget, Verdict granted) {
        if (!granted.granted() || granted.sendAt() == null) {
            return;
        }
        // the windows it was counted in: those of the second its slot was in (attempt)
        long second = Math.floorDiv(Spacing.micros(granted.sendAt()), 1_000_000L);
        try (Connection c = dataSource.getConnection();
                RowLocks.Held held =
                        SqlDialect.of(c).lockRow(TABLE, budget.name(), Duration.ofSeconds(60));
                PreparedStatement ps =
                        c.prepareStatement(
                                "UPDATE "
                                        + TABLE
                                        + " SET used = used - 1 WHERE budget = ? AND period = ?"
                                        + " AND window_start = ? AND used > 0")) {
            c.setAutoCommit(false);
            try {
                for (Limit l : budget.limits()) {
                    ps.setString(1, budget.name());
                    ps.setString(2, l.name());
                    ps.setLong(3, l.windowStart(second)); // a window since rolled over: nothing
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new RuntimeCamelException(
                    "Cannot give a request's slot back to rate limit '"
                            + budget.name()
                            + "' in table "
                            + TABLE
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    @Override
    public long used(Budget budget, Limit limit, Instant now) {
        ensureRows(budget);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement(
                                "SELECT window_start, used FROM "
                                        + TABLE
                                        + " WHERE budget = ? AND period = ?")) {
            ps.setString(1, budget.name());
            ps.setString(2, limit.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) == limit.windowStart(now.getEpochSecond())
                        ? rs.getLong(2)
                        : 0;
            }
        } catch (SQLException e) {
            throw new RuntimeCamelException(
                    "Cannot read rate limit '" + budget.name() + "': " + e.getMessage(), e);
        }
    }

    /** The rows a budget counts in: one per window, and its next slot when it is spaced. */
    private static List<String> periods(Budget budget) {
        List<String> periods = new ArrayList<>(budget.limits().stream().map(Limit::name).toList());
        if (Spacing.of(budget) != null) {
            periods.add(Spacing.ROW);
        }
        return periods;
    }

    private Map<String, long[]> lock(Connection c, String budget) throws SQLException {
        Map<String, long[]> rows = new HashMap<>();
        try (PreparedStatement ps =
                c.prepareStatement(
                        "SELECT period, window_start, used FROM "
                                + TABLE
                                + " WHERE budget = ?"
                                + SqlDialect.of(c).forUpdate())) {
            ps.setString(1, budget);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
                }
            }
        }
        return rows;
    }

    private void ensureRows(Budget budget) {
        ensureTable();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            for (String period : periods(budget)) {
                try (PreparedStatement ps =
                        c.prepareStatement(
                                "INSERT INTO "
                                        + TABLE
                                        + " (budget, period, window_start, used) "
                                        + "SELECT ?, ?, 0, 0 WHERE NOT EXISTS (SELECT 1 FROM "
                                        + TABLE
                                        + " WHERE budget = ? AND period = ?)")) {
                    ps.setString(1, budget.name());
                    ps.setString(2, period);
                    ps.setString(3, budget.name());
                    ps.setString(4, period);
                    ps.executeUpdate();
                } catch (SQLException raced) {
                    // another process inserted the row between our check and insert: it exists now
                }
            }
        } catch (SQLException e) {
            throw new RuntimeCamelException(
                    "Cannot prepare rate limit '"
                            + budget.name()
                            + "' in table "
                            + TABLE
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    private synchronized void ensureTable() {
        if (tableReady) {
            return;
        }
        SqlDialect.createTable(
                dataSource,
                TABLE,
                "CREATE TABLE IF NOT EXISTS "
                        + TABLE
                        + " (budget VARCHAR(200) NOT NULL, period VARCHAR(20) NOT NULL, "
                        + "window_start BIGINT NOT NULL, used BIGINT NOT NULL, PRIMARY KEY (budget, period))");
        tableReady = true;
    }
}
