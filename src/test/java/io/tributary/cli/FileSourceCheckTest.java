package io.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.Tributary;
import io.tributary.support.Database;
import io.tributary.support.LogCapture;
import io.tributary.support.OrderLines;
import io.tributary.support.SftpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check} on a drop folder's connector ({@code tributary-file-source}): the folder listed
 * (locally, or over SFTP after one login), the files {@code include} matches counted, the first
 * one's first page read and compared with the schema; nothing moved, no table, no position.
 */
class FileSourceCheckTest {
    static final Path SCHEMA =
            Path.of("src/test/resources/kamelet/orders.schema.yaml").toAbsolutePath();
    static final String PASSWORD = "s3cret-Drop-pa55";

    @TempDir Path dir;
    final Database db = Database.h2();

    @Test
    void aGoodFolderIsListedAndItsFirstFilesFirstPageFillsEveryColumn() throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Files.writeString(inbox.resolve("orders-1.csv"), OrderLines.csv("A", 3));
        Files.writeString(inbox.resolve("orders-2.csv"), OrderLines.csv("B", 2));
        Files.writeString(inbox.resolve("notes.txt"), "not an export");

        Checked c = check(route(Map.of("directory", inbox.toString())));

        assertEquals(Tributary.OK, c.exit, c.out);
        assertTrue(
                c.out.contains(
                        "ok   connector 'partner-orders': source folder "
                                + inbox
                                + ", 2 file(s) matching include '.*\\.csv'"),
                c.out);
        assertTrue(
                c.out.contains(
                        "first page: 3 record(s) at file 'orders-1.csv'; every column found in them"),
                c.out);
        assertEquals(
                List.of("notes.txt", "orders-1.csv", "orders-2.csv"),
                names(inbox),
                "nothing moved");
        assertFalse(db.tableExists("orders"), "check loads nothing");
        assertEquals(null, db.cursor("partner-orders/orders-1.csv"), "no position stored");
    }

    @Test
    void aMissingFolderIsAProblemNamingIt() throws Exception {
        Path missing = dir.resolve("no-such-inbox");

        Checked c = check(route(Map.of("directory", missing.toString())));

        assertEquals(Tributary.SYNC_FAILED, c.exit, c.out);
        assertTrue(
                c.out.contains(
                        "connector 'partner-orders': parameter 'directory' value '"
                                + missing
                                + "': the folder does not exist"),
                c.out);
    }

    @Test
    void aCsvWhoseHeaderLacksARequiredColumnIsAProblemNamingTheColumn() throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Files.writeString(
                inbox.resolve("orders.csv"),
                "order_id,line,sku,qty,price,ordered\nA,1,SKU-1,2,9.99,2026-11-02\n");

        Checked c = check(route(Map.of("directory", inbox.toString())));

        assertEquals(Tributary.BAD_USAGE, c.exit, c.out);
        assertTrue(
                c.out.contains(
                        "column 'quantity' path '/quantity' matched none of the 1 records of the first page;"
                                + " the column is required"),
                c.out);
    }

    @Test
    void aBadParameterStopsTheFileWithExitTwoNamingFileConnectorParameterAndValue()
            throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Path route = route(Map.of("directory", inbox.toString(), "recordsPerPage", "lots"));

        Checked c = check(route);

        assertEquals(Tributary.BAD_USAGE, c.exit, c.out);
        assertTrue(
                c.out.contains(
                        route
                                + ": connector 'partner-orders': parameter 'recordsPerPage' value 'lots'"),
                c.out);
    }

    @Test
    void anSftpServerThatRefusesThePasswordIsAProblemThatNeverShowsIt() throws Exception {
        Path root = Files.createDirectories(dir.resolve("server"));
        Path drop = Files.createDirectories(root.resolve("drop"));
        Files.writeString(drop.resolve("orders.csv"), OrderLines.csv("S", 2));
        String wrong = "not-the-" + PASSWORD;
        try (SftpServer server = SftpServer.start(root, PASSWORD, null, dir);
                LogCapture log = LogCapture.open()) {
            Map<String, String> p = sftp(server);
            p.put("password", wrong);

            Checked c = check(route(p));

            assertEquals(Tributary.SYNC_FAILED, c.exit, c.out);
            assertTrue(
                    c.out.contains(
                            "connector 'partner-orders': parameter 'password': the SFTP server 127.0.0.1:"
                                    + server.port()
                                    + " refused the login of 'loader'"),
                    c.out);
            assertFalse(
                    c.out.contains(wrong) || log.all().contains(wrong),
                    "the password is in no output");
        }
        assertTrue(Files.exists(drop.resolve("orders.csv")), "nothing moved");
    }

    @Test
    void anSftpServerWhoseHostKeyKnownHostsDoesNotListIsAProblemAndGetsNoPassword()
            throws Exception {
        Path root = Files.createDirectories(dir.resolve("server"));
        Files.createDirectories(root.resolve("drop"));
        try (SftpServer server = SftpServer.start(root, PASSWORD, null, dir)) {
            Map<String, String> p = sftp(server);
            Path empty = Files.writeString(dir.resolve("empty_known_hosts"), "");
            p.put("knownHostsFile", empty.toString());
            p.put("password", PASSWORD);

            Checked c = check(route(p));

            assertEquals(Tributary.SYNC_FAILED, c.exit, c.out);
            assertTrue(
                    c.out.contains(
                            "connector 'partner-orders': parameter 'knownHostsFile' value '"
                                    + empty
                                    + "': the SFTP server 127.0.0.1:"
                                    + server.port()
                                    + "'s host key is not in it"),
                    c.out);
            assertEquals(0, server.logins.get(), "no password offered to an unknown server");
            assertFalse(c.out.contains(PASSWORD), "the password is in no output");
        }
    }

    @Test
    void anSftpDropIsListedAndReadWithTheRightPassword() throws Exception {
        Path root = Files.createDirectories(dir.resolve("server"));
        Path drop = Files.createDirectories(root.resolve("drop"));
        Files.writeString(drop.resolve("orders.csv"), OrderLines.csv("S", 2));
        try (SftpServer server = SftpServer.start(root, PASSWORD, null, dir)) {
            Map<String, String> p = sftp(server);
            p.put("password", PASSWORD);

            Checked c = check(route(p));

            assertEquals(Tributary.OK, c.exit, c.out);
            assertTrue(
                    c.out.contains(
                            "source SFTP 127.0.0.1:"
                                    + server.port()
                                    + " as loader, folder drop, 1 file(s)"),
                    c.out);
            assertTrue(c.out.contains("first page: 2 record(s) at file 'orders.csv'"), c.out);
            assertFalse(c.out.contains(PASSWORD), "the password is in no output");
        }
        assertTrue(Files.exists(drop.resolve("orders.csv")), "nothing moved");
    }

    Map<String, String> sftp(SftpServer server) throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("host", "127.0.0.1");
        p.put("port", String.valueOf(server.port()));
        p.put("username", SftpServer.USER);
        p.put("knownHostsFile", server.knownHosts(dir.resolve("known_hosts")).toString());
        p.put("directory", "drop");
        return p;
    }

    record Checked(int exit, String out) {}

    Checked check(Path route) {
        List<String> args = new ArrayList<>(List.of("check"));
        args.add("--tributary.demo.enabled=false");
        args.add("--camel.main.routes-include-pattern=file:" + route);
        args.addAll(db.options());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit =
                new CheckCommand(
                                new PrintStream(bytes, true, StandardCharsets.UTF_8),
                                Tributary::new)
                        .run(Options.parse(args.toArray(String[]::new)));
        return new Checked(exit, bytes.toString(StandardCharsets.UTF_8));
    }

    /** The route file as a user writes it: CSV files of the folder to an upsert sink. */
    Path route(Map<String, String> source) throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("include", ".*\\.csv");
        p.put("format", "csv");
        p.put("readLock", "none");
        p.putAll(source);
        List<String> lines = new ArrayList<>();
        lines.add("- route:");
        lines.add("    id: partner-orders");
        lines.add("    from:");
        lines.add("      uri: kamelet:tributary-file-source");
        lines.add("      parameters:");
        p.forEach(
                (k, v) ->
                        lines.add(
                                "        "
                                        + k
                                        + ": "
                                        + io.tributary.schema.SourceJson.mapper().valueToTree(v)));
        lines.add("      steps:");
        lines.add("        - to:");
        lines.add("            uri: kamelet:tributary-jdbc-sink");
        lines.add("            parameters: {schema: \"" + SCHEMA + "\", table: orders}");
        Path route = dir.resolve("partner-orders.camel.yaml");
        Files.writeString(route, String.join("\n", lines) + "\n");
        return route;
    }

    static List<String> names(Path folder) throws Exception {
        try (var files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
