package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.metrics.SyncOutcome;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.Database;
import io.tributary.support.LogCapture;
import io.tributary.support.RsaKeys;
import io.tributary.support.SftpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code tributary-file-source} Kamelet on an SFTP drop: a real SFTP server (Apache MINA SSHD)
 * in the test JVM on 127.0.0.1, reached with a password or a key, and only when its host key is the
 * one {@code knownHostsFile} lists ({@code strictHostKeyChecking: yes}, the default).
 */
class FileSourceSftpTest {
    static final String PASSWORD = "s3cret-Drop-pa55";

    @TempDir Path dir;

    @Test
    void filesDroppedOnAnSftpServerLoadOnceWithAPasswordAndMoveToDone() throws Exception {
        Database db = Database.postgres();
        Path root = Files.createDirectories(dir.resolve("server"));
        Path drop = Files.createDirectories(root.resolve("drop"));
        Files.writeString(drop.resolve("orders-1.csv"), FileSourceTest.orders("S1", 2500));
        Files.writeString(drop.resolve("orders-2.csv"), FileSourceTest.orders("S2", 2500));
        try (SftpServer server = SftpServer.start(root, PASSWORD, null, dir);
                LogCapture log = LogCapture.open()) {
            Map<String, String> login = new LinkedHashMap<>();
            login.put("password", "{{drop.password}}");
            login.put("knownHostsFile", server.knownHosts(dir.resolve("known_hosts")).toString());
            Path route = route(server, login);
            FileSourceTest.Runs runs = new FileSourceTest.Runs("partner-orders");
            try (ConnectorHarness h =
                    new ConnectorHarness(db).set("drop.password", PASSWORD).start(runs::attach)) {
                h.load(route.toString());
                for (SyncOutcome file : runs.await(2)) {
                    assertTrue(file.success(), file.summary());
                    assertEquals(2500, file.rowsWritten(), file.summary());
                    assertEquals(3, file.pages(), file.summary());
                }
                awaitGone(drop.resolve("orders-2.csv"));
            }
            assertFalse(log.all().contains(PASSWORD), "the password is in no log line");
        }
        assertEquals(5000, db.count("SELECT COUNT(*) FROM orders"));
        assertTrue(Files.exists(drop.resolve(".done/orders-1.csv")));
        assertTrue(Files.exists(drop.resolve(".done/orders-2.csv")));
    }

    @Test
    void aKeyLoginLoadsTheDropToo() throws Exception {
        Database db = Database.h2();
        Path root = Files.createDirectories(dir.resolve("server"));
        Path drop = Files.createDirectories(root.resolve("drop"));
        Files.writeString(drop.resolve("orders.csv"), FileSourceTest.orders("K", 1500));
        try (SftpServer server = SftpServer.start(root, null, RsaKeys.publicKey(), dir)) {
            Map<String, String> login = new LinkedHashMap<>();
            login.put("privateKeyFile", RsaKeys.pkcs1(dir).toString());
            login.put("knownHostsFile", server.knownHosts(dir.resolve("known_hosts")).toString());
            FileSourceTest.Runs runs = new FileSourceTest.Runs("partner-orders");
            try (ConnectorHarness h = new ConnectorHarness(db).start(runs::attach)) {
                h.load(route(server, login).toString());
                SyncOutcome file = runs.await(1).get(0);
                assertTrue(file.success(), file.summary());
                assertEquals(1500, file.rowsWritten());
            }
        }
        assertEquals(1500, db.count("SELECT COUNT(*) FROM orders"));
    }

    @Test
    void aServerWhoseHostKeyKnownHostsDoesNotListIsNeverLoggedInto() throws Exception {
        Database db = Database.h2();
        Path root = Files.createDirectories(dir.resolve("server"));
        Path drop = Files.createDirectories(root.resolve("drop"));
        Files.writeString(drop.resolve("orders.csv"), FileSourceTest.orders("M", 10));
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        try (SftpServer server = SftpServer.start(root, PASSWORD, null, dir);
                LogCapture log = LogCapture.open()) {
            // the line a man in the middle's server would not match: another key for the address
            Path knownHosts =
                    Files.writeString(
                            dir.resolve("known_hosts"),
                            "[127.0.0.1]:"
                                    + server.port()
                                    + " "
                                    + org.apache.sshd.common.config.keys.PublicKeyEntry.toString(
                                            g.generateKeyPair().getPublic())
                                    + "\n");
            Map<String, String> login = new LinkedHashMap<>();
            login.put("password", PASSWORD);
            login.put("knownHostsFile", knownHosts.toString());
            try (ConnectorHarness h = new ConnectorHarness(db).start()) {
                h.load(route(server, login).toString());
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (log.linesContaining("HostKey").isEmpty()) {
                    assertTrue(System.nanoTime() < deadline, "no refused connection was logged");
                    Thread.sleep(20);
                }
            }
            assertEquals(0, server.logins.get(), "no password was offered to that server");
            assertFalse(log.all().contains(PASSWORD), "the password is in no log line");
        }
        assertTrue(Files.exists(drop.resolve("orders.csv")), "the file is left where it was");
        assertFalse(db.tableExists("orders") && db.count("SELECT COUNT(*) FROM orders") > 0);
    }

    /** The route file: the drop folder {@code drop} on the server, as user {@code loader}. */
    Path route(SftpServer server, Map<String, String> login) throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("host", "127.0.0.1");
        p.put("port", String.valueOf(server.port()));
        p.put("username", SftpServer.USER);
        p.putAll(login);
        p.put("directory", "drop");
        p.put("format", "csv");
        p.put("readLock", "none");
        p.put("delay", "100");
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
        lines.add(
                "            parameters: {schema: \""
                        + FileSourceTest.SCHEMA
                        + "\", table: orders, writeMode: append}");
        Path route = dir.resolve("partner-orders.camel.yaml");
        Files.writeString(route, String.join("\n", lines) + "\n");
        return route;
    }

    static void awaitGone(Path file) throws InterruptedException {
        FileSourceTest.awaitGone(file);
    }
}
