package io.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.Tributary;
import io.tributary.support.Database;
import io.tributary.support.LogCapture;
import io.tributary.support.PagedApi;
import io.tributary.support.PagedApi.Reply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code preview} of the parent -> child example ({@code
 * examples/routes/tracker-projects-issues.camel.yaml}): a child stream is previewed for one parent
 * without its driver route, the driver is refused naming what can be previewed, and a preview whose
 * source never answers ends by itself. Every case is guarded by a timeout: preview used to hang
 * until killed.
 */
class PreviewChildStreamTest {
    static final Duration GUARD = Duration.ofSeconds(60);
    final Database db = Database.h2();
    PagedApi api;

    @AfterEach
    void stop() {
        api.close();
    }

    static Reply tracker(PagedApi.Request r) {
        if (r.path().equals("/api/projects")) {
            return Reply.json(
                    "{\"total_pages\":1,\"projects\":[{\"id\":\"P1\",\"name\":\"one\",\"updated_at\":\"2026-05-01T00:00:00Z\"}]}");
        }
        if (r.path().equals("/api/projects/P7/issues")) {
            return Reply.json(
                    "{\"issues\":[{\"id\":\"P7-1\",\"project\":\"P7\",\"title\":\"first\",\"updated_at\":\"2026-05-01T00:01:00Z\"},"
                            + "{\"id\":\"P7-2\",\"project\":\"P7\",\"title\":\"second\",\"updated_at\":\"2026-05-01T00:02:00Z\"}]}");
        }
        return Reply.status(404, "{}", Map.of());
    }

    record Run(int exit, String out) {}

    Run preview(String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(
                List.of(
                        "--tributary.demo.enabled=false",
                        "--camel.main.routes-include-pattern=file:examples/routes/tracker-projects-issues.camel.yaml",
                        "--tracker.base-url=" + api.baseUrl(),
                        "--tracker.token=Bearer tracker-secret-7",
                        "--tracker.schedule=timer:tracker?repeatCount=1"));
        args.addAll(db.options());
        Options options = Options.parse(args.toArray(String[]::new));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit =
                new Tributary()
                        .start(
                                options,
                                Map.of(),
                                new PreviewCommand(
                                        new PrintStream(bytes, true, StandardCharsets.UTF_8),
                                        options));
        return new Run(exit, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aChildStreamIsPreviewedForTheParentGivenWithoutItsDriver() {
        api = new PagedApi(PreviewChildStreamTest::tracker);

        Run r =
                assertTimeoutPreemptively(
                        GUARD, () -> preview("preview", "tracker-issues", "--parent", "P7"));

        assertEquals(Tributary.OK, r.exit(), r.out());
        assertTrue(
                r.out().lines().anyMatch(l -> l.startsWith("P7-1 ") && l.contains("first")),
                r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("P7-2 ")), r.out());
        assertTrue(
                r.out()
                        .contains(
                                "2 row(s) from 1 page(s) of tracker-issues for parent 'P7'; nothing written"),
                r.out());
        assertEquals(
                List.of("/api/projects/P7/issues"),
                api.requests().stream().map(PagedApi.Request::path).toList(),
                "the child alone: no driver, no parent sync");
        assertFalse(db.tableExists("tracker_issues"));
        assertEquals(null, db.cursor("tracker-issues/P7"));
    }

    @Test
    void aChildStreamWithoutParentAndTheDriverRouteAreRefusedNamingWhatToGive() {
        api = new PagedApi(PreviewChildStreamTest::tracker);
        try (LogCapture log = LogCapture.open()) {
            Run child =
                    assertTimeoutPreemptively(GUARD, () -> preview("preview", "tracker-issues"));
            Run driver = assertTimeoutPreemptively(GUARD, () -> preview("preview", "tracker"));

            assertEquals(Tributary.BAD_USAGE, child.exit());
            assertEquals(Tributary.BAD_USAGE, driver.exit());
            assertTrue(
                    log.all().contains("connector 'tracker-issues' is a child stream")
                            && log.all().contains("--parent ID"),
                    log.all());
            assertTrue(
                    log.all().contains("route 'tracker' is not a connector")
                            && log.all().contains("[tracker-issues, tracker-projects]"),
                    log.all());
            assertFalse(
                    log.all().contains(" at org.apache.camel"), "no stack trace:\n" + log.all());
        }
        assertEquals(0, api.requests().size());
    }

    @Test
    void aPreviewWhoseSourceNeverAnswersGivesUpAfterItsTimeout() {
        api =
                new PagedApi(
                        r -> {
                            Thread.sleep(120_000); // never answers within the preview's time
                            return tracker(r);
                        });
        long start = System.nanoTime();
        PrintStream stderr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Run r;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            r =
                    assertTimeoutPreemptively(
                            GUARD,
                            () ->
                                    preview(
                                            "preview",
                                            "tracker-projects",
                                            "--tributary.preview.timeout=PT2S"));
        } finally {
            System.setErr(stderr);
        }

        assertEquals(Tributary.SYNC_FAILED, r.exit(), r.out());
        assertTrue(
                err.toString(StandardCharsets.UTF_8)
                        .contains(
                                "preview of tracker-projects gave up: it did not finish within PT2S"
                                        + " (tributary.preview.timeout)"),
                err.toString(StandardCharsets.UTF_8));
        assertTrue(
                Duration.ofNanos(System.nanoTime() - start).toSeconds() < 30,
                "ended soon after the timeout");
    }
}
