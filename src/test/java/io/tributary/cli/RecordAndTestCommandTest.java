package io.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.Tributary;
import io.tributary.support.AuthServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary record} and {@code tributary test} on two connectors of {@link AuthServer}'s
 * protected items API: one behind OAuth2 client credentials sent as form fields (its token endpoint
 * is recorded too), one with an api key in the query.
 */
class RecordAndTestCommandTest {
    static final String KEY = "key-5Rt-91zQ-query";
    final AuthServer api = new AuthServer();
    @TempDir Path dir;

    @BeforeEach
    void routes() throws Exception {
        api.items = 5;
        api.guard = AuthServer.bearerIssuedBy(api).or(r -> KEY.equals(r.query().get("api_key")));
        Files.writeString(
                dir.resolve("items.camel.yaml"),
                route(
                        "items",
                        "{name: auth, value: oauth2-client-credentials}",
                        "{name: authTokenUrl, value: \"" + api.tokenUrl() + "\"}",
                        "{name: authClientId, value: " + api.clientId + "}",
                        "{name: authClientSecret, value: \"" + api.clientSecret + "\"}",
                        "{name: authClientAuth, value: form}")); // the secret in the body
        Files.writeString(
                dir.resolve("keyed.camel.yaml"),
                route(
                        "keyed",
                        "{name: auth, value: api-key-query}",
                        "{name: authName, value: api_key}",
                        "{name: authSecret, value: \"{{keyed.api-key}}\"}"));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    String route(String connector, String... auth) {
        List<String> lines =
                new ArrayList<>(
                        List.of(
                                "- templatedRoute:",
                                "    routeTemplateRef: http-to-jdbc",
                                "    parameters:",
                                "      - {name: connector, value: " + connector + "}",
                                "      - {name: schedule, value: \"timer:"
                                        + connector
                                        + "?period=60000\"}",
                                "      - {name: url, value: \"" + api.itemsUrl() + "\"}",
                                "      - {name: pageSize, value: 2}",
                                "      - {name: totalPagesPath, value: /total_pages}",
                                "      - {name: recordsPath, value: /items}",
                                "      - {name: schema, value: src/test/resources/auth/items.schema.yaml}",
                                "      - {name: table, value: " + connector + "}"));
        for (String a : auth) {
            lines.add("      - " + a);
        }
        return String.join("\n", lines) + "\n";
    }

    record Run(int exit, String out) {}

    Run tributary(String command, String... names) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of(names));
        args.addAll(
                List.of(
                        "--camel.main.routes-include-pattern=file:" + dir + "/*.camel.yaml",
                        "--tributary.demo.enabled=false",
                        "--keyed.api-key=" + KEY));
        Options options = Options.parse(args.toArray(String[]::new));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int exit =
                command.equals("record")
                        ? new RecordCommand(out, Tributary::new).run(options)
                        : new TestCommand(out, Tributary::new).run(options);
        return new Run(exit, bytes.toString(StandardCharsets.UTF_8));
    }

    Path cassette(String connector) {
        return dir.resolve(connector + ".cassette.yaml");
    }

    void expect(String connector, String yaml) throws Exception {
        Files.writeString(dir.resolve(connector + ".expect.yaml"), yaml);
    }

    @Test
    void aRecordingHoldsTheSyncsCallsButNoSecretOfTheSettingsAndNoIssuedToken() throws Exception {
        Run items = tributary("record", "items");
        Run keyed = tributary("record", "keyed");

        assertEquals(Tributary.OK, items.exit(), items.out());
        assertEquals(Tributary.OK, keyed.exit(), keyed.out());
        String both = Files.readString(cassette("items")) + Files.readString(cassette("keyed"));
        assertFalse(api.issuedSecrets.isEmpty(), "the token endpoint issued tokens");
        List<String> secrets = new ArrayList<>(api.secrets());
        secrets.add(KEY);
        for (String secret : secrets) {
            assertFalse(both.contains(secret), "a secret is in the cassette: " + secret);
        }
        String recorded = Files.readString(cassette("items"));
        assertTrue(recorded.contains("/oauth/token"), "the token endpoint's call is recorded");
        assertTrue(recorded.contains("grant_type=client_credentials"), recorded);
        assertTrue(recorded.contains("client_secret=<scrubbed>"), recorded);
        assertTrue(recorded.contains("item-00004"), "the last page's records are recorded");
        assertTrue(Files.readString(cassette("keyed")).contains("api_key=%3Cscrubbed%3E"), both);
    }

    @Test
    void testPassesOnTheRecordingWithoutCallingTheApi() throws Exception {
        assertEquals(Tributary.OK, tributary("record", "items").exit());
        expect(
                "items",
                "outcome: success\nrows: 5\nincludes:\n  - {id: item-00002, name: Item 2}\n"
                        + "deadLetters: 0\n");
        int before = api.requests.size();

        Run r = tributary("test", "items");

        assertEquals(Tributary.OK, r.exit(), r.out());
        assertTrue(r.out().startsWith("PASS items (5 row(s)"), r.out());
        assertEquals(before, api.requests.size(), "a replay sends nothing to the API");
    }

    @Test
    void theCursorAfterTheReplayedSyncIsChecked() throws Exception {
        Files.writeString(
                dir.resolve("changes.schema.yaml"),
                Files.readString(Path.of("src/test/resources/auth/items.schema.yaml"))
                        + "cursorField: updated_at\n");
        Files.writeString(
                dir.resolve("changes.camel.yaml"),
                route(
                                "changes",
                                "{name: auth, value: api-key-query}",
                                "{name: authName, value: api_key}",
                                "{name: authSecret, value: \"{{keyed.api-key}}\"}",
                                "{name: cursorParam, value: since}")
                        .replace(
                                "src/test/resources/auth/items.schema.yaml",
                                dir + "/changes.schema.yaml"));
        assertEquals(Tributary.OK, tributary("record", "changes").exit());
        expect("changes", "cursor: \"2026-11-01T00:04:00Z\"\n");
        Run pass = tributary("test", "changes");
        expect("changes", "cursor: \"2026-11-01T00:03:00Z\"\n");
        Run fail = tributary("test", "changes");

        assertEquals(Tributary.OK, pass.exit(), pass.out());
        assertEquals(Tributary.SYNC_FAILED, fail.exit(), fail.out());
        assertTrue(fail.out().contains("expected 2026-11-01T00:03:00Z"), fail.out());
    }

    @Test
    void changedExpectationsFailNamingEachDifference() throws Exception {
        assertEquals(Tributary.OK, tributary("record", "items").exit());
        expect("items", "rows: 6\nincludes:\n  - {id: item-00002, name: Item Two}\n");

        Run r = tributary("test");

        assertEquals(Tributary.SYNC_FAILED, r.exit(), r.out());
        assertTrue(r.out().contains("FAIL items: rows 5, expected 6"), r.out());
        assertTrue(
                r.out().contains("row id=item-00002: name is 'Item 2', expected 'Item Two'"),
                r.out());
    }

    @Test
    void aRequestTheCassetteDoesNotHoldFailsTheTestNamingIt() throws Exception {
        assertEquals(Tributary.OK, tributary("record", "keyed").exit());
        String recorded = Files.readString(cassette("keyed"));
        // forget the last page: the replay asks for it and the cassette has no answer
        int last = recorded.lastIndexOf("- request:");
        Files.writeString(
                cassette("keyed"),
                recorded.substring(0, last)
                        + recorded.substring(recorded.indexOf("version:", last)));

        Run r = tributary("test", "keyed");

        assertEquals(Tributary.SYNC_FAILED, r.exit(), r.out());
        assertTrue(
                r.out().contains("FAIL keyed: request not in the cassette: GET /v1/items?"),
                r.out());
        assertTrue(r.out().contains("page=3"), r.out());
        assertFalse(r.out().contains(KEY), "the key sent is scrubbed from the line: " + r.out());
    }

    @Test
    void anUnknownKeyInTheExpectationsIsBadInputNamingFileAndKey() throws Exception {
        assertEquals(Tributary.OK, tributary("record", "items").exit());
        expect("items", "rowz: 5\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        Run r;
        try {
            r = tributary("test", "items");
        } finally {
            System.setErr(old);
        }

        assertEquals(Tributary.BAD_USAGE, r.exit(), r.out());
        String said = err.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("items.expect.yaml: unknown key 'rowz'"), said);
    }

    @Test
    void aConnectorWithoutCassetteIsBadInput() {
        assertEquals(Tributary.BAD_USAGE, tributary("test", "items").exit());
    }
}
