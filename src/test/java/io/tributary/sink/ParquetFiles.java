package io.tributary.sink;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The parquet sink's files as an independent reader sees them: DuckDB's {@code read_parquet} (an
 * in-memory DuckDB, nothing shared with the writer), each row a map of column to the value's text
 * and each column's DuckDB type.
 */
public final class ParquetFiles {
    private final Path folder;

    public ParquetFiles(Path folder) {
        this.folder = folder;
    }

    /** The published files, sorted; hidden temporary files are not among them. */
    public List<Path> files() throws Exception {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
    }

    /** Every file under the folder, temporary ones included. */
    public List<String> allNames() throws Exception {
        return files().stream().map(p -> p.getFileName().toString()).toList();
    }

    /** The rows of every published file, ordered by {@code orderBy}; hive partitions as columns. */
    public List<Map<String, String>> rows(String orderBy) throws SQLException {
        return query("SELECT * FROM " + source() + " ORDER BY " + orderBy);
    }

    /** Column name to DuckDB's type of it, e.g. {@code amount -> DECIMAL(38,2)}. */
    public Map<String, String> types() throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        for (Map<String, String> r : query("DESCRIBE SELECT * FROM " + source())) {
            types.put(r.get("column_name"), r.get("column_type"));
        }
        return types;
    }

    public long count() throws SQLException {
        return Long.parseLong(query("SELECT COUNT(*) AS n FROM " + source()).get(0).get("n"));
    }

    /** Rows of one file. */
    public static long count(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT COUNT(*) FROM read_parquet('" + file + "')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String source() {
        return "read_parquet('"
                + folder
                + "/**/*.parquet', hive_partitioning = true, union_by_name = true)";
    }

    public List<Map<String, String>> query(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            try (ResultSet rs = s.executeQuery(sql)) {
                ResultSetMetaData md = rs.getMetaData();
                List<Map<String, String>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, String> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.put(md.getColumnLabel(i), rs.getString(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }
}
