package io.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.Tributary;
import io.tributary.support.Database;
import io.tributary.support.OrderLines;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code preview} of a drop folder's connector: the first file by name, its first pages mapped and
 * printed; the file stays in the folder (the source forces noop), no table, no position.
 */
class FileSourcePreviewTest {
    @TempDir Path dir;
    final Database db = Database.h2();
    final FileSourceCheckTest routes = new FileSourceCheckTest();

    @Test
    void previewPrintsTheFirstPagesOfTheFirstFileAndLeavesItInTheFolder() throws Exception {
        routes.dir = dir;
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Files.writeString(inbox.resolve("orders-1.csv"), OrderLines.csv("ORD-A", 25));
        Files.writeString(inbox.resolve("orders-2.csv"), OrderLines.csv("ORD-B", 5));
        Path route = routes.route(Map.of("directory", inbox.toString(), "recordsPerPage", "10"));

        List<String> args = new ArrayList<>(List.of("preview", "partner-orders", "--pages", "2"));
        args.add("--tributary.demo.enabled=false");
        args.add("--camel.main.routes-include-pattern=file:" + route);
        args.addAll(db.options());
        Options options = Options.parse(args.toArray(String[]::new));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit =
                new Tributary()
                        .start(
                                options,
                                Map.of(),
                                new PreviewCommand(
                                        new PrintStream(out, true, StandardCharsets.UTF_8),
                                        options));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(Tributary.OK, exit, printed);
        assertTrue(
                printed.contains(
                        "20 row(s) from 2 page(s) of file 'orders-1.csv' of partner-orders;"
                                + " nothing written, no file moved"),
                printed);
        assertTrue(printed.contains("ORD-A"), "the first file's rows are printed:\n" + printed);
        assertFalse(printed.contains("ORD-B"), "only the first file is previewed:\n" + printed);
        assertEquals(
                List.of("orders-1.csv", "orders-2.csv"),
                FileSourceCheckTest.names(inbox),
                "both files still in the folder");
        assertFalse(db.tableExists("orders"), "no table made");
        assertNull(db.cursor("partner-orders/orders-1.csv"), "no position stored");
    }
}
