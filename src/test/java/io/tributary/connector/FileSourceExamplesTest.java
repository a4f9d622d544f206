package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.Tributary;
import io.tributary.support.Database;
import io.tributary.support.OrderLines;
import io.tributary.support.RsaKeys;
import io.tributary.support.SftpServer;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code examples/file-drop/} and {@code examples/sftp-drop/} as shipped, each run once. */
class FileSourceExamplesTest {
    @TempDir Path dir;

    @Test
    void theFileDropExampleLoadsTheErpsCsvFilesAndMovesThemToTheDaysDoneFolder() throws Exception {
        Database db = Database.postgres();
        Path drop = Files.createDirectories(dir.resolve("erp-orders"));
        Files.writeString(drop.resolve("orders-2026-11-30.csv"), OrderLines.csv("A", 1500));
        gzip(drop.resolve("orders-2026-12-01.csv.gz"), OrderLines.csv("B", 700));
        Files.writeString(drop.resolve("readme.txt"), "not an export"); // not included

        assertEquals(
                Tributary.OK,
                once(db, "examples/file-drop/orders-drop.camel.yaml", "--drop.directory=" + drop));

        assertEquals(2200, db.count("SELECT COUNT(*) FROM erp_order_lines"));
        String day =
                java.time.LocalDate.now().format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
        assertTrue(Files.exists(drop.resolve(".done/" + day + "/orders-2026-11-30.csv")));
        assertTrue(Files.exists(drop.resolve(".done/" + day + "/orders-2026-12-01.csv.gz")));
        assertTrue(Files.exists(drop.resolve("readme.txt")), "left alone");
    }

    @Test
    void theSftpDropExampleLoadsThePartnersInventoryWithAKeyFromAKnownHost() throws Exception {
        Database db = Database.h2File(dir);
        Path root = Files.createDirectories(dir.resolve("server"));
        Path outbox = Files.createDirectories(root.resolve("outbox"));
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 1200; i++) {
            lines.append("{\"sku\":\"A-")
                    .append(i)
                    .append("\",\"warehouse\":\"ROT\",\"on_hand\":")
                    .append(i % 50)
                    .append(",\"counted_at\":\"2026-11-30T23:00:00Z\"}\n");
        }
        gzip(outbox.resolve("inventory-2026-11-30.jsonl.gz"), lines.toString());
        try (SftpServer server = SftpServer.start(root, null, RsaKeys.publicKey(), dir)) {
            assertEquals(
                    Tributary.OK,
                    once(
                            db,
                            "examples/sftp-drop/partner-inventory.camel.yaml",
                            "--partner.sftp.host=127.0.0.1",
                            "--partner.sftp.port=" + server.port(),
                            "--partner.sftp.user=" + SftpServer.USER,
                            "--partner.sftp.key=" + RsaKeys.pkcs1(dir),
                            "--partner.sftp.known-hosts="
                                    + server.knownHosts(dir.resolve("known_hosts"))));
        }
        assertEquals(1200, db.count("SELECT COUNT(*) FROM partner_inventory"));
        assertTrue(Files.exists(outbox.resolve(".done/inventory-2026-11-30.jsonl.gz")));
    }

    static int once(Database db, String route, String... extra) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--once",
                                "--tributary.demo.enabled=false",
                                "--camel.management.enabled=false",
                                "--camel.main.routes-include-pattern=file:" + route));
        args.addAll(db.options());
        args.addAll(List.of(extra));
        return new Tributary().run(args.toArray(String[]::new));
    }

    static void gzip(Path file, String text) throws Exception {
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(file))) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
