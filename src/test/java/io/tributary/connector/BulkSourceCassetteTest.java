package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.Tributary;
import io.tributary.cli.Options;
import io.tributary.cli.RecordCommand;
import io.tributary.cli.TestCommand;
import io.tributary.support.SalesforceBulkApi;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary record} and {@code tributary test} on a bulk connector, whose calls go through
 * java.net.http rather than camel-http: the job's create, polls, parts and delete are recorded (the
 * session scrubbed) and replayed on loopback, sending nothing to {@link SalesforceBulkApi}
 * (Salesforce Bulk API 2.0 query jobs).
 */
class BulkSourceCassetteTest {
    static final String ID = BulkSourceTest.ID;

    @TempDir Path dir;
    SalesforceBulkApi api;

    @BeforeEach
    void setUp() throws Exception {
        api = new SalesforceBulkApi().accounts(1500).pollsBeforeDone(1);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("url", api.url());
        p.put("auth", "bearer");
        p.put("authSecret", "{{sf.session}}");
        p.put("createPath", SalesforceBulkApi.JOBS);
        p.put(
                "createBody",
                "{\"operation\":\"query\",\"query\":\"SELECT Id, Name, NumberOfEmployees, SystemModstamp"
                        + " FROM Account WHERE SystemModstamp > {cursor}\"}");
        p.put("statusPath", SalesforceBulkApi.JOBS + "/{jobId}");
        p.put("resultsPath", SalesforceBulkApi.JOBS + "/{jobId}/results");
        p.put("deletePath", SalesforceBulkApi.JOBS + "/{jobId}");
        p.put("maxRecords", "1000");
        p.put("recordsPerPage", "400");
        p.put("pollInterval", "PT0.01S");
        Files.writeString(
                dir.resolve(ID + ".camel.yaml"),
                BulkSourceTest.route("timer:" + ID + "?period=600000", p));
    }

    @AfterEach
    void tearDown() {
        api.close();
    }

    record Run(int exit, String out) {}

    Run tributary(String command) {
        Options options =
                Options.parse(
                        command,
                        ID,
                        "--camel.main.routes-include-pattern=file:" + dir + "/*.camel.yaml",
                        "--tributary.demo.enabled=false",
                        "--sf.session=" + SalesforceBulkApi.ACCESS_TOKEN);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int exit =
                command.equals("record")
                        ? new RecordCommand(out, Tributary::new).run(options)
                        : new TestCommand(out, Tributary::new).run(options);
        return new Run(exit, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aBulkJobIsRecordedWithoutItsSessionAndReplayedWithoutCallingTheProvider()
            throws Exception {
        Run recorded = tributary("record");

        assertEquals(Tributary.OK, recorded.exit(), recorded.out());
        String cassette = Files.readString(dir.resolve(ID + ".cassette.yaml"));
        assertTrue(
                cassette.contains(SalesforceBulkApi.JOBS + "/750R00000000000001/results"),
                cassette);
        assertTrue(cassette.contains("DELETE"), "the job's delete is recorded: " + cassette);
        assertTrue(cassette.contains(SalesforceBulkApi.id(1500)), "the last part's records");
        assertFalse(cassette.contains(SalesforceBulkApi.ACCESS_TOKEN), cassette);

        Files.writeString(
                dir.resolve(ID + ".expect.yaml"), "outcome: success\nrows: 1500\ndeadLetters: 0\n");
        int before = api.requests().size();
        Run replayed = tributary("test");

        assertEquals(Tributary.OK, replayed.exit(), replayed.out());
        assertTrue(replayed.out().startsWith("PASS " + ID + " (1500 row(s)"), replayed.out());
        assertEquals(before, api.requests().size(), "a replay sends nothing to the provider");
    }
}
