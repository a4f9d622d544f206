package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.metrics.SyncOutcome;
import io.tributary.support.SalesforceBulkApi;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bulk source's cursor ({@link BulkCursor}) on H2, whose sinks now pipeline their writes: the
 * tributary-jdbc-sink still writes each page before its ack, so a page the database refuses (a
 * CHECK constraint, as {@link WriterThreadFailureTest}) leaves the job's row at the highest value
 * of the pages before it, and the connector's cursor unmoved; the resumed job ends as an
 * uninterrupted one. The loopback Salesforce Bulk API 2.0 of {@link BulkSourceTest}.
 */
class BulkSourceWriterFailureTest {
    final BulkSourceTest bulk = new BulkSourceTest(); // its API, route and database, on H2
    @TempDir Path dir;

    @BeforeEach
    void setUp() throws Exception {
        bulk.dir = dir;
        bulk.setUp();
    }

    @AfterEach
    void tearDown() throws Exception {
        bulk.tearDown();
    }

    @Test
    void aPageTheDatabaseRefusesLeavesTheJobsRowAtThePagesBeforeIt() throws Exception {
        bulk.api.accounts(2500);
        bulk.settings.put("tributary.retry.max-redeliveries", "1");
        bulk.start();
        // the first part's three pages (400, 400, 200) go in; the second's first page breaks it
        Instant limit = SalesforceBulkApi.BASE.plusSeconds(1200);
        Instant last = SalesforceBulkApi.BASE.plusSeconds(1000);
        try (Connection c = bulk.db.connect();
                Statement s = c.createStatement()) {
            s.execute(
                    "ALTER TABLE sf_accounts ADD CONSTRAINT up_to_1200 CHECK (modstamp <="
                            + " TIMESTAMP WITH TIME ZONE '"
                            + ConcurrentWindowsWriterFailureTest.sql(limit)
                            + "')");
        }

        SyncOutcome failed = bulk.tributary.sync(BulkSourceTest.ID);

        assertFalse(failed.success(), failed.summary());
        assertEquals(1000, bulk.db.count("SELECT COUNT(*) FROM sf_accounts"));
        assertNull(
                bulk.db.cursor(BulkSourceTest.ID),
                "the connector's cursor waits for the whole job");
        assertEquals(
                last.toString(),
                bulk.db.single(
                        "SELECT cursor_text FROM tributary_cursors WHERE connector LIKE ?",
                        BulkSourceTest.ID + "/%"),
                "the job's row: the highest value committed");

        try (Connection c = bulk.db.connect();
                Statement s = c.createStatement()) {
            s.execute("ALTER TABLE sf_accounts DROP CONSTRAINT up_to_1200");
        }
        SyncOutcome done = bulk.tributary.sync(BulkSourceTest.ID);

        assertTrue(done.success(), done.summary());
        assertEquals(1, bulk.api.jobsCreated(), "the job resumed");
        assertEquals(BulkSourceTest.expected(bulk.api), BulkSourceTest.table(bulk.db));
        assertEquals(
                SalesforceBulkApi.BASE.plusSeconds(2500).toString(),
                bulk.db.cursor(BulkSourceTest.ID));
    }
}
