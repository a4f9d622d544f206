package io.tributary.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.TributaryBeans;
import io.tributary.connector.ConnectorErrorPolicy;
import io.tributary.connector.HttpToJdbcTemplate;
import io.tributary.metrics.SyncOutcome;
import io.tributary.metrics.SyncOutcomes;
import io.tributary.sql.SqlDialect;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The throughput benchmark (a harness that prints figures, not a test): one loopback API serving
 * {@code N} records from memory, and in fresh child JVMs, one after another, on the same data:
 * Tributary (the shipped {@code http-to-jdbc} template) into PostgreSQL and into H2, a hand-written
 * raw pipeline (java.net.http + Jackson streaming + JDBC batch, fetching the next page while
 * writing this one) into both, and a naive Camel route (split, one INSERT per record via
 * camel-jdbc) on fewer records. Prints records/s, the ratios and Tributary's peak RSS (VmHWM) at
 * 100k and at N.
 *
 * <pre>
 * bench/throughput.sh                 # N = 1,000,000
 * bench/throughput.sh 300000 10000    # N, naive-route records
 * </pre>
 */
public final class Benchmark {
    static final List<String> COLUMNS =
            List.of(
                    "id",
                    "created_at",
                    "amount",
                    "status",
                    "active",
                    "customer_id",
                    "customer_name",
                    "city",
                    "tags",
                    "lines",
                    "note");
    static final String SCHEMA =
            String.join(
                    "\n",
                    "primaryKey: [id]",
                    "cursorField: created_at",
                    "columns:",
                    "  id:            {type: string, required: true}",
                    "  created_at:    {type: timestamp, required: true}",
                    "  amount:        {type: decimal}",
                    "  status:        string",
                    "  active:        boolean",
                    "  customer_id:   {type: integer, path: /customer/id}",
                    "  customer_name: {type: string, path: /customer/name}",
                    "  city:          {type: string, path: $.customer.address.city}",
                    "  tags:          json",
                    "  lines:         json",
                    "  note:          string",
                    "");

    private Benchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(args[1], args[2], args[3], args[4], Integer.parseInt(args[5]));
            return;
        }
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int naiveN = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int small = Math.min(100_000, n);
        System.out.printf("Building the API's %,d records in memory...%n", n);
        Path work = Files.createTempDirectory("tributary-bench");
        try (BenchApi api = new BenchApi(n);
                EmbeddedPostgres pg =
                        EmbeddedPostgres.builder()
                                .setServerConfig("listen_addresses", "127.0.0.1")
                                .setServerConfig("fsync", "off")
                                .setServerConfig("synchronous_commit", "off")
                                .start()) {
            System.out.printf(
                    "API %s: %,d records of ~%d bytes, %d per page; PostgreSQL %s (fsync off); H2 file in %s%n",
                    api.url(),
                    n,
                    api.averageRecordBytes(),
                    BenchApi.PAGE_SIZE,
                    pg.getJdbcUrl("postgres", "postgres"),
                    work);
            Map<String, Result> results = new LinkedHashMap<>();
            int[] db = {0};
            java.util.function.BiFunction<String, String, String> fresh =
                    (kind, name) -> {
                        if (kind.equals("h2")) {
                            return "jdbc:h2:file:"
                                    + work.resolve(name + "-" + (++db[0])).toAbsolutePath()
                                    + ";DATABASE_TO_LOWER=TRUE";
                        }
                        String dbName = "bench_" + (++db[0]);
                        try (Connection c = pg.getPostgresDatabase().getConnection();
                                Statement s = c.createStatement()) {
                            s.execute("CREATE DATABASE " + dbName);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        return "jdbc:postgresql://127.0.0.1:"
                                + pg.getPort()
                                + "/"
                                + dbName
                                + "?user=postgres";
                    };
            String[][] runs = {
                {"raw -> PostgreSQL", "raw", "postgresql", String.valueOf(n)},
                {"raw COPY -> PostgreSQL", "rawcopy", "postgresql", String.valueOf(n)},
                {"Tributary -> PostgreSQL", "tributary", "postgresql", String.valueOf(n)},
                {
                    "Tributary append (COPY) -> PostgreSQL",
                    "tributary-append",
                    "postgresql",
                    String.valueOf(n)
                },
                {"raw -> H2", "raw", "h2", String.valueOf(n)},
                {"Tributary -> H2", "tributary", "h2", String.valueOf(n)},
                {
                    "naive Camel -> PostgreSQL",
                    "naive",
                    "postgresql",
                    String.valueOf(Math.min(naiveN, n))
                },
                {"naive Camel -> H2", "naive", "h2", String.valueOf(Math.min(naiveN, n))},
                {
                    "Tributary -> PostgreSQL (100k, RSS)",
                    "tributary",
                    "postgresql",
                    String.valueOf(small)
                },
            };
            for (String[] run : runs) {
                String url = fresh.apply(run[2], run[1]);
                Result r =
                        runChild(
                                run[1],
                                run[2],
                                url,
                                api.url() + "?limit=" + run[3],
                                Integer.parseInt(run[3]),
                                work);
                results.put(run[0], r);
                System.out.printf(
                        "  %-40s %,9d records %7.1f s %,9.0f records/s  peak RSS %,6d MiB%n",
                        run[0], r.records, r.seconds, r.rate(), r.rssKb / 1024);
            }
            double tribPg = results.get("Tributary -> PostgreSQL").rate();
            double tribH2 = results.get("Tributary -> H2").rate();
            System.out.println();
            System.out.printf(
                    "PostgreSQL raw: JDBC batch %,.0f/s, COPY %,.0f/s%n",
                    results.get("raw -> PostgreSQL").rate(),
                    results.get("raw COPY -> PostgreSQL").rate());
            System.out.printf(
                    "Tributary/raw    PostgreSQL %.2fx   H2 %.2fx   (target >= 0.7x)%n",
                    tribPg / results.get("raw -> PostgreSQL").rate(),
                    tribH2 / results.get("raw -> H2").rate());
            System.out.printf(
                    "Tributary/naive  PostgreSQL %.1fx   H2 %.1fx   (target >= 5x)%n",
                    tribPg / results.get("naive Camel -> PostgreSQL").rate(),
                    tribH2 / results.get("naive Camel -> H2").rate());
            long big = results.get("Tributary -> PostgreSQL").rssKb;
            long smallRss = results.get("Tributary -> PostgreSQL (100k, RSS)").rssKb;
            System.out.printf(
                    "Tributary peak RSS  %,d records: %,d MiB   %,d records: %,d MiB   ratio %.2f (target <= 1.2)%n",
                    small, smallRss / 1024, n, big / 1024, (double) big / smallRss);
        }
        try (var files = Files.walk(work)) { // the H2 files of 1M rows are large
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        System.exit(0); // the API's request threads would keep the JVM alive
    }

    record Result(long records, double seconds, long rssKb) {
        double rate() {
            return records / seconds;
        }
    }

    private static Result runChild(
            String mode, String kind, String dbUrl, String apiUrl, int n, Path work)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = work.resolve(mode + "-" + kind + "-" + n + ".log");
        Process p =
                new ProcessBuilder(
                                java,
                                "-Xmx1g",
                                "-cp",
                                System.getProperty("java.class.path"),
                                "-Dlogback.configurationFile=" + work.resolve("logback.xml"),
                                Benchmark.class.getName(),
                                "child",
                                mode,
                                kind,
                                dbUrl,
                                apiUrl,
                                String.valueOf(n))
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        Files.writeString(
                work.resolve("logback.xml"),
                "<configuration><appender name='o' class='ch.qos.logback.core.ConsoleAppender'>"
                        + "<encoder><pattern>%d %-5level %logger{20} %msg%n</pattern></encoder></appender>"
                        + "<root level='WARN'><appender-ref ref='o'/></root><logger name='io.tributary.sync' level='INFO'/></configuration>");
        int code = p.waitFor();
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith("RESULT ")) {
                String[] f = line.split(" ");
                return new Result(
                        Long.parseLong(f[1]), Double.parseDouble(f[2]), Long.parseLong(f[3]));
            }
        }
        throw new IllegalStateException(
                mode
                        + " -> "
                        + kind
                        + " failed (exit "
                        + code
                        + "); see "
                        + log
                        + ":\n"
                        + String.join(
                                "\n",
                                Files.readAllLines(log)
                                        .subList(
                                                Math.max(0, Files.readAllLines(log).size() - 30),
                                                Files.readAllLines(log).size())));
    }

    // ---- the child JVMs ----

    private static void child(String mode, String kind, String dbUrl, String apiUrl, int n)
            throws Exception {
        long[] started = {
            System.nanoTime()
        }; // each mode restarts the clock once it is set up, just before the first request
        switch (mode) {
            case "tributary":
                tributary(kind, dbUrl, apiUrl, started, "upsert");
                break;
            case "tributary-append":
                tributary(kind, dbUrl, apiUrl, started, "append");
                break;
            case "raw":
                raw(dbUrl, apiUrl, started, false);
                break;
            case "rawcopy":
                raw(dbUrl, apiUrl, started, true);
                break;
            case "naive":
                naive(dbUrl, apiUrl, started);
                break;
            default:
                throw new IllegalArgumentException(mode);
        }
        double seconds = (System.nanoTime() - started[0]) / 1e9;
        long rows;
        try (Connection c =
                        DriverManager.getConnection(
                                dbUrl,
                                kind.equals("h2") ? "sa" : null,
                                kind.equals("h2") ? "" : null);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM bench_records")) {
            rs.next();
            rows = rs.getLong(1);
        }
        if (rows != n) {
            throw new IllegalStateException(mode + ": expected " + n + " rows, found " + rows);
        }
        System.out.println("RESULT " + rows + " " + seconds + " " + peakRssKb());
        System.exit(0);
    }

    static long peakRssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /**
     * The shipped template, as a route file would use it, in a Camel context set up like
     * Tributary's.
     */
    private static void tributary(
            String kind, String dbUrl, String apiUrl, long[] started, String writeMode)
            throws Exception {
        Path schema = Files.createTempFile("bench", ".schema.yaml");
        Files.writeString(schema, SCHEMA);
        CamelContext context = new DefaultCamelContext();
        Properties settings = new Properties();
        settings.setProperty("tributary.db.url", dbUrl);
        settings.setProperty("tributary.db.user", kind.equals("h2") ? "sa" : "postgres");
        settings.setProperty("tributary.db.password", "");
        context.getPropertiesComponent().setOverrideProperties(settings);
        TributaryBeans.bind(context);
        context.addRoutes(new ConnectorErrorPolicy());
        context.addRoutes(new HttpToJdbcTemplate());
        context.start();
        TemplatedRouteBuilder.builder(context, HttpToJdbcTemplate.ID)
                .routeId("bench")
                .parameter("connector", "bench")
                .parameter("schedule", "direct:bench")
                .parameter("url", apiUrl)
                .parameter("pagination", "page-number")
                .parameter("pageSize", String.valueOf(BenchApi.PAGE_SIZE))
                .parameter("totalPagesPath", "/total_pages")
                .parameter("recordsPath", "/records")
                .parameter("schema", schema.toString())
                .parameter("table", "bench_records")
                .parameter("maxPages", "0")
                .parameter("writeMode", writeMode)
                .add();
        var producer = context.createProducerTemplate();
        started[0] = System.nanoTime();
        producer.sendBody("direct:bench", null);
        SyncOutcome outcome =
                context.getRegistry()
                        .lookupByNameAndType("tributarySyncOutcomes", SyncOutcomes.class)
                        .latest("bench")
                        .orElseThrow();
        if (!outcome.success()) {
            throw new IllegalStateException(outcome.summary());
        }
        context.stop();
    }

    /**
     * The hand-written line: one thread fetches and parses page n+1 while the other writes page n.
     */
    private static void raw(String dbUrl, String apiUrl, long[] started, boolean copy)
            throws Exception {
        BlockingQueue<List<Object[]>> pages = new ArrayBlockingQueue<>(2);
        List<Object[]> end = new ArrayList<>();
        Exception[] failure = new Exception[1];
        Thread fetcher =
                new Thread(
                        () -> {
                            try {
                                HttpClient client = HttpClient.newHttpClient();
                                JsonFactory json = new JsonFactory();
                                int total = 1;
                                for (int page = 1; page <= total; page++) {
                                    HttpResponse<InputStream> response =
                                            client.send(
                                                    HttpRequest.newBuilder(
                                                                    URI.create(
                                                                            apiUrl
                                                                                    + "&page="
                                                                                    + page
                                                                                    + "&page_size="
                                                                                    + BenchApi
                                                                                            .PAGE_SIZE))
                                                            .build(),
                                                    HttpResponse.BodyHandlers.ofInputStream());
                                    List<Object[]> rows = new ArrayList<>(BenchApi.PAGE_SIZE);
                                    try (JsonParser p = json.createParser(response.body())) {
                                        p.nextToken();
                                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                                            String field = p.currentName();
                                            p.nextToken();
                                            if (field.equals("total_pages")) {
                                                total = p.getIntValue();
                                            } else if (field.equals("records")) {
                                                while (p.nextToken() == JsonToken.START_OBJECT) {
                                                    rows.add(rawRecord(p, json));
                                                }
                                            } else {
                                                p.skipChildren();
                                            }
                                        }
                                    }
                                    pages.put(rows);
                                }
                            } catch (Exception e) {
                                failure[0] = e;
                            } finally {
                                try {
                                    pages.put(end);
                                } catch (InterruptedException ignored) {
                                    Thread.currentThread().interrupt();
                                }
                            }
                        });
        started[0] = System.nanoTime();
        fetcher.start();
        try (Connection c =
                DriverManager.getConnection(
                        dbUrl
                                + (dbUrl.startsWith("jdbc:postgresql")
                                        ? "&reWriteBatchedInserts=true"
                                        : ""),
                        dbUrl.startsWith("jdbc:h2") ? "sa" : null,
                        dbUrl.startsWith("jdbc:h2") ? "" : null)) {
            SqlDialect dialect = SqlDialect.of(c);
            try (Statement s = c.createStatement()) {
                s.execute(
                        "CREATE TABLE bench_records (id VARCHAR PRIMARY KEY, created_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                                + "amount "
                                + dialect.sqlType(io.tributary.schema.ColumnType.DECIMAL)
                                + ", status VARCHAR, active BOOLEAN, "
                                + "customer_id BIGINT, customer_name VARCHAR, city VARCHAR, tags "
                                + dialect.sqlType(io.tributary.schema.ColumnType.JSON)
                                + ", lines "
                                + dialect.sqlType(io.tributary.schema.ColumnType.JSON)
                                + ", note VARCHAR)");
            }
            c.setAutoCommit(false);
            if (copy) { // COPY ... FROM STDIN in CSV, one COPY and one commit per page
                org.postgresql.copy.CopyManager copier =
                        c.unwrap(org.postgresql.PGConnection.class).getCopyAPI();
                String sql =
                        "COPY bench_records ("
                                + String.join(", ", COLUMNS)
                                + ") FROM STDIN WITH (FORMAT csv)";
                for (List<Object[]> rows = pages.take(); rows != end; rows = pages.take()) {
                    StringBuilder csv = new StringBuilder(rows.size() * 400);
                    for (Object[] r : rows) {
                        for (int i = 0; i < r.length; i++) {
                            if (i > 0) {
                                csv.append(',');
                            }
                            Object v =
                                    r[i] instanceof OffsetDateTime
                                            ? ((OffsetDateTime) r[i]).toInstant()
                                            : r[i];
                            if (v != null) {
                                csv.append('"')
                                        .append(v.toString().replace("\"", "\"\""))
                                        .append('"');
                            }
                        }
                        csv.append('\n');
                    }
                    copier.copyIn(sql, new java.io.StringReader(csv.toString()));
                    c.commit();
                }
            } else
                try (PreparedStatement ps =
                        c.prepareStatement(
                                dialect.upsert("bench_records", COLUMNS, List.of("id")))) {
                    for (List<Object[]> rows = pages.take(); rows != end; rows = pages.take()) {
                        for (Object[] r : rows) {
                            for (int i = 0; i < r.length; i++) {
                                if (i == 8 || i == 9) {
                                    dialect.bindJson(ps, i + 1, (String) r[i]);
                                } else {
                                    ps.setObject(i + 1, r[i]);
                                }
                            }
                            ps.addBatch();
                        }
                        ps.executeBatch();
                        c.commit();
                    }
                }
        }
        fetcher.join();
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private static Object[] rawRecord(JsonParser p, JsonFactory json) throws Exception {
        Object[] row = new Object[COLUMNS.size()];
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "id":
                    row[0] = p.getText();
                    break;
                case "created_at":
                    row[1] =
                            OffsetDateTime.parse(p.getText()).withOffsetSameInstant(ZoneOffset.UTC);
                    break;
                case "amount":
                    row[2] = p.getDecimalValue();
                    break;
                case "status":
                    row[3] = p.getText();
                    break;
                case "active":
                    row[4] = t == JsonToken.VALUE_TRUE;
                    break;
                case "customer":
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String f = p.currentName();
                        p.nextToken();
                        if (f.equals("id")) {
                            row[5] = p.getLongValue();
                        } else if (f.equals("name")) {
                            row[6] = p.getText();
                        } else if (f.equals("address")) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String a = p.currentName();
                                p.nextToken();
                                if (a.equals("city")) {
                                    row[7] = p.getText();
                                } else {
                                    p.skipChildren();
                                }
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                    break;
                case "tags":
                    row[8] = copy(p, json);
                    break;
                case "lines":
                    row[9] = copy(p, json);
                    break;
                case "note":
                    row[10] = p.getText();
                    break;
                default:
                    p.skipChildren();
            }
        }
        return row;
    }

    private static String copy(JsonParser p, JsonFactory json) throws Exception {
        StringWriter out = new StringWriter(64);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.copyCurrentStructure(p);
        }
        return out.toString();
    }

    /**
     * The naive Camel route: split the page, one INSERT (own transaction) per record via
     * camel-jdbc.
     */
    private static void naive(String dbUrl, String apiUrl, long[] started) throws Exception {
        String kind = dbUrl.startsWith("jdbc:h2") ? "h2" : "postgresql";
        com.zaxxer.hikari.HikariDataSource ds = new com.zaxxer.hikari.HikariDataSource();
        ds.setJdbcUrl(dbUrl);
        if (kind.equals("h2")) {
            ds.setUsername("sa");
        }
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            SqlDialect dialect = SqlDialect.of(c);
            s.execute(
                    "CREATE TABLE bench_records (id VARCHAR PRIMARY KEY, created_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                            + "amount "
                            + dialect.sqlType(io.tributary.schema.ColumnType.DECIMAL)
                            + ", status VARCHAR, active BOOLEAN, "
                            + "customer_id BIGINT, customer_name VARCHAR, city VARCHAR, tags VARCHAR, lines VARCHAR, note VARCHAR)");
        }
        ObjectMapper mapper = new ObjectMapper();
        CamelContext context = new DefaultCamelContext();
        context.getRegistry().bind("ds", ds);
        int[] total = {1};
        context.addRoutes(
                new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("direct:naive")
                                .loopDoWhile(
                                        e -> e.getProperty("page", 0, Integer.class) < total[0])
                                .process(
                                        e -> {
                                            int page = e.getProperty("page", 0, Integer.class) + 1;
                                            e.setProperty("page", page);
                                            e.getMessage()
                                                    .setHeader(
                                                            "CamelHttpQuery",
                                                            URI.create(apiUrl).getRawQuery()
                                                                    + "&page="
                                                                    + page
                                                                    + "&page_size="
                                                                    + BenchApi.PAGE_SIZE);
                                        })
                                .to(apiUrl.substring(0, apiUrl.indexOf('?')))
                                .process(
                                        e -> {
                                            JsonNode body =
                                                    mapper.readTree(
                                                            e.getMessage()
                                                                    .getBody(InputStream.class));
                                            total[0] = body.path("total_pages").asInt();
                                            e.getMessage().setBody(body.path("records"));
                                        })
                                .split(body())
                                .process(
                                        e -> {
                                            JsonNode r = e.getMessage().getBody(JsonNode.class);
                                            var m = e.getMessage();
                                            m.setHeader("id", r.path("id").asText());
                                            m.setHeader(
                                                    "created_at",
                                                    OffsetDateTime.parse(
                                                            r.path("created_at").asText()));
                                            m.setHeader(
                                                    "amount",
                                                    new BigDecimal(r.path("amount").asText()));
                                            m.setHeader("status", r.path("status").asText());
                                            m.setHeader("active", r.path("active").asBoolean());
                                            m.setHeader(
                                                    "customer_id", r.at("/customer/id").asLong());
                                            m.setHeader(
                                                    "customer_name",
                                                    r.at("/customer/name").asText());
                                            m.setHeader(
                                                    "city",
                                                    r.at("/customer/address/city").asText());
                                            m.setHeader("tags", r.path("tags").toString());
                                            m.setHeader("lines", r.path("lines").toString());
                                            m.setHeader("note", r.path("note").asText());
                                            m.setBody(
                                                    "INSERT INTO bench_records (id, created_at, amount, status, active, customer_id, customer_name, "
                                                            + "city, tags, lines, note) VALUES (:?id, :?created_at, :?amount, :?status, :?active, "
                                                            + ":?customer_id, :?customer_name, :?city, :?tags, :?lines, :?note)");
                                        })
                                .to("jdbc:ds?useHeadersAsParameters=true")
                                .end()
                                .end();
                    }
                });
        context.start();
        var producer = context.createProducerTemplate();
        started[0] = System.nanoTime();
        producer.sendBody("direct:naive", null);
        context.stop();
        ds.close();
    }

    static String describe(Map<String, Result> results) {
        StringBuilder sb = new StringBuilder();
        results.forEach(
                (k, v) -> sb.append(String.format(Locale.ROOT, "%s: %.0f/s%n", k, v.rate())));
        return sb.toString();
    }

    static BufferedReader reader(InputStream in) {
        return new BufferedReader(
                new InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
    }
}
