package io.tributary;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * SIGKILL while a file is half-way through a file + CSV route into {@code
 * kamelet:tributary-jdbc-sink} (writeMode append, so a file loaded twice would show), then a normal
 * run: each file's lines are in exactly once. One page per file: the file killed mid-way is not in
 * at all, and is loaded whole.
 */
class FileSinkCrashTest {
    static final int FILES = 5;
    static final int LINES = 2000;
    static final Path SCHEMA =
            Path.of("src/test/resources/kamelet/orders.schema.yaml").toAbsolutePath();

    @TempDir Path dir;

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"postgresql", "h2-file"})
    void aFileKilledMidwayIsLoadedWholeOnceAndTheFilesBeforeItAreNotLoadedAgain(String kind)
            throws Exception {
        Database db = kind.equals("postgresql") ? Database.postgres() : Database.h2File(dir);
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Path started = Files.createDirectories(dir.resolve("started"));
        for (int f = 1; f <= FILES; f++) {
            StringBuilder csv = new StringBuilder("order_id,line,sku,quantity,price,ordered\n");
            for (int l = 1; l <= LINES; l++) {
                csv.append("F")
                        .append(f)
                        .append(',')
                        .append(l)
                        .append(",SKU-")
                        .append(l % 17)
                        .append(",1,2.50,2026-11-0")
                        .append(f)
                        .append('\n');
            }
            Files.writeString(inbox.resolve("orders-" + f + ".csv"), csv);
        }
        Path route = route(inbox, started);

        Process child = startChild(route, db);
        try {
            awaitFile(
                    started.resolve("orders-3.csv"),
                    child); // the third file is read, its page not yet written
        } finally {
            child.destroyForcibly(); // SIGKILL
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertEquals(
                2L * LINES, rows(db), "the two files before the kill are in, the third not at all");

        try (ConnectorHarness normal = new ConnectorHarness(db).set("test.delay", "0").start()) {
            normal.load(route.toString());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // counted through the running process's own pool: a second opener of the H2 file beside
            // it
            // in this JVM read a half-written chunk once ("Chunk 6 not found")
            javax.sql.DataSource pool =
                    normal.context()
                            .getRegistry()
                            .lookupByNameAndType("tributaryDataSource", javax.sql.DataSource.class);
            while (rows(pool) < (long) FILES * LINES && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            Thread.sleep(500); // one more poll: nothing further may arrive
            assertEquals(
                    2,
                    ((org.apache.camel.processor.idempotent.IdempotentConsumer)
                                    normal.context().getProcessor("seen"))
                            .getDuplicateMessageCount(),
                    "the files committed before the kill are skipped");
        }
        assertEquals((long) FILES * LINES, rows(db), "every line of every file once");
        assertEquals(
                (long) FILES * LINES,
                db.count("SELECT COUNT(*) FROM (SELECT DISTINCT order_id, line FROM orders) d"));
    }

    static long rows(javax.sql.DataSource pool) throws java.sql.SQLException {
        try (var c = pool.getConnection();
                var st = c.createStatement();
                var rs = st.executeQuery("SELECT COUNT(*) FROM orders")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static long rows(Database db) {
        return db.tableExists("orders") ? db.count("SELECT COUNT(*) FROM orders") : 0;
    }

    Path route(Path inbox, Path started) throws IOException {
        Path route = dir.resolve("orders-files.camel.yaml");
        Files.writeString(
                route,
                String.join(
                        "\n",
                        "- route:",
                        "    id: orders-files",
                        "    from:",
                        "      uri: \"file:" + inbox + "?noop=true&delay=100&sortBy=file:name\"",
                        "      steps:",
                        "        - idempotentConsumer:",
                        "            id: seen",
                        "            simple: \"${header.CamelFileName}:${header.CamelFileLength}:${header.CamelFileLastModified}\"",
                        "            idempotentRepository: \"#class:io.tributary.state.CommittedMessageRepository('orders-files')\"",
                        "            eager: false",
                        "            steps:",
                        "              - to: \"file:"
                                + started
                                + "\"", // tells the test which file is in progress
                        "              - unmarshal:",
                        "                  custom: {ref: tributaryCsv}",
                        "              - delay: {constant: \"{{test.delay}}\", asyncDelayed: false}", // a slow step: the kill lands before the page is written
                        "              - to:",
                        "                  uri: kamelet:tributary-jdbc-sink",
                        "                  parameters: {schema: \""
                                + SCHEMA
                                + "\", table: orders, writeMode: append}",
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
                                "--test.delay=3000",
                                "--camel.main.routes-include-pattern=file:" + route));
        command.addAll(db.options());
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectErrorStream(true);
        pb.redirectOutput(new File("target/file-sink-crash-child.log"));
        return pb.start();
    }

    static void awaitFile(Path file, Process child) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new AssertionError(
                        "the run ended by itself (exit "
                                + child.exitValue()
                                + "); see target/file-sink-crash-child.log");
            }
            if (Files.exists(file)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(
                "the run never reached "
                        + file.getFileName()
                        + "; see target/file-sink-crash-child.log");
    }
}
