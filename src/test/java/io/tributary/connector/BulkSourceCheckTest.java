package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.Tributary;
import io.tributary.cli.CheckCommand;
import io.tributary.cli.Options;
import io.tributary.support.Database;
import io.tributary.support.SalesforceBulkApi;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check} on a bulk connector: its parameters and schema are checked as at start-up, but no
 * job is created (each costs an export at the provider, as {@code preview}'s does), and the line
 * says so instead of reporting a first page it never read. Against {@link SalesforceBulkApi}.
 */
class BulkSourceCheckTest {
    static final String ID = BulkSourceTest.ID;

    @TempDir Path dir;
    final Database db = Database.h2();
    SalesforceBulkApi api;

    @org.junit.jupiter.api.BeforeEach
    void setUp() throws Exception {
        api = new SalesforceBulkApi().accounts(10);
    }

    @AfterEach
    void tearDown() {
        api.close();
    }

    @Test
    void checkSaysItCreatesNoJobAndSendsNothing() throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("url", api.url());
        p.put("auth", "bearer");
        p.put("authSecret", SalesforceBulkApi.ACCESS_TOKEN);
        p.put("createPath", SalesforceBulkApi.JOBS);
        p.put("createBody", "{\"operation\":\"query\",\"query\":\"SELECT Id FROM Account\"}");
        p.put("statusPath", SalesforceBulkApi.JOBS + "/{jobId}");
        p.put("resultsPath", SalesforceBulkApi.JOBS + "/{jobId}/results");
        Path route = dir.resolve(ID + ".camel.yaml");
        Files.writeString(route, BulkSourceTest.route("timer:" + ID + "?period=600000", p));

        List<String> args = new ArrayList<>(List.of("check", "--tributary.demo.enabled=false"));
        args.add("--camel.main.routes-include-pattern=file:" + route);
        args.addAll(db.options());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit =
                new CheckCommand(
                                new PrintStream(bytes, true, StandardCharsets.UTF_8),
                                Tributary::new)
                        .run(Options.parse(args.toArray(String[]::new)));
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertEquals(Tributary.OK, exit, out);
        assertTrue(
                out.contains(
                        "ok   connector '"
                                + ID
                                + "': bulk source "
                                + api.url()
                                + "; not probed: a job costs an export at the provider"
                                + " (run 'tributary preview "
                                + ID
                                + "' to create one and read its first page)"),
                out);
        assertFalse(out.contains("first page:"), "no first page it never read: " + out);
        assertEquals(0, api.jobsCreated());
        assertEquals(List.of(), api.requests(), "nothing sent");
    }
}
