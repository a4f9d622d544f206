package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.tributary.cli.TraceLevel;
import io.tributary.http.RequestTrace;
import io.tributary.metrics.ConnectorMetrics;
import io.tributary.metrics.SyncOutcome;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.Database;
import io.tributary.support.LogCapture;
import io.tributary.support.SalesforceBulkApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bulk source seen as the HTTP source is: {@code --trace} shows its create, polls, downloads
 * and delete (java.net.http, outside camel-http's chain) masked; its summary line names the cursor
 * the job asked from; its metrics count one request per answer and tag a refused session {@code
 * auth}. Against {@link SalesforceBulkApi} (Salesforce Bulk API 2.0 query jobs).
 */
class BulkSourceObservedTest {
    static final String ID = BulkSourceTest.ID;

    @TempDir Path dir;

    final Database db = Database.h2();
    SalesforceBulkApi api;
    ConnectorHarness tributary;
    final Map<String, String> parameters = new LinkedHashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        api = new SalesforceBulkApi().pollsBeforeDone(1);
        parameters.put("url", api.url());
        parameters.put("auth", "bearer");
        parameters.put("authSecret", SalesforceBulkApi.ACCESS_TOKEN);
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
    }

    @AfterEach
    void tearDown() throws Exception {
        if (tributary != null) {
            tributary.close();
        }
        api.close();
    }

    void start() throws Exception {
        tributary = new ConnectorHarness(db);
        tributary.start();
        Path file = dir.resolve(ID + ".camel.yaml");
        Files.writeString(file, BulkSourceTest.route("direct:" + ID, parameters));
        tributary.load(file.toString());
    }

    double counter(String name, String tag, String value) {
        Counter c =
                tributary
                        .context()
                        .getRegistry()
                        .lookupByNameAndType("tributaryMetrics", ConnectorMetrics.class)
                        .registry()
                        .find(name)
                        .tags("connector", ID, tag, value)
                        .counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void traceShowsTheJobsCreatePollDownloadAndDeleteWithTheSessionMasked() throws Exception {
        api.accounts(1500);
        start();

        List<String> trace;
        SyncOutcome outcome;
        try (LogCapture logs = LogCapture.open();
                TraceLevel on = TraceLevel.apply(true)) {
            outcome = tributary.sync(ID);
            trace = logs.linesContaining(RequestTrace.LOGGER);
        }

        assertTrue(outcome.success(), outcome.summary());
        String all = String.join("\n", trace);
        String jobs = api.url() + SalesforceBulkApi.JOBS;
        assertTrue(all.contains("> POST " + jobs + "\n"), all);
        assertTrue(all.contains("(body, "), "the creation's query shows: " + all);
        assertTrue(all.contains(">   Authorization: ****"), all);
        assertTrue(all.contains("< 200 POST " + jobs + " "), all);
        assertTrue(all.contains("> GET " + jobs + "/750R00000000000001\n"), all);
        assertTrue(
                all.matches(
                        "(?s).*< 200 GET "
                                + java.util.regex.Pattern.quote(jobs)
                                + "/750R00000000000001/results\\?maxRecords=1000 \\d+ ms \\d+ bytes.*"),
                "the download's line carries its size: " + all);
        assertTrue(all.contains("&locator="), "the second part's request: " + all);
        assertTrue(all.contains("> DELETE " + jobs + "/750R00000000000001"), all);
        assertFalse(all.contains(SalesforceBulkApi.ACCESS_TOKEN), all);
    }

    @Test
    void theSummaryLineNamesTheCursorTheJobAskedFrom() throws Exception {
        api.accounts(10);
        start();

        List<String> lines;
        try (LogCapture logs = LogCapture.open()) {
            assertTrue(tributary.sync(ID).success());
            lines = logs.linesContaining("sync connector=" + ID + " outcome=");
        }

        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("cursor_from=1970-01-01T00:00:00Z"), lines.get(0));
    }

    @Test
    void everyAnswerIsOneRequestInTheMetricsHoweverManyPagesItGives() throws Exception {
        api.accounts(2500); // three parts of at most 1000, in eight pages of 400
        start();

        SyncOutcome outcome = tributary.sync(ID);

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(8, outcome.pages());
        assertEquals(
                api.requests().size(),
                counter("tributary.http.requests", "status", "2xx"),
                "create, polls, three downloads, delete: " + api.requests());
    }

    @Test
    void theBytesOfEveryAnswerCountAsTheHttpSourcesDoBytesTheApiServed() throws Exception {
        api.accounts(2500); // three result parts, streamed in pages of 400

        start();
        SyncOutcome outcome = tributary.sync(ID);

        assertTrue(outcome.success(), outcome.summary());
        assertTrue(api.bytesServed() > 2500 * 50, "the parts were served: " + api.bytesServed());
        assertEquals(
                (double) api.bytesServed(),
                tributary
                        .context()
                        .getRegistry()
                        .lookupByNameAndType("tributaryMetrics", ConnectorMetrics.class)
                        .registry()
                        .find("tributary.sync.bytes")
                        .tags("connector", ID)
                        .counter()
                        .count(),
                "create, polls and the parts' bytes");
    }

    @Test
    void aSessionTheProviderRefusesIsAnAuthErrorNotTheNetworks() throws Exception {
        parameters.put("authSecret", "00Dxx!an-expired-session");
        api.accounts(10);
        start();

        List<String> lines;
        SyncOutcome outcome;
        try (LogCapture logs = LogCapture.open()) {
            outcome = tributary.sync(ID);
            lines = logs.linesContaining("sync connector=" + ID + " outcome=");
        }

        assertFalse(outcome.success());
        assertTrue(outcome.error().contains("HTTP 401"), outcome.error());
        assertEquals(1, counter("tributary.errors", "type", "auth"));
        assertEquals(0, counter("tributary.errors", "type", "network"));
        assertTrue(lines.get(0).contains("error_type=auth"), lines.get(0));
    }
}
