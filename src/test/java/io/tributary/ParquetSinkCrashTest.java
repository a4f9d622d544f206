package io.tributary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.sink.ParquetFiles;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.Database;
import io.tributary.support.PagedApi;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL in the middle of a sync into {@code kamelet:tributary-file-sink} with {@code format:
 * parquet} (a separate JVM, its pages held at page 6 of 10 while temporary files are being written,
 * some of them already rolled), then a normal run: no file of the killed sync was ever published,
 * its temporary files are gone, and the files hold every record exactly once. (Across the gap
 * between the renames and the cursor commit the files are at-least-once: {@code ParquetSinkTest}
 * shows that case.)
 */
class ParquetSinkCrashTest {
    static final int RECORDS = 1000;
    static final int HELD_PAGE = 6;
    static final String SCHEMA =
            Path.of("src/test/resources/parquet/orders.schema.yaml").toAbsolutePath().toString();

    @TempDir Path dir;

    @Test
    void aSyncKilledMidwayPublishesNothingAndTheRerunWritesEveryRecordOnce() throws Exception {
        Database db = Database.h2File(dir);
        Path lake = dir.resolve("lake");
        List<ObjectNode> records = new ArrayList<>();
        Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
        for (int i = 0; i < RECORDS; i++) {
            records.add(
                    PagedApi.JSON
                            .createObjectNode()
                            .put("id", String.format("o-%04d", i))
                            .put("country", i % 2 == 0 ? "DE" : "FR")
                            .put("amount", i + 0.25)
                            .put("updated_at", t0.plusSeconds(i).toString()));
        }
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (PagedApi api = PagedApi.serving(records).totalPages().build()) {
            api.addFilter(hold(held, release));
            Path route = route(api, lake);
            Process child = startChild(route, db);
            try {
                assertTrue(
                        held.await(60, TimeUnit.SECONDS) && child.isAlive(),
                        "the run never reached page "
                                + HELD_PAGE
                                + "; see target/parquet-crash-child.log");
                assertTrue(temporaryFiles(lake) > 0, "the killed sync was writing its files");
            } finally {
                child.destroyForcibly(); // SIGKILL
                child.waitFor(30, TimeUnit.SECONDS);
                release.countDown();
            }
            ParquetFiles files = new ParquetFiles(lake.resolve("orders"));
            assertEquals(List.of(), files.files().stream().filter(p -> !hidden(p)).toList());
            assertNull(db.cursor("orders"), "the cursor did not move");

            try (ConnectorHarness normal =
                    new ConnectorHarness(db).set("test.schedule", "direct:orders").start()) {
                normal.load(route.toString());
                assertTrue(normal.sync("orders").success());
            }
            assertEquals(
                    0, temporaryFiles(lake), "the next sync removed the killed one's temporaries");
            assertEquals(RECORDS, files.count());
            assertEquals(
                    String.valueOf(RECORDS),
                    files.query(
                                    "SELECT COUNT(DISTINCT id) AS n FROM read_parquet('"
                                            + lake.resolve("orders")
                                            + "/**/*.parquet')")
                            .get(0)
                            .get("n"));
            assertEquals(t0.plusSeconds(RECORDS - 1).toString(), db.cursor("orders"));
        }
    }

    /** Page {@value #HELD_PAGE}'s request waits until the test has killed the run. */
    static com.sun.net.httpserver.Filter hold(CountDownLatch held, CountDownLatch release) {
        return new com.sun.net.httpserver.Filter() {
            @Override
            public void doFilter(com.sun.net.httpserver.HttpExchange exchange, Chain chain)
                    throws IOException {
                String query = exchange.getRequestURI().getRawQuery();
                if (query != null && query.contains("page=" + HELD_PAGE + "&")
                        || query != null && query.endsWith("page=" + HELD_PAGE)) {
                    held.countDown();
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                chain.doFilter(exchange);
            }

            @Override
            public String description() {
                return "holds page " + HELD_PAGE;
            }
        };
    }

    static boolean hidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }

    static long temporaryFiles(Path lake) throws IOException {
        if (!Files.exists(lake)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(lake)) {
            return s.filter(p -> hidden(p) && p.toString().endsWith(".tmp")).count();
        }
    }

    Path route(PagedApi api, Path lake) throws IOException {
        Path route = dir.resolve("orders.camel.yaml");
        Files.writeString(
                route,
                String.join(
                        "\n",
                        "- route:",
                        "    id: orders",
                        "    from:",
                        "      uri: kamelet:tributary-http-source",
                        "      parameters:",
                        "        schedule: \"{{test.schedule}}\"",
                        "        url: \"" + api.baseUrl() + "/v1/orders\"",
                        "        recordsPath: /items",
                        "        pageSize: 100",
                        "        totalPagesPath: /total_pages",
                        "      steps:",
                        "        - to:",
                        "            uri: kamelet:tributary-file-sink",
                        "            parameters: {schema: \""
                                + SCHEMA
                                + "\", table: orders, format: parquet, directory: \""
                                + lake
                                + "\", partitionColumn: country, rollRows: 120}",
                        ""));
        return route;
    }

    Process startChild(Path route, Database db) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command =
                new ArrayList<>(
                        List.of(
                                java,
                                "-cp",
                                System.getProperty("java.class.path"),
                                Tributary.class.getName(),
                                "--tributary.demo.enabled=false",
                                "--camel.management.enabled=false",
                                "--test.schedule=timer:orders?repeatCount=1",
                                "--camel.main.routes-include-pattern=file:" + route));
        command.addAll(db.options());
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectErrorStream(true);
        pb.redirectOutput(new File("target/parquet-crash-child.log"));
        return pb.start();
    }
}
