package io.tributary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.support.Database;
import io.tributary.support.IncrementalApi;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SIGKILL in the middle of a sync, in every write mode, and on a source whose pages are not
 * strictly ascending: the final table holds each source record exactly once. {@code append} cannot
 * absorb a re-read with a key, so it tells exactly-once from at-least-once; the ties of five
 * records at each instant make every page boundary re-read some.
 */
class CrashRecoveryWriteModesTest {
    static final Instant BASE =
            Instant.now().minus(20, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    static final int RECORDS = 3000;
    final IncrementalApi api = new IncrementalApi();
    Database db;

    @TempDir Path dir;

    @AfterEach
    void stop() {
        api.close();
    }

    @ParameterizedTest(name = "{0} on {1}, pages {2}")
    @CsvSource({
        "upsert,  postgresql, sorted",
        "append,  postgresql, sorted",
        "replace, postgresql, sorted",
        "upsert,  postgresql, updated-mid-sync",
        "append,  h2-file,    sorted",
        "replace, h2-file,    sorted",
        "upsert,  h2-file,    updated-mid-sync",
        "upsert,  duckdb,     sorted",
        "append,  duckdb,     sorted",
        "replace, duckdb,     sorted",
        "upsert,  duckdb,     updated-mid-sync",
    })
    void aSyncKilledTwiceEndsWithEachRecordExactlyOnce(String writeMode, String kind, String pages)
            throws Exception {
        db =
                kind.equals("postgresql")
                        ? Database.postgres()
                        : kind.equals("duckdb") ? Database.duckdb(dir) : Database.h2File(dir);
        for (int i = 0; i < RECORDS; i++) {
            api.put(
                    String.format("t%05d", i),
                    "v1",
                    BASE.plusSeconds(i / 5 * 60L).toString()); // ties of 5
        }
        Random random = new Random(11);
        AtomicInteger served = new AtomicInteger();
        api.beforeLoad(
                ids -> {
                    try {
                        Thread.sleep(60); // so the kill lands mid-sync
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    if (pages.equals("updated-mid-sync") && served.incrementAndGet() <= 40) {
                        // a search-index API: a record of the page changes between choosing the
                        // page and loading it
                        api.put(
                                ids.get(random.nextInt(ids.size())),
                                "v2-" + served.get(),
                                Instant.now().toString());
                    }
                });
        Path route = writeRoute(writeMode);

        for (int killAfter : new int[] {6, 9}) {
            Process child = startChild(route);
            try {
                awaitRequests(killAfter, child);
            } finally {
                child.destroyForcibly(); // SIGKILL
                child.waitFor(30, TimeUnit.SECONDS);
            }
            if (!writeMode.equals("replace")) {
                long rows = rows();
                assertTrue(rows > 0 && rows < RECORDS, "killed mid-sync with " + rows + " rows");
            }
        }
        assertEquals(Tributary.OK, new Tributary().run(options(route).toArray(String[]::new)));
        if (pages.equals("updated-mid-sync")) {
            assertEquals(
                    Tributary.OK,
                    new Tributary().run(options(route).toArray(String[]::new)),
                    "catch-up");
            for (String id : api.ids()) {
                assertEquals(
                        api.get(id).get("name").asText(),
                        db.single("SELECT name FROM items WHERE id = ?", id),
                        id);
            }
        }

        assertEquals(RECORDS, rows(), "every record once");
        assertEquals(RECORDS, db.count("SELECT COUNT(DISTINCT id) FROM items"));
        assertEquals(Tributary.OK, new Tributary().run(options(route).toArray(String[]::new)));
        assertEquals(RECORDS, rows(), "a rerun with nothing new adds nothing");
    }

    long rows() {
        return db.tableExists("items") ? db.count("SELECT COUNT(*) FROM items") : 0;
    }

    Path writeRoute(String writeMode) throws IOException {
        Path schema = Path.of("src/test/resources/paging/items.schema.yaml").toAbsolutePath();
        Path route = dir.resolve("items.camel.yaml");
        Files.writeString(
                route,
                String.join(
                        "\n",
                        "- templatedRoute:",
                        "    routeTemplateRef: http-to-jdbc",
                        "    parameters:",
                        "      - {name: connector, value: items}",
                        "      - {name: schedule, value: \"timer:items?period=3600000\"}",
                        "      - {name: url, value: \"" + api.url() + "\"}",
                        "      - {name: pageSizeParam, value: per_page}",
                        "      - {name: pageSize, value: \"100\"}",
                        "      - {name: recordsPath, value: /items}",
                        "      - {name: cursorParam, value: since}",
                        "      - {name: writeMode, value: " + writeMode + "}",
                        "      - {name: schema, value: \"" + schema + "\"}",
                        "      - {name: table, value: items}",
                        ""));
        return route;
    }

    List<String> options(Path route) {
        List<String> o =
                new ArrayList<>(
                        List.of(
                                "--once",
                                "--tributary.demo.enabled=false",
                                "--camel.main.routes-include-pattern=file:" + route));
        o.addAll(db.options());
        return o;
    }

    Process startChild(Path route) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command =
                new ArrayList<>(
                        List.of(
                                java,
                                "-cp",
                                System.getProperty("java.class.path"),
                                Tributary.class.getName()));
        command.addAll(options(route));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectErrorStream(true);
        pb.redirectOutput(new File("target/crash-write-modes-child.log"));
        return pb.start();
    }

    void awaitRequests(int n, Process child) throws InterruptedException {
        int start = api.requests().size();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new AssertionError(
                        "the run ended by itself (exit "
                                + child.exitValue()
                                + "); see target/crash-write-modes-child.log");
            }
            if (api.requests().size() - start >= n) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(
                "the run never asked for " + n + " pages; see target/crash-write-modes-child.log");
    }
}
