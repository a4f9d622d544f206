package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.Tributary;
import io.tributary.metrics.SyncOutcome;
import io.tributary.metrics.SyncOutcomes;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.Database;
import io.tributary.support.SalesforceBulkApi;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SIGKILL of a child JVM running a Salesforce Bulk 2.0 job ({@code writeMode: append}, so a page
 * loaded twice would show), while it polls and while it downloads the results; then a normal
 * process on the same database: it resumes the SAME job (the server saw one create), after its last
 * committed page, and the table holds every account exactly once.
 */
class BulkSourceCrashTest {
    static final String ID = BulkSourceTest.ID;
    static final int ACCOUNTS = 6000;

    @TempDir Path dir;
    SalesforceBulkApi api;

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"postgresql", "h2-file"})
    void killedWhilePollingTheRestartPollsTheSameJobAndLoadsItOnce(String kind) throws Exception {
        Database db = kind.equals("postgresql") ? Database.postgres() : Database.h2File(dir);
        api = new SalesforceBulkApi().accounts(ACCOUNTS).pollsBeforeDone(1_000_000);
        Path route = route();

        killWhen(route, db, () -> api.count("GET " + SalesforceBulkApi.JOBS + "/750R") >= 3);
        assertEquals(1, api.jobsCreated());

        api.pollsBeforeDone(0);
        restart(route, db);
        assertEquals(1, api.jobsCreated(), "the kept job was polled again, not a new one created");
        assertEquals(BulkSourceTest.expected(api), BulkSourceTest.table(db), "every account once");
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"postgresql", "h2-file"})
    void killedWhileDownloadingTheRestartResumesAfterTheLastCommittedPage(String kind)
            throws Exception {
        Database db = kind.equals("postgresql") ? Database.postgres() : Database.h2File(dir);
        api = new SalesforceBulkApi().accounts(ACCOUNTS).pollsBeforeDone(1).partDelay(300);
        // the highest SystemModstamp in the first page, committed before the kill
        Instant highest = SalesforceBulkApi.BASE.plusSeconds(ACCOUNTS + 100);
        api.put(1, highest);
        Path route = route();

        killWhen(
                route,
                db,
                () ->
                        api.count("GET " + SalesforceBulkApi.JOBS + "/750R00000000000001/results")
                                >= 3);
        long before =
                db.tableExists("sf_accounts") ? db.count("SELECT COUNT(*) FROM sf_accounts") : 0;
        assertTrue(
                before > 0 && before < ACCOUNTS,
                "the kill landed mid-download: " + before + " rows");

        api.partDelay(0);
        restart(route, db);
        assertEquals(1, api.jobsCreated(), "the same job's results, not a new job");
        assertEquals(
                ACCOUNTS, db.count("SELECT COUNT(*) FROM sf_accounts"), "no page twice (append)");
        assertEquals(BulkSourceTest.expected(api), BulkSourceTest.table(db), "every account once");
        assertEquals(
                highest.toString(),
                db.cursor(ID),
                "the cursor as an uninterrupted run's: the highest value, also of pages committed before the kill");
    }

    Path route() throws IOException {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("url", api.url());
        p.put("auth", "bearer");
        p.put("authSecret", "00Dxx!sf-session-token");
        p.put("createPath", SalesforceBulkApi.JOBS);
        p.put(
                "createBody",
                "{\"operation\":\"query\",\"query\":\"SELECT Id, Name, NumberOfEmployees, SystemModstamp"
                        + " FROM Account WHERE SystemModstamp > {cursor}\"}");
        p.put("statusPath", SalesforceBulkApi.JOBS + "/{jobId}");
        p.put("resultsPath", SalesforceBulkApi.JOBS + "/{jobId}/results");
        p.put("maxRecords", "1000");
        p.put("recordsPerPage", "250");
        p.put("pollInterval", "PT0.05S");
        p.put("pollMaxInterval", "PT0.1S");
        Path route = dir.resolve(ID + ".camel.yaml");
        Files.writeString(
                route,
                BulkSourceTest.route(
                        "timer:" + ID + "?repeatCount=1&delay=100", p, ", writeMode: append"));
        return route;
    }

    /** Runs the route in a child JVM and SIGKILLs it once {@code when} holds. */
    void killWhen(Path route, Database db, BooleanSupplier when) throws Exception {
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
                                "--camel.main.routes-include-pattern=file:" + route));
        command.addAll(db.options());
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectErrorStream(true);
        pb.redirectOutput(new File("target/bulk-source-crash-child.log"));
        Process child = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!when.getAsBoolean()) {
                if (!child.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "the child never got there; see target/bulk-source-crash-child.log");
                }
                Thread.sleep(10);
            }
        } finally {
            child.destroyForcibly(); // SIGKILL
            child.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** A normal process on the same database: its timer runs the connector once. */
    static void restart(Path route, Database db) throws Exception {
        try (ConnectorHarness normal = new ConnectorHarness(db).start()) {
            normal.load(route.toString());
            SyncOutcomes outcomes =
                    normal.context()
                            .getRegistry()
                            .lookupByNameAndType("tributarySyncOutcomes", SyncOutcomes.class);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (outcomes.latest(ID).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            SyncOutcome outcome = outcomes.latest(ID).orElseThrow();
            assertTrue(outcome.success(), outcome.summary());
        }
    }
}
