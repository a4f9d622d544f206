package io.tributary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.support.ConnectorHarness;
import io.tributary.support.Database;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SIGKILL while the {@code tributary-file-source} is half-way through a file (pages of 1000 lines,
 * a slow step before the sink, writeMode append, so a line loaded twice would show), then a normal
 * run: the file resumes after its last committed page and every line of every file is in exactly
 * once.
 */
class FileSourceCrashTest {
    static final int FILES = 2;
    static final int LINES = 6000;
    static final Path SCHEMA =
            Path.of("src/test/resources/kamelet/orders.schema.yaml").toAbsolutePath();

    @TempDir Path dir;

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"postgresql", "h2-file"})
    void aFileKilledMidwayResumesAfterItsLastCommittedPageAndEveryLineIsInOnce(String kind)
            throws Exception {
        Database db = kind.equals("postgresql") ? Database.postgres() : Database.h2File(dir);
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        for (int f = 1; f <= FILES; f++) {
            Files.writeString(
                    inbox.resolve("orders-" + f + ".csv"),
                    io.tributary.support.OrderLines.csv("F" + f, LINES));
        }
        Path committed = Files.createDirectories(dir.resolve("committed"));
        Path route = route(inbox, committed);

        Process child = startChild(route, db);
        try {
            awaitMidFile(committed, "orders-2.csv:", child);
        } finally {
            child.destroyForcibly(); // SIGKILL
            child.waitFor(30, TimeUnit.SECONDS);
        }
        long before = rows(db);
        assertTrue(
                before > LINES && before < (long) FILES * LINES,
                "the kill landed in the second file: " + before + " rows");
        assertTrue(Files.exists(inbox.resolve("orders-2.csv")), "the file cut off is not moved");

        try (ConnectorHarness normal = new ConnectorHarness(db).set("test.delay", "0").start()) {
            normal.load(route.toString());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // counted through the running process's own pool (a second opener of an H2 file
            // beside it could read a half-written chunk)
            javax.sql.DataSource pool =
                    normal.context()
                            .getRegistry()
                            .lookupByNameAndType("tributaryDataSource", javax.sql.DataSource.class);
            while (Files.exists(inbox.resolve("orders-2.csv")) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(
                    (long) FILES * LINES, FileSinkCrashTest.rows(pool), "every line of every file");
        }
        assertEquals((long) FILES * LINES, rows(db), "every line once");
        assertEquals(
                (long) FILES * LINES,
                db.count("SELECT COUNT(*) FROM (SELECT DISTINCT order_id, line FROM orders) d"));
        assertTrue(Files.exists(inbox.resolve(".done/orders-2.csv")));
    }

    static long rows(Database db) {
        return db.tableExists("orders") ? db.count("SELECT COUNT(*) FROM orders") : 0;
    }

    Path route(Path inbox, Path committed) throws IOException {
        Path route = dir.resolve("orders-drop.camel.yaml");
        Files.writeString(
                route,
                String.join(
                        "\n",
                        "- route:",
                        "    id: orders-drop",
                        "    from:",
                        "      uri: kamelet:tributary-file-source",
                        "      parameters:",
                        "        directory: \"" + inbox + "\"",
                        "        format: csv",
                        "        recordsPerPage: 1000",
                        "        readLock: none",
                        "        delay: 100",
                        "      steps:",
                        // a slow step: the kill lands between two pages of a file
                        "        - delay: {constant: \"{{test.delay}}\", asyncDelayed: false}",
                        "        - to:",
                        "            uri: kamelet:tributary-jdbc-sink",
                        "            parameters: {schema: \""
                                + SCHEMA
                                + "\", table: orders, writeMode: append}",
                        // after the sink's commit: a marker per page, named by its message id
                        "        - setBody: {constant: \"\"}",
                        "        - to: \"file:"
                                + committed
                                + "?fileName=${exchangeProperty.tributary.messageId}\"",
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
                                "--test.delay=300",
                                "--camel.main.routes-include-pattern=file:" + route));
        command.addAll(db.options());
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectErrorStream(true);
        pb.redirectOutput(new File("target/file-source-crash-child.log"));
        return pb.start();
    }

    /** Until a page of the file but not its last is committed: the file is mid-way. */
    static void awaitMidFile(Path committed, String file, Process child)
            throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new AssertionError(
                        "the run ended by itself (exit "
                                + child.exitValue()
                                + "); see target/file-source-crash-child.log");
            }
            try (var pages = Files.list(committed)) {
                if (pages.map(p -> p.getFileName().toString())
                        .anyMatch(n -> n.startsWith(file) && n.contains("#"))) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError(
                "the run never got into " + file + "; see target/file-source-crash-child.log");
    }
}
