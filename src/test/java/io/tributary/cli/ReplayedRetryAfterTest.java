package io.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.Tributary;
import io.tributary.http.RecordedCall;
import io.tributary.support.LogCapture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary test} on a cassette whose recorded server answered 429 with {@code Retry-After:
 * 30} (as GitHub's secondary rate limit does, docs.github.com/en/rest/using-the-rest-api/
 * rate-limits-for-the-rest-api) before the page: the replay retries, and the cassette's next
 * interaction answers, without the recorded wait.
 */
class ReplayedRetryAfterTest {
    static final String URL = "https://api.example.com/v1/items";
    @TempDir Path dir;

    @Test
    void aRecorded429WithRetryAfterIsRetriedWithoutTheRecordedWait() throws Exception {
        Files.writeString(
                dir.resolve("items.camel.yaml"),
                String.join(
                        "\n",
                        "- templatedRoute:",
                        "    routeTemplateRef: http-to-jdbc",
                        "    parameters:",
                        "      - {name: connector, value: items}",
                        "      - {name: schedule, value: \"timer:items?period=60000\"}",
                        "      - {name: url, value: \"" + URL + "\"}",
                        "      - {name: pagination, value: none}",
                        "      - {name: recordsPath, value: /items}",
                        "      - {name: schema, value: src/test/resources/auth/items.schema.yaml}",
                        "      - {name: table, value: items}",
                        ""));
        Map<String, List<String>> json = Map.of("content-type", List.of("application/json"));
        Cassette.write(
                Cassette.beside(dir.resolve("items.camel.yaml").toString(), "items"),
                "items",
                List.of(
                        new RecordedCall(
                                "GET",
                                URL,
                                Map.of(),
                                "",
                                429,
                                Map.of(
                                        "content-type",
                                        List.of("application/json"),
                                        "retry-after",
                                        List.of("30")),
                                "{\"message\":\"You have exceeded a secondary rate limit\"}",
                                false),
                        new RecordedCall(
                                "GET",
                                URL,
                                Map.of(),
                                "",
                                200,
                                json,
                                "{\"items\":[{\"id\":\"i-1\",\"name\":\"One\","
                                        + "\"updated_at\":\"2026-11-01T00:00:00Z\"}]}",
                                false)));
        Files.writeString(dir.resolve("items.expect.yaml"), "outcome: success\nrows: 1\n");
        Options options =
                Options.parse(
                        "test",
                        "items",
                        "--camel.main.routes-include-pattern=file:" + dir + "/*.camel.yaml",
                        "--tributary.demo.enabled=false");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<Double> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        int exit;
        List<String> retries;
        try (LogCapture logs = LogCapture.open()) {
            exit =
                    new TestCommand(
                                    new PrintStream(bytes, true, StandardCharsets.UTF_8),
                                    () -> observing(asked))
                            .run(options);
            retries = logs.linesContaining("retry 1/");
        }

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(Tributary.OK, exit, out);
        assertTrue(out.startsWith("PASS items (1 row(s)"), out);
        assertEquals(1, retries.size(), "the 429 was retried once: " + retries);
        assertFalse(asked.isEmpty(), "the replay's wait was observed");
        // the redelivery delay RetryAfterDelay took from the answer (counted where it sets
        // Camel's CamelRedeliveryDelay): none, so only the back-off (initial-delay-ms) applied
        for (double ms : asked) {
            assertTrue(ms <= 1000, "a replay scheduled the recorded server's wait: " + ms + " ms");
        }
    }

    /**
     * Tributary's start, telling {@code asked} the longest server-asked wait of the replayed sync
     * ({@code tributary_rate_limit_wait_seconds}, 0 when none) before the command reads its result.
     */
    static Launch observing(List<Double> asked) {
        Launch real = new Tributary();
        return new Launch() {
            @Override
            public int start(Options options, Map<String, String> extra, Command work) {
                return real.start(
                        options,
                        extra,
                        context -> {
                            io.micrometer.core.instrument.Timer wait =
                                    io.tributary.metrics.ConnectorMetrics.of(context)
                                            .registry()
                                            .find("tributary.rate.limit.wait")
                                            .tags("connector", "items")
                                            .timer();
                            if (wait != null) {
                                asked.add(wait.max(java.util.concurrent.TimeUnit.MILLISECONDS));
                            }
                            return work.run(context);
                        });
            }

            @Override
            public String lastProblem() {
                return real.lastProblem();
            }

            @Override
            public io.tributary.connector.RouteFiles routeFiles() {
                return real.routeFiles();
            }
        };
    }
}
