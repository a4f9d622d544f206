package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.metrics.SyncOutcome;
import io.tributary.support.Database;
import io.tributary.support.LogCapture;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.junit.jupiter.api.Test;

/**
 * {@link SqlSourceTest} with the source table in a second PostgreSQL database of the embedded
 * server and the target in another; and a source that is briefly unavailable.
 */
class SqlSourceOnPostgresTest extends SqlSourceTest {
    @Override
    String sourceKind() {
        return "postgresql";
    }

    @Override
    String targetKind() {
        return "postgresql";
    }

    /** On page 2, another session locks the source table until the test releases it. */
    static final class LockOnPage2 implements Processor {
        final Database db;
        final AtomicInteger pages = new AtomicInteger();
        volatile Connection holder;

        LockOnPage2(Database db) {
            this.db = db;
        }

        @Override
        public void process(Exchange exchange) throws SQLException {
            if (PageContract.PAGE.equals(PageContract.read(exchange, PageContract.EVENT))
                    && pages.incrementAndGet() == 2) {
                holder = db.connect();
                holder.setAutoCommit(false);
                holder.createStatement().execute("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE");
            }
        }

        void release() throws SQLException {
            holder.commit();
            holder.close();
        }
    }

    @Test
    void aSourceTableLockedMidSyncIsRetriedWithBackOffAndTheSyncCompletes() throws Exception {
        orders.withTiedRows(500);
        settings.put("tributary.retry.max-redeliveries", "40");
        settings.put("tributary.retry.initial-delay-ms", "50");
        settings.put("tributary.retry.max-delay-ms", "100");
        LockOnPage2 dba = new LockOnPage2(source);
        start(
                route().with("sourceUrl", source.url + "?options=-c%20lock_timeout=100")
                        .steps("- process: {ref: dba}"),
                c -> c.getRegistry().bind("dba", dba));

        SyncOutcome outcome;
        List<String> retries;
        try (LogCapture log = LogCapture.open()) {
            CompletableFuture<SyncOutcome> sync = tributary.syncInBackground(ID);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (log.linesContaining("retry 1/40").isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            dba.release();
            outcome = sync.get(60, TimeUnit.SECONDS);
            retries = log.linesContaining("retry ");
        }

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(orders.rows(), loaded());
        assertTrue(
                retries.get(0).contains("connector=erp-orders page 3 failed: ")
                        && retries.get(0).contains("55P03"),
                retries.get(0));
    }
}
