package io.tributary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.support.Database;
import io.tributary.support.LegacyOrders;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL in the middle of a database table's sync, then run again: the target holds exactly the
 * source's rows, in {@code append} (where a row read twice would show as a second row). The first
 * run is a child JVM, so it can really be killed; source and target are two PostgreSQL databases.
 */
class SqlSourceCrashTest {
    @TempDir Path dir;

    final Database source = Database.postgres();
    final Database target = Database.postgres();

    @Test
    void aSyncKilledMidwayAndRunAgainEndsWithEachSourceRowOnce() throws Exception {
        LegacyOrders orders = new LegacyOrders(source).withTiedRows(3000);
        Path route =
                new LegacyOrders.Route("erp-orders", source)
                        .schedule("timer:erp-orders?repeatCount=1")
                        .writeMode("append")
                        .steps(
                                "- delay:",
                                "    constant: 100") // slow pages: the kill lands mid-sync
                        .writeTo(dir);

        Process child = startChild(route);
        try {
            awaitRows(500, child);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no rollback courtesy
            child.waitFor(30, TimeUnit.SECONDS);
        }
        long afterKill = rows();
        assertTrue(
                afterKill >= 500 && afterKill < 3000,
                "killed mid-sync with " + afterKill + " rows");
        assertEquals(0, afterKill % 100, "whole pages only");
        assertNotNull(target.cursor("erp-orders"), "the committed pages stored their position");

        int exit =
                new Tributary()
                        .run(
                                "--once",
                                "--tributary.demo.enabled=false",
                                "--camel.main.routes-include-pattern=file:" + route,
                                "--tributary.db.url=" + target.url,
                                "--tributary.db.user=" + target.user,
                                "--tributary.db.password=" + target.password);

        assertEquals(Tributary.OK, exit);
        assertEquals(3000, rows());
        assertEquals(
                orders.rows(),
                LegacyOrders.rows(target, "erp_orders"),
                "each row once, as the source holds it");
    }

    Process startChild(Path route) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb =
                new ProcessBuilder(
                        List.of(
                                java,
                                "-cp",
                                System.getProperty("java.class.path"),
                                Tributary.class.getName(),
                                "--once",
                                "--tributary.demo.enabled=false",
                                "--camel.main.routes-include-pattern=file:" + route));
        pb.environment().put("TRIBUTARY_DB_URL", target.url);
        pb.environment().put("TRIBUTARY_DB_USER", target.user);
        pb.environment().put("TRIBUTARY_DB_PASSWORD", target.password);
        pb.redirectErrorStream(true);
        pb.redirectOutput(new File("target/sql-source-crash-child.log"));
        return pb.start();
    }

    /** Waits until the child has committed {@code n} rows. */
    void awaitRows(long n, Process child) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new AssertionError(
                        "the first run ended by itself (exit "
                                + child.exitValue()
                                + "); see target/sql-source-crash-child.log");
            }
            if (target.tableExists("erp_orders") && rows() >= n) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(
                "the first run never committed "
                        + n
                        + " rows; see target/sql-source-crash-child.log");
    }

    long rows() {
        return target.count("SELECT COUNT(*) FROM erp_orders");
    }
}
