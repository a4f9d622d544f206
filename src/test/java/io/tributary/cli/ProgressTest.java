package io.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.metrics.ConnectorMetrics;
import io.tributary.metrics.SyncOutcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressTest {
    final ConnectorMetrics metrics =
            new ConnectorMetrics(new SimpleMeterRegistry(), Clock.systemUTC());
    final ByteArrayOutputStream terminal = new ByteArrayOutputStream();
    final Progress progress =
            new Progress(metrics, new PrintStream(terminal, true, StandardCharsets.UTF_8));

    @Test
    void nothingShowsWhileNoSyncRuns() {
        metrics.registered("inventory");
        assertEquals("", progress.line());
    }

    @Test
    void aRunningSyncShowsItsPagesRecordsAndRate() {
        metrics.pageFetched("inventory", 10_000, 500, Map.of());
        metrics.pageFetched("inventory", 10_000, 250, Map.of());
        String line = progress.line();
        assertTrue(line.matches("inventory: 2 pages, 750 records, \\d+ records/s"), line);
    }

    @Test
    void aFinishedSyncDisappearsAndTheNextStartsFromZero() {
        metrics.pageFetched("inventory", 10_000, 500, Map.of());
        SyncOutcome done =
                new SyncOutcome(
                        "inventory",
                        true,
                        Instant.now(),
                        Duration.ofSeconds(1),
                        1,
                        500,
                        500,
                        0,
                        null,
                        null);
        metrics.finished(done);
        progress.finished(done);
        assertEquals("", progress.line());
        metrics.pageFetched("inventory", 10_000, 100, Map.of());
        assertTrue(progress.line().startsWith("inventory: 1 pages, 100 records"), progress.line());
    }

    @Test
    void onATerminalTheLineIsRedrawnInPlace() {
        metrics.pageFetched("inventory", 10_000, 500, Map.of());
        progress.tick();
        String shown = terminal.toString(StandardCharsets.UTF_8);
        assertTrue(shown.startsWith("\rinventory: 1 pages, 500 records"), shown);
        assertTrue(!shown.contains("\n"), "no new line per update");
    }
}
