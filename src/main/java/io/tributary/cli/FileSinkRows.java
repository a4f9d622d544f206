package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The rows a file sink published in a replay ({@code tributary test}), read back from its temporary
 * folder as {@code expect.yaml} checks a table's: JSON Lines and CSV as written (each value its
 * text), Parquet through an in-memory DuckDB's {@code read_parquet}. Hidden (temporary) files are
 * not published ones. Sorted by the first column, as a table's rows are.
 */
final class FileSinkRows {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FileSinkRows() {}

    /** Every published row under {@code folder}; empty when it holds no file. */
    static List<Map<String, Object>> read(Path folder) throws IOException, SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return rows;
        }
        List<Path> files;
        try (Stream<Path> all = Files.walk(folder)) {
            files =
                    all.filter(Files::isRegularFile)
                            .filter(f -> !f.getFileName().toString().startsWith("."))
                            .sorted()
                            .toList();
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.endsWith(".jsonl")) {
                jsonLines(f, rows);
            } else if (name.endsWith(".csv")) {
                csv(f, rows);
            } else if (name.endsWith(".parquet")) {
                parquet(f, rows);
            }
        }
        rows.sort(
                Comparator.comparing(
                        (Map<String, Object> r) ->
                                r.isEmpty() || r.values().iterator().next() == null
                                        ? ""
                                        : r.values().iterator().next().toString()));
        return rows;
    }

    private static void jsonLines(Path file, List<Map<String, Object>> rows) throws IOException {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            JSON.readTree(line)
                    .properties()
                    .forEach(e -> row.put(lower(e.getKey()), text(e.getValue())));
            rows.add(row);
        }
    }

    private static Object text(JsonNode v) {
        return v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
    }

    private static void csv(Path file, List<Map<String, Object>> rows) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<String> header = null;
            for (CSVRecord r : CSVFormat.RFC4180.parse(in)) {
                if (header == null) {
                    header = r.toList();
                    continue;
                }
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    String v = i < r.size() ? r.get(i) : null;
                    row.put(lower(header.get(i)), v == null || v.isEmpty() ? null : v);
                }
                rows.add(row);
            }
        }
    }

    private static void parquet(Path file, List<Map<String, Object>> rows) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "SELECT * FROM read_parquet('"
                                        + file.toString().replace("'", "''")
                                        + "', hive_partitioning = false)")) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= n; i++) {
                    row.put(lower(rs.getMetaData().getColumnLabel(i)), rs.getObject(i));
                }
                rows.add(row);
            }
        }
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
