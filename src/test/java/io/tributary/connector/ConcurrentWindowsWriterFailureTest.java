package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.metrics.SyncOutcome;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Windows at once on the sinks that pipeline their writes (H2, PostgreSQL): a middle window's page
 * fails in the database itself (a CHECK constraint its rows break, as in {@link
 * WriterThreadFailureTest}), while the windows after it are read and committed. The cursor must
 * stay at the end of the windows before it, every one of whose pages is in: a checkpoint committed
 * while a page was still queued on a writer thread would leave the cursor past a page that never
 * went in. The loopback export of {@link ConcurrentWindowsTest} (Zendesk's incremental exports).
 */
class ConcurrentWindowsWriterFailureTest {
    final ConcurrentWindowsTest export = new ConcurrentWindowsTest();
    @TempDir Path dir;

    @AfterEach
    void stop() throws Exception {
        export.stop();
    }

    @ParameterizedTest(name = "{0} form on {1}")
    @CsvSource({"template, h2-file", "kamelet, h2-file", "template, postgresql"})
    void aWindowWhosePageTheDatabaseRefusesLeavesTheCursorAtTheWindowsBeforeIt(
            String form, String kind) throws Exception {
        Database db = kind.equals("h2-file") ? Database.h2File(dir) : Database.of(kind);
        ConnectorHarness tributary =
                export.tributary(db, form, Map.of("tributary.retry.max-redeliveries", "2"));
        tributary.add(export.events(4));
        Instant day5 = export.start.plus(Duration.ofDays(5));
        Instant day6 = day5.plus(Duration.ofDays(1));
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute(
                    "ALTER TABLE events ADD CONSTRAINT no_day_five CHECK (updated_at < TIMESTAMP"
                            + " WITH TIME ZONE '"
                            + sql(day5)
                            + "' OR updated_at >= TIMESTAMP WITH TIME ZONE '"
                            + sql(day6)
                            + "')");
        }

        SyncOutcome failed = tributary.sync("events");

        assertFalse(failed.success(), failed.summary());
        assertTrue(failed.error().contains("Writing to table 'events' failed"), failed.error());
        assertEquals(day5.toString(), db.cursor("events"), "the windows before day five only");
        assertEquals(
                ids(e -> e.isBefore(day5)),
                ConcurrentWindowsTest.idsIn(db).stream()
                        .filter(ids(e -> e.isBefore(day5))::contains)
                        .collect(Collectors.toSet()),
                "every page of the windows before the cursor is in");
        assertTrue(
                ConcurrentWindowsTest.idsIn(db).stream()
                        .noneMatch(ids(e -> !e.isBefore(day5) && e.isBefore(day6))::contains),
                "nothing of the refused window");

        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute("ALTER TABLE events DROP CONSTRAINT no_day_five");
        }
        SyncOutcome done = tributary.sync("events");

        assertTrue(done.success(), done.summary());
        assertEquals(export.expectedIds(), ConcurrentWindowsTest.idsIn(db), "every event once");
    }

    Set<String> ids(java.util.function.Predicate<Instant> when) {
        return export.events.stream()
                .filter(e -> when.test(Instant.parse(e.get("updated_at").asText())))
                .map(e -> e.get("id").asText())
                .collect(Collectors.toSet());
    }

    static String sql(Instant t) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssXXX")
                .format(t.atOffset(java.time.ZoneOffset.UTC));
    }
}
