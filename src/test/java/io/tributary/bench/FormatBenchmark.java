package io.tributary.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Long bodies through the HTTP source: one CSV export and one JSON Lines export of about {@code
 * SIZE_MB} each (generated as they are sent, never held), and the same records as paged JSON, each
 * loaded by Tributary's own main ({@code --once}, the Kamelet form, writeMode append into
 * PostgreSQL; {@code parquet}: the paged JSON into the file sink's Parquet files instead, counted
 * back by DuckDB) in a child JVM with {@code -Xmx192m}. Prints records/s (from the sync's summary
 * line) and the child's peak RSS (VmHWM), so memory flat in the body size shows as the same RSS at
 * two sizes. Run by {@code bench/formats.sh}; not a test.
 */
public final class FormatBenchmark {
    static final String SCHEMA =
            String.join(
                    "\n",
                    "primaryKey: [id]",
                    "cursorField: created_at",
                    "columns:",
                    "  id:         {type: string, required: true}",
                    "  created_at: {type: timestamp, required: true}",
                    "  amount:     {type: decimal, scale: 2}",
                    "  status:     {type: string}",
                    "  email:      {type: string}",
                    "  note:       {type: string}",
                    "");
    static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");
    static final String NOTE =
            "a note of the kind exports carry, long enough to look like one: order packed, shipped and signed for";

    public static void main(String[] args) throws Exception {
        int sizeMb = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        List<String> formats =
                args.length > 1
                        ? List.of(args[1].split(","))
                        : List.of("csv", "jsonl", "json", "sql");
        long records = (long) sizeMb * 1024 * 1024 / csvLine(0).length();
        if (args.length > 2) {
            records = Long.parseLong(args[2]); // a record count instead: 1000000 for the sql line
        }
        Path work = Files.createTempDirectory("tributary-formats-bench");
        try (EmbeddedPostgres pg =
                EmbeddedPostgres.builder()
                        .setServerConfig("listen_addresses", "127.0.0.1")
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .start()) {
            HttpServer api = serve(records);
            String base = "http://127.0.0.1:" + api.getAddress().getPort();
            System.out.printf(
                    Locale.ROOT,
                    "%,d records a body (~%d MB as CSV, ~%d B a line), child -Xmx192m, PostgreSQL (fsync off)%n",
                    records,
                    sizeMb,
                    csvLine(0).length());
            for (String format : formats) {
                String db = "bench_" + format;
                try (Connection c = pg.getPostgresDatabase().getConnection();
                        Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
                    s.execute("CREATE DATABASE " + db);
                }
                String url = "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/" + db;
                if (format.equals("sql")) {
                    sourceTable(pg, records);
                }
                String source = "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/bench_source";
                String line = run(format, format.equals("sql") ? source : base, url, work);
                long rows =
                        format.equals("parquet") // counted by an independent reader
                                ? parquetRows(work.resolve(format).resolve("lake"))
                                : tableRows(pg, db, "bench_" + format);
                if (rows != records) {
                    throw new IllegalStateException(
                            format + ": expected " + records + " rows, found " + rows);
                }
                System.out.println(line);
            }
            api.stop(0);
            ((java.util.concurrent.ExecutorService) api.getExecutor()).shutdownNow();
        }
    }

    /** One child JVM: Tributary's main, --once, one route file; its summary line and peak RSS. */
    private static String run(String format, String base, String dbUrl, Path work)
            throws Exception {
        Path dir = Files.createDirectories(work.resolve(format));
        Path schema = dir.resolve("bench.schema.yaml");
        Files.writeString(schema, SCHEMA);
        String source =
                switch (format) {
                    case "csv" ->
                            "        url: \"RAW{"
                                    + base
                                    + "/export.csv}\"\n        format: csv\n        pagination: none\n";
                    case "jsonl" ->
                            "        url: \"RAW{"
                                    + base
                                    + "/export.jsonl}\"\n        format: jsonl\n        pagination: none\n";
                    case "sql" ->
                            "        sourceUrl: \"RAW{"
                                    + base
                                    + "}\"\n        sourceUser: postgres\n"
                                    + "        table: src\n        cursorColumn: created_at\n        keyColumns: id\n        pageSize: 1000\n";
                    default ->
                            "        url: \"RAW{"
                                    + base
                                    + "/records}\"\n        recordsPath: /records\n"
                                    + "        pagination: page-number\n        pageSize: 1000\n        totalPagesPath: /total_pages\n        maxPages: 0\n";
                };
        Files.writeString(
                dir.resolve("bench.camel.yaml"),
                "- route:\n    id: bench_"
                        + format
                        + "\n    from:\n      uri: kamelet:tributary-"
                        + (format.equals("sql") ? "sql" : "http")
                        + "-source\n      parameters:\n"
                        + "        schedule: \"timer:bench?repeatCount=1\"\n"
                        + source
                        + (format.equals("sql") ? "" : "        requestDeadline: PT30M\n")
                        + "      steps:\n        - to:\n            uri: kamelet:tributary-"
                        + (format.equals("parquet") ? "file" : "jdbc")
                        + "-sink\n"
                        + "            parameters:\n              schema: \""
                        + schema
                        + "\"\n              table: bench_"
                        + format
                        + (format.equals("parquet")
                                ? "\n              format: parquet\n              directory: \""
                                        + dir.resolve("lake")
                                        + "\"\n"
                                : "\n              writeMode: append\n"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command =
                new ArrayList<>(
                        List.of(
                                java,
                                "-Xmx192m",
                                "-cp",
                                System.getProperty("java.class.path"),
                                "io.tributary.Tributary",
                                "--once",
                                "--tributary.db.url=" + dbUrl,
                                "--tributary.db.user=postgres",
                                "--tributary.db.password=",
                                "--tributary.demo.enabled=false",
                                "--camel.main.routes-include-pattern=file:"
                                        + dir
                                        + "/*.camel.yaml"));
        Path log = dir.resolve("child.log");
        Process p =
                new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        long peakKb = 0;
        Path status = Path.of("/proc/" + p.pid() + "/status");
        while (p.isAlive()) {
            try {
                for (String l : Files.readAllLines(status)) {
                    if (l.startsWith("VmHWM:")) {
                        peakKb = Math.max(peakKb, Long.parseLong(l.replaceAll("[^0-9]", "")));
                    }
                }
            } catch (IOException gone) {
                break;
            }
            Thread.sleep(200);
        }
        int code = p.waitFor();
        String summary = null;
        for (String l : Files.readAllLines(log)) {
            if (l.contains("sync connector=bench_" + format + " ")) {
                summary = l;
            }
        }
        if (code != 0 || summary == null || !summary.contains("outcome=success")) {
            throw new IllegalStateException(format + " failed (exit " + code + "); see " + log);
        }
        return String.format(
                Locale.ROOT,
                "  %-6s %s  peak RSS %,d MiB",
                format,
                field(summary, "records")
                        + " records "
                        + field(summary, "duration")
                        + " "
                        + field(summary, "records_per_s")
                        + " records/s",
                peakKb / 1024);
    }

    private static long tableRows(EmbeddedPostgres pg, String db, String table) throws Exception {
        try (Connection c = pg.getDatabase("postgres", db).getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** The rows of the parquet line's files, as DuckDB's {@code read_parquet} reads them. */
    private static long parquetRows(Path lake) throws Exception {
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement();
                ResultSet r =
                        s.executeQuery(
                                "SELECT COUNT(*) FROM read_parquet('" + lake + "/**/*.parquet')")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** The source database of the {@code sql} line: the same records as a table. */
    private static void sourceTable(EmbeddedPostgres pg, long records) throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS bench_source WITH (FORCE)");
            s.execute("CREATE DATABASE bench_source");
        }
        try (Connection c = pg.getDatabase("postgres", "bench_source").getConnection();
                Statement s = c.createStatement()) {
            s.execute(
                    "CREATE TABLE src (id text PRIMARY KEY, created_at timestamptz NOT NULL, amount numeric(12,2), "
                            + "status text, email text, note text)");
            s.execute(
                    "INSERT INTO src SELECT 'r' || lpad(i::text, 9, '0'), TIMESTAMPTZ '2026-01-01 00:00:00Z' + i * INTERVAL '10 milliseconds', "
                            + "(i % 100000) + (i % 100) / 100.0, CASE WHEN i % 3 = 0 THEN 'paid' ELSE 'open' END, "
                            + "'customer' || (i % 50000) || '@example.com', '"
                            + NOTE
                            + ", #' || i FROM generate_series(0, "
                            + (records - 1)
                            + ") AS i");
            s.execute("CREATE INDEX src_keyset ON src (created_at, id)");
            s.execute("ANALYZE src");
        }
    }

    private static String field(String line, String name) {
        Matcher m = Pattern.compile("\\b" + name + "=(\\S+)").matcher(line);
        return m.find() ? m.group(1) : "?";
    }

    // ---- the loopback API: bodies generated as they are written ----

    private static HttpServer serve(long records) throws IOException {
        HttpServer server =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/export.csv", ex -> stream(ex, "text/csv", records, true));
        server.createContext(
                "/export.jsonl", ex -> stream(ex, "application/x-ndjson", records, false));
        server.createContext("/records", ex -> page(ex, records));
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        return server;
    }

    private static void stream(HttpExchange ex, String type, long records, boolean csv)
            throws IOException {
        try (ex) {
            ex.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
            ex.sendResponseHeaders(200, 0); // chunked: an export's length is not known ahead
            try (OutputStream out = new BufferedOutputStream(ex.getResponseBody(), 1 << 16)) {
                if (csv) {
                    out.write(
                            "id,created_at,amount,status,email,note\n"
                                    .getBytes(StandardCharsets.UTF_8));
                }
                for (long i = 0; i < records; i++) {
                    out.write((csv ? csvLine(i) : jsonLine(i)).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    private static void page(HttpExchange ex, long records) throws IOException {
        try (ex) {
            Map<String, String> q =
                    io.tributary.support.PagedApi.parseQuery(ex.getRequestURI().getRawQuery());
            long page = Long.parseLong(q.getOrDefault("page", "1"));
            long pages = (records + 999) / 1000;
            StringBuilder b =
                    new StringBuilder("{\"total_pages\":").append(pages).append(",\"records\":[");
            for (long i = (page - 1) * 1000; i < Math.min(records, page * 1000); i++) {
                if (i > (page - 1) * 1000) {
                    b.append(',');
                }
                String l = jsonLine(i);
                b.append(l, 0, l.length() - 1);
            }
            byte[] bytes = b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    static String csvLine(long i) {
        return String.format(
                Locale.ROOT,
                "r%09d,%s,%d.%02d,%s,customer%d@example.com,\"%s, #%d\"\n",
                i,
                BASE.plusMillis(i * 10),
                i % 100000,
                i % 100,
                i % 3 == 0 ? "paid" : "open",
                i % 50000,
                NOTE,
                i);
    }

    static String jsonLine(long i) {
        return String.format(
                Locale.ROOT,
                "{\"id\":\"r%09d\",\"created_at\":\"%s\",\"amount\":%d.%02d,\"status\":\"%s\",\"email\":\"customer%d@example.com\",\"note\":\"%s, #%d\"}\n",
                i,
                BASE.plusMillis(i * 10),
                i % 100000,
                i % 100,
                i % 3 == 0 ? "paid" : "open",
                i % 50000,
                NOTE,
                i);
    }

    private FormatBenchmark() {}
}
