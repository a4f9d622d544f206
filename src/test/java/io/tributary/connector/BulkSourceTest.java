package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.Tributary;
import io.tributary.metrics.SyncOutcome;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.Database;
import io.tributary.support.LogCapture;
import io.tributary.support.SalesforceBulkApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Salesforce Bulk API 2.0 query jobs through {@code tributary-bulk-source} into {@code
 * tributary-jdbc-sink}: a job created with the cursor in its SOQL, polled until {@code
 * JobComplete}, its CSV results read part by part ({@code Sforce-Locator}) in pages, the cursor
 * moved only when every part is committed. On H2 here; {@link BulkSourceOnPostgresTest} runs the
 * same on PostgreSQL.
 */
class BulkSourceTest {
    static final String ID = "salesforce-accounts";
    static final Path SCHEMA =
            Path.of("src/test/resources/bulk/accounts.schema.yaml").toAbsolutePath();

    @TempDir Path dir;

    Database db;
    SalesforceBulkApi api;
    ConnectorHarness tributary;
    final Map<String, String> parameters = new LinkedHashMap<>();
    final Map<String, String> settings = new LinkedHashMap<>();

    String kind() {
        return "h2";
    }

    @BeforeEach
    void setUp() throws Exception {
        db = Database.of(kind());
        api = new SalesforceBulkApi().pollsBeforeDone(2);
        parameters.put("url", api.url());
        parameters.put("auth", "bearer");
        parameters.put("authSecret", "00Dxx!sf-session-token");
        parameters.put("createPath", SalesforceBulkApi.JOBS);
        parameters.put(
                "createBody",
                "{\"operation\":\"query\",\"query\":\"SELECT Id, Name, NumberOfEmployees, SystemModstamp"
                        + " FROM Account WHERE SystemModstamp > {cursor}\"}");
        parameters.put("statusPath", SalesforceBulkApi.JOBS + "/{jobId}");
        parameters.put("resultsPath", SalesforceBulkApi.JOBS + "/{jobId}/results");
        parameters.put("deletePath", SalesforceBulkApi.JOBS + "/{jobId}");
        parameters.put("maxRecords", "1000");
        parameters.put("recordsPerPage", "400");
        parameters.put("pollInterval", "PT0.01S");
        parameters.put("pollMaxInterval", "PT0.05S");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (tributary != null) {
            tributary.close();
        }
        api.close();
    }

    /** The route file a user writes: the source's parameters, the sink's. */
    static String route(String schedule, Map<String, String> parameters) {
        return route(schedule, parameters, "");
    }

    /** The same with more of the sink's parameters ({@code ", writeMode: append"}). */
    static String route(String schedule, Map<String, String> parameters, String sink) {
        StringBuilder y = new StringBuilder();
        y.append("- route:\n    id: ").append(ID).append("\n    from:\n");
        y.append("      uri: kamelet:tributary-bulk-source\n      parameters:\n");
        y.append("        schedule: \"RAW{").append(schedule).append("}\"\n");
        parameters.forEach(
                (k, v) ->
                        y.append("        ")
                                .append(k)
                                .append(": '")
                                .append(v.replace("'", "''"))
                                .append("'\n"));
        y.append("      steps:\n        - to:\n            uri: kamelet:tributary-jdbc-sink\n");
        y.append("            parameters: {schema: \"")
                .append(SCHEMA)
                .append("\", table: sf_accounts")
                .append(sink)
                .append("}\n");
        return y.toString();
    }

    void start() throws Exception {
        tributary = new ConnectorHarness(db);
        settings.forEach(tributary::set);
        tributary.start();
        Path file = dir.resolve(ID + ".camel.yaml");
        Files.writeString(file, route("direct:" + ID, parameters));
        tributary.load(file.toString());
    }

    /** The table as {@code id|name|employees|modstamp}, by id. */
    static List<String> table(Database db) {
        List<String> rows = new ArrayList<>();
        try (var c = db.connect();
                var rs =
                        c.createStatement()
                                .executeQuery(
                                        "SELECT id, name, employees, modstamp FROM sf_accounts ORDER BY id")) {
            while (rs.next()) {
                rows.add(
                        rs.getString(1)
                                + "|"
                                + rs.getString(2)
                                + "|"
                                + rs.getInt(3)
                                + "|"
                                + rs.getObject(4, java.time.OffsetDateTime.class).toInstant());
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    static List<String> expected(SalesforceBulkApi api) {
        return api.all().stream()
                .map(a -> a.id() + "|" + a.name() + "|" + a.employees() + "|" + a.modstamp())
                .toList();
    }

    @Test
    void aJobsResultsLoadExactlyPartByPageAndTheJobIsDeleted() throws Exception {
        api.accounts(2500);
        start();

        SyncOutcome outcome = tributary.sync(ID);

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(expected(api), table(db), "every account once, as the API holds it");
        assertEquals(1, api.jobsCreated());
        assertEquals(
                3,
                api.count("GET " + SalesforceBulkApi.JOBS + "/750R00000000000001/results"),
                "three parts of at most 1000 records");
        assertEquals(8, outcome.pages(), "pages of 400: 3 + 3 + 2");
        assertEquals(2500, outcome.rowsWritten());
        assertEquals(0, api.jobsHeld(), "the job is deleted once loaded");
        assertTrue(
                api.queries().get(0).endsWith("SystemModstamp > 1970-01-01T00:00:00Z"),
                api.queries().get(0));
        assertEquals(
                SalesforceBulkApi.BASE.plusSeconds(2500).toString(),
                db.cursor(ID),
                "the highest SystemModstamp committed");
        assertNull(db.cursor(ID + "/job"), "no job kept");
    }

    @Test
    void aSecondRunCreatesAJobForOnlyTheAccountsChangedSince() throws Exception {
        api.accounts(1500);
        start();
        tributary.sync(ID);
        String cursor = db.cursor(ID);

        api.put(7, api.now());
        api.put(1501, api.now());
        SyncOutcome second = tributary.sync(ID);

        assertTrue(second.success(), second.summary());
        assertEquals(2, second.recordsRead(), "the changed account and the new one");
        assertTrue(
                api.queries().get(1).endsWith("SystemModstamp > " + cursor), api.queries().get(1));
        assertEquals(expected(api), table(db));
        assertEquals(2, api.jobsCreated());
    }

    @Test
    void aProviderWhoseClockLagsOursLosesNoRecordChangedJustAfterTheJobsSnapshot()
            throws Exception {
        // the provider's clock ten minutes behind this host's: its SystemModstamps, createdDates
        // and the snapshot its filter takes all read it
        api.clock(
                java.time.Clock.offset(
                        java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(-10)));
        Instant now = api.now();
        for (int i = 1; i <= 1500; i++) {
            api.put(i, now.minusSeconds(1500 - i));
        }
        parameters.put(
                "createBody",
                "{\"operation\":\"query\",\"query\":\"SELECT Id, Name, NumberOfEmployees, SystemModstamp"
                        + " FROM Account WHERE SystemModstamp >= {cursor}\"}");
        start();
        assertTrue(tributary.sync(ID).success());
        assertEquals(
                now.toString(),
                db.cursor(ID),
                "the cursor: the highest SystemModstamp committed, not this host's clock");

        api.put(1501, api.now()); // changed at the provider just after job 1's snapshot
        api.put(7, api.now());
        SyncOutcome second = tributary.sync(ID);

        assertTrue(second.success(), second.summary());
        assertTrue(api.queries().get(1).endsWith("SystemModstamp >= " + now), api.queries().get(1));
        assertEquals(expected(api), table(db), "job 2 fetched the accounts changed since");
        assertEquals(
                2, second.rowsWritten(), "account 1500, at the cursor, read again, not written");
        String cursor = db.cursor(ID);
        assertEquals(
                api.all().stream()
                        .map(SalesforceBulkApi.Account::modstamp)
                        .max(java.util.Comparator.naturalOrder())
                        .orElseThrow()
                        .toString(),
                cursor);

        SyncOutcome third = tributary.sync(ID); // what is at the cursor, already written
        assertTrue(third.success(), third.summary());
        assertEquals(0, third.rowsWritten(), "the records at the cursor are not written again");
        assertEquals(cursor, db.cursor(ID), "a job with nothing new leaves the cursor");
        assertEquals(expected(api), table(db));
    }

    @Test
    void aSchemaWithoutACursorFieldRefusesACursorInTheJobsBodyWithExit2() throws Exception {
        Path schema = dir.resolve("no-cursor.schema.yaml");
        Files.writeString(
                schema, Files.readString(SCHEMA).replaceAll("(?m)^cursorField: modstamp\\n", ""));

        String problem =
                refusedAtStartUp(
                        route("timer:" + ID + "?repeatCount=1", parameters)
                                .replace(SCHEMA.toString(), schema.toString()));

        assertTrue(
                problem.contains("connector '" + ID + "': parameter 'createBody' value '"),
                problem);
        assertTrue(problem.contains("declares no cursorField"), problem);
        assertEquals(0, api.jobsCreated(), "nothing ran");
    }

    @Test
    void aJobFailedAtTheProviderFailsTheRunWithItsMessageAndTheCursorStays() throws Exception {
        api.accounts(10).failNextJob();
        start();

        SyncOutcome failed = tributary.sync(ID);

        assertFalse(failed.success());
        assertTrue(
                failed.error()
                        .contains(
                                "job 750R00000000000001 Failed at the provider: INVALID_FIELD: No such column 'Revenue' on entity 'Account'"),
                failed.error());
        assertFalse(failed.error().contains("sf-session-token"));
        assertNull(db.cursor(ID), "the cursor did not move");
        assertFalse(
                db.tableExists("sf_accounts") && db.count("SELECT COUNT(*) FROM sf_accounts") > 0);

        SyncOutcome next = tributary.sync(ID);
        assertTrue(next.success(), next.summary());
        assertEquals(2, api.jobsCreated(), "the failed job is not polled again: a new one");
        assertEquals(expected(api), table(db));
    }

    @Test
    void pastMaxWaitTheRunFailsAndTheNextRunPollsTheSameJob() throws Exception {
        api.accounts(10).pollsBeforeDone(1_000_000);
        parameters.put("maxWait", "PT0.2S");
        start();

        SyncOutcome waited = tributary.sync(ID);

        assertFalse(waited.success());
        assertTrue(
                waited.error()
                        .contains(
                                "job 750R00000000000001 is still InProgress after maxWait PT0.2S"),
                waited.error());
        assertNull(db.cursor(ID));
        assertEquals("750R00000000000001", db.cursor(ID + "/job").split("\\|")[0], "the job kept");

        api.pollsBeforeDone(0);
        SyncOutcome resumed = tributary.sync(ID);
        assertTrue(resumed.success(), resumed.summary());
        assertEquals(1, api.jobsCreated(), "the same job, not a second one");
        assertEquals(expected(api), table(db));
    }

    @Test
    void everyCreatePollAndDownloadPaysTheBudget() throws Exception {
        api.accounts(2500).pollsBeforeDone(1);
        settings.put("tributary.ratelimit.salesforce.per-day", "4");
        settings.put("tributary.ratelimit.salesforce.max-wait", "PT0S");
        parameters.put("rateLimit", "salesforce");
        start();

        SyncOutcome outcome = tributary.sync(ID);

        assertFalse(outcome.success());
        assertTrue(outcome.error().contains("quota 'salesforce'"), outcome.error());
        assertEquals(
                List.of(
                        "POST " + SalesforceBulkApi.JOBS,
                        "GET " + SalesforceBulkApi.JOBS + "/750R00000000000001",
                        "GET " + SalesforceBulkApi.JOBS + "/750R00000000000001",
                        "GET "
                                + SalesforceBulkApi.JOBS
                                + "/750R00000000000001/results?maxRecords=1000"),
                api.requests(),
                "a create, two polls and one download: four of the day's four");
        assertEquals(
                1000, db.count("SELECT COUNT(*) FROM sf_accounts"), "the first part committed");
        assertNull(db.cursor(ID), "the cursor did not move");
    }

    @Test
    void aBadParameterStopsStartUpWithExit2NamingConnectorParameterAndValue() throws Exception {
        parameters.put("pollInterval", "5 seconds");

        String problem = refusedAtStartUp(route("timer:" + ID + "?repeatCount=1", parameters));

        assertTrue(
                problem.contains(
                        "connector '" + ID + "': parameter 'pollInterval' value '5 seconds'"),
                problem);
        assertEquals(0, api.jobsCreated(), "nothing ran");
    }

    /** Runs the route file once through {@code Tributary.run}: exit 2, and the problem it names. */
    String refusedAtStartUp(String routeFile) throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Files.writeString(routes.resolve(ID + ".camel.yaml"), routeFile);
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--once",
                                "--tributary.demo.enabled=false",
                                "--camel.main.routes-include-pattern=file:"
                                        + routes
                                        + "/*.camel.yaml"));
        args.addAll(db.options());
        try (LogCapture log = LogCapture.open()) {
            Tributary t = new Tributary();
            int exit = t.run(args.toArray(String[]::new));
            String problem = String.valueOf(t.lastProblem());
            assertEquals(Tributary.BAD_USAGE, exit, problem);
            return problem;
        }
    }
}
