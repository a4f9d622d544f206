package io.tributary.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.support.ConnectorHarness;
import io.tributary.support.Database;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decimals keep the digits the source wrote ({@code 16.0} is not {@code 16}): in tables, on H2
 * (and, in a subclass, PostgreSQL), and in JSON Lines and CSV files.
 */
class DecimalDigitsTest {
    Database db;
    ConnectorHarness tributary;
    final SinkTestApi api = new SinkTestApi();
    @TempDir Path dir;

    Database newDatabase() {
        return Database.h2();
    }

    @BeforeEach
    void start() throws Exception {
        db = newDatabase();
        tributary = new ConnectorHarness(db).start();
        String[] amounts = {
            "16.0", "16.50", "0.000", "123456789012345678901234567890.123456789012345678900", "7"
        };
        for (int i = 0; i < amounts.length; i++) {
            api.add("r" + i, "n", "2026-01-0" + (i + 1) + "T00:00:00Z")
                    .put("amount", new BigDecimal(amounts[i]));
        }
    }

    @AfterEach
    void stop() throws Exception {
        tributary.close();
        api.close();
    }

    Path schema(String amount) throws Exception {
        return Files.writeString(
                dir.resolve("items.schema.yaml"),
                "primaryKey: [id]\ncursorField: updated_at\ncolumns:\n"
                        + "  id:         {type: string, required: true}\n"
                        + "  amount:     "
                        + amount
                        + "\n"
                        + "  updated_at: {type: timestamp, required: true}\n");
    }

    List<String> stored() {
        return db.column("SELECT amount FROM items ORDER BY id").stream()
                .map(v -> ((BigDecimal) v).toPlainString())
                .collect(Collectors.toList());
    }

    @Test
    void aDecimalWithADeclaredScaleKeepsEveryDigitToThatScaleAndRoundsNothing() throws Exception {
        api.records.remove(3); // 21 digits after the point: more than the scale keeps
        api.add("r9", "n", "2026-01-09T00:00:00Z").put("amount", new BigDecimal("1.005"));
        api.connect(tributary, schema("{type: decimal, scale: 2}").toString());
        assertTrue(tributary.sync("items").success());

        assertEquals(List.of("16.00", "16.50", "0.00", "7.00"), stored());
        assertEquals("amount", db.single("SELECT field FROM tributary_dead_letters"));
        String reason = (String) db.single("SELECT reason FROM tributary_dead_letters");
        assertTrue(
                reason.contains("more digits after the point than the column's scale 2")
                        && reason.contains("nothing is rounded"),
                reason);
    }

    @Test
    void aDecimalKeepsTheValueOfEveryDigitSent() throws Exception {
        api.connect(tributary, schema("{type: decimal}").toString());
        assertTrue(tributary.sync("items").success());

        List<Object> values = db.column("SELECT amount FROM items ORDER BY id");
        String[] sent = {
            "16.0", "16.50", "0.000", "123456789012345678901234567890.123456789012345678900", "7"
        };
        for (int i = 0; i < sent.length; i++) {
            assertEquals(
                    0,
                    new BigDecimal(sent[i]).compareTo((BigDecimal) values.get(i)),
                    sent[i] + " read back as " + values.get(i));
        }
    }

    @Test
    void jsonLinesAndCsvFilesWriteTheDigitsAsSent() throws Exception {
        api.connect(
                tributary,
                schema("{type: decimal}").toString(),
                "sink",
                "jsonl",
                "directory",
                dir.resolve("out").toString());
        assertTrue(tributary.sync("items").success());
        String jsonl = Files.readString(onlyFile());
        for (String sent :
                new String[] {
                    "16.0", "16.50", "0.000", "123456789012345678901234567890.123456789012345678900"
                }) {
            assertTrue(jsonl.contains("\"amount\":" + sent + ","), sent + " in\n" + jsonl);
        }

        tributary.close();
        tributary = new ConnectorHarness(Database.h2()).start();
        deleteFiles();
        api.connect(
                tributary,
                schema("{type: decimal}").toString(),
                "sink",
                "csv",
                "directory",
                dir.resolve("out").toString());
        assertTrue(tributary.sync("items").success());
        String csv = Files.readString(onlyFile());
        for (String sent :
                new String[] {
                    ",16.0,",
                    ",16.50,",
                    ",0.000,",
                    ",123456789012345678901234567890.123456789012345678900,"
                }) {
            assertTrue(csv.contains(sent), sent + " in\n" + csv);
        }
    }

    private Path onlyFile() throws Exception {
        try (Stream<Path> s = Files.walk(dir.resolve("out"))) {
            List<Path> files = s.filter(Files::isRegularFile).collect(Collectors.toList());
            assertEquals(1, files.size(), files.toString());
            return files.get(0);
        }
    }

    private void deleteFiles() throws Exception {
        try (Stream<Path> s = Files.walk(dir.resolve("out"))) {
            for (Path p : s.filter(Files::isRegularFile).collect(Collectors.toList())) {
                Files.delete(p);
            }
        }
    }
}
