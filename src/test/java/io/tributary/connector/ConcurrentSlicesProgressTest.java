package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.metrics.ConnectorMetrics;
import io.tributary.metrics.RunningSync;
import io.tributary.metrics.SyncOutcome;
import io.tributary.metrics.SyncOutcomes;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.Database;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The status page's running sync and the progress line of a child stream with {@code concurrency}
 * (on {@link ConcurrentSlicesTest}'s tracker API and child): while parents finish and others still
 * run, the trigger's pages and records only grow, and when its last parent is done nothing shows
 * running.
 */
class ConcurrentSlicesProgressTest {
    static final String CHILD = "all-issues";
    final ConcurrentSlicesTest tracker = new ConcurrentSlicesTest();

    @AfterEach
    void stop() throws Exception {
        tracker.stop();
    }

    /** What the status page and the progress line showed as one parent's outcome was told. */
    record Seen(SyncOutcome outcome, RunningSync running, long pages, long records, long live) {}

    @Test
    void aTriggersTotalsOnlyGrowWhileItsParentsFinishAndNothingRunsAfterItsLast() throws Exception {
        tracker.addProjects(20);
        ConnectorHarness tributary = tracker.tributary(Database.h2(), "template", Map.of());
        tributary.add(tracker.child(8));
        SyncOutcomes outcomes =
                tributary
                        .context()
                        .getRegistry()
                        .lookupByNameAndType("tributarySyncOutcomes", SyncOutcomes.class);
        ConnectorMetrics metrics = ConnectorMetrics.of(tributary.context());
        List<Seen> seen = new CopyOnWriteArrayList<>();
        outcomes.addListener(
                outcome -> {
                    if (outcome.connector().equals(CHILD)) {
                        // the progress first: a sample whose sync then shows ended is left out
                        long live =
                                metrics.live(CHILD).map(ConnectorMetrics.Live::pages).orElse(-1L);
                        RunningSync r = outcomes.running(CHILD).orElse(null);
                        seen.add(
                                new Seen(
                                        outcome,
                                        r,
                                        r == null ? -1 : r.pages(),
                                        r == null ? -1 : r.records(),
                                        live));
                    }
                });

        tributary.sync(CHILD);

        assertEquals(20, seen.size(), "one outcome a project");
        long total = seen.stream().mapToLong(s -> s.outcome().pages()).sum();
        assertTrue(seen.get(19).running() == null, "the last project's end ends the sync");
        long told = 0; // pages of the projects whose outcome was told so far: all finished
        Seen before = null;
        int showing = 0;
        for (Seen s : seen) {
            told += s.outcome().pages();
            if (s.running() == null) {
                continue;
            }
            showing++;
            assertTrue(
                    s.pages() >= told && s.pages() <= total,
                    "every finished project's pages count: " + s.pages() + " of " + told);
            assertTrue(s.live() >= told, "the progress line counts them too: " + s.live());
            if (before != null) {
                assertTrue(
                        s.pages() >= before.pages()
                                && s.records() >= before.records()
                                && s.live() >= before.live(),
                        "the totals went backwards: " + before + " then " + s);
            }
            before = s;
        }
        assertTrue(showing >= 10, "the sync showed running while projects ended: " + seen);
        assertTrue(outcomes.running(CHILD).isEmpty(), "nothing runs after the last project");
        assertTrue(metrics.live(CHILD).isEmpty(), "no progress line after the last project");
    }
}
