package io.tributary.bench;

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
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The throughput benchmark (a harness that prints figures, not a test): one loopback API serving
 * {@code N} records from memory, and in fresh child JVMs, one after another, on the same data:
 * Tributary into PostgreSQL and into H2 — the same connector in both its forms, the shipped {@code
 * http-to-jdbc} template ({@code templatedRoute}) and a route from Kamelet {@code
 * tributary-http-source} to {@code tributary-jdbc-sink}, upsert and append — a hand-written raw
 * pipeline (java.net.http + Jackson streaming + JDBC batch, fetching the next page while writing
 * this one) into both, and a naive Camel route (split, one INSERT per record via camel-jdbc) on
 * fewer records; and Tributary into a DuckDB file (upsert, and append by the Appender). Prints
 * records/s, the ratios and Tributary's peak RSS (VmHWM) at 100k and at N.
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
            postgresPort = pg.getPort();
            postgres = pg;
            Map<String, Result> results = new LinkedHashMap<>();
            int[] db = {0};
            java.util.function.BiFunction<String, String, String> fresh =
                    (kind, name) -> {
                        if (kind.equals("none")) {
                            return "none";
                        }
                        if (kind.equals("duckdb")) {
                            return "jdbc:duckdb:"
                                    + work.resolve(name + "-" + (++db[0]) + ".duckdb")
                                            .toAbsolutePath();
                        }
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
            String all = String.valueOf(n);
            String[][] runs = { // the two connector forms one after the other, on the same data
                {"fetch + parse (no database)", "fetchparse", "none", all},
                {"raw2 -> PostgreSQL", "raw2", "postgresql", all},
                {"raw COPY -> PostgreSQL", "rawcopy", "postgresql", all},
                {"Tributary -> PostgreSQL", "tributary", "postgresql", all},
                {"Tributary Kamelet -> PostgreSQL", "tributary-kamelet", "postgresql", all},
                {"Tributary append (COPY) -> PostgreSQL", "tributary-append", "postgresql", all},
                {
                    "Tributary Kamelet append (COPY) -> PostgreSQL",
                    "tributary-kamelet-append",
                    "postgresql",
                    all
                },
                {"raw2 -> H2", "raw2", "h2", all},
                {"Tributary -> H2", "tributary", "h2", all},
                {"Tributary Kamelet -> H2", "tributary-kamelet", "h2", all},
                {"Tributary -> DuckDB", "tributary", "duckdb", all},
                {"Tributary append (Appender) -> DuckDB", "tributary-append", "duckdb", all},
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
                {
                    "Tributary Kamelet -> PostgreSQL (100k, RSS)",
                    "tributary-kamelet",
                    "postgresql",
                    String.valueOf(small)
                },
            };
            String only = System.getProperty("bench.only", "");
            if (!only.isBlank()) { // a profiling aid: some modes only, in rounds, no summary
                profile(runs, only, Integer.getInteger("bench.rounds", 1), fresh, api, work);
                System.exit(0);
            }
            for (String[] run : runs) {
                Result r = run(run, fresh, api, work, 0);
                results.put(run[0], r);
            }
            double rawPg = results.get("raw2 -> PostgreSQL").rate();
            double rawCopy = results.get("raw COPY -> PostgreSQL").rate();
            double rawH2 = results.get("raw2 -> H2").rate();
            double ceiling = results.get("fetch + parse (no database)").rate();
            double naivePg = results.get("naive Camel -> PostgreSQL").rate();
            double naiveH2 = results.get("naive Camel -> H2").rate();
            System.out.println();
            System.out.printf(
                    "fetch + parse %,.0f/s; PostgreSQL raw2 (2 threads, batch upsert) %,.0f/s, COPY %,.0f/s; H2 raw2 %,.0f/s%n",
                    ceiling, rawPg, rawCopy, rawH2);
            System.out.printf(
                    "%-42s %-34s %s%n",
                    "Tributary, records/s (x raw, x fetch+parse)", "templatedRoute", "Kamelet");
            String[][] rows = {
                {"upsert -> PostgreSQL (x raw2)", "Tributary -> PostgreSQL", "postgresql"},
                {
                    "append -> PostgreSQL (x raw COPY)",
                    "Tributary append (COPY) -> PostgreSQL",
                    "copy"
                },
                {"upsert -> H2 (x raw2)", "Tributary -> H2", "h2"},
            };
            for (String[] row : rows) {
                double raw = row[2].equals("copy") ? rawCopy : row[2].equals("h2") ? rawH2 : rawPg;
                double template = results.get(row[1]).rate();
                double kamelet =
                        results.get(row[1].replace("Tributary", "Tributary Kamelet")).rate();
                System.out.printf(
                        "%-42s %-34s %s%n",
                        row[0], ratios(template, raw, ceiling), ratios(kamelet, raw, ceiling));
            }
            System.out.printf(
                    "%-42s %,9.0f records/s, append %,9.0f records/s%n",
                    "DuckDB (templatedRoute): upsert",
                    results.get("Tributary -> DuckDB").rate(),
                    results.get("Tributary append (Appender) -> DuckDB").rate());
            System.out.println(
                    "targets: upsert >= 0.9x raw2 on PostgreSQL, >= 0.7x on H2; append >= 0.95x raw COPY");
            System.out.printf(
                    "%-42s %-26s %s%n",
                    "Tributary/naive, PostgreSQL and H2",
                    String.format(
                            "%.1fx, %.1fx",
                            results.get("Tributary -> PostgreSQL").rate() / naivePg,
                            results.get("Tributary -> H2").rate() / naiveH2),
                    String.format(
                            "%.1fx, %.1fx   (target >= 5x)",
                            results.get("Tributary Kamelet -> PostgreSQL").rate() / naivePg,
                            results.get("Tributary Kamelet -> H2").rate() / naiveH2));
            String[] rss = new String[2];
            for (int i = 0; i < 2; i++) {
                String form = i == 0 ? "Tributary" : "Tributary Kamelet";
                long big = results.get(form + " -> PostgreSQL").rssKb;
                long smallRss = results.get(form + " -> PostgreSQL (100k, RSS)").rssKb;
                rss[i] =
                        String.format(
                                "%,d / %,d MiB (%.2f)",
                                smallRss / 1024, big / 1024, (double) big / smallRss);
            }
            System.out.printf(
                    "%-42s %-26s %s%n",
                    String.format("peak RSS %,d / %,d (PostgreSQL)", small, n),
                    rss[0],
                    rss[1] + "   (target <= 1.2)");
        }
        try (var files = Files.walk(work)) { // the H2 files of 1M rows are large
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        System.exit(0); // the API's request threads would keep the JVM alive
    }

    private static Result run(
            String[] run,
            java.util.function.BiFunction<String, String, String> fresh,
            BenchApi api,
            Path work,
            int round)
            throws Exception {
        String url = fresh.apply(run[2], run[1]);
        Result r =
                runChild(
                        run[1],
                        run[2],
                        url,
                        api.url() + "?limit=" + run[3],
                        Integer.parseInt(run[3]),
                        work,
                        round);
        if (url.startsWith("jdbc:postgresql:")) {
            quiet(url);
        }
        System.out.printf(
                "  %-46s %,9d records %7.1f s %,9.0f records/s  peak RSS %,6d MiB  CPU s: JVM %5.1f%s%n",
                run[0],
                r.records,
                r.seconds,
                r.rate(),
                r.rssKb / 1024,
                r.cpuSeconds,
                run[2].equals("postgresql")
                        ? String.format(", PostgreSQL %5.1f", r.postgresCpu)
                        : "");
        return r;
    }

    /**
     * {@code -Dbench.only=rawcopy:postgresql,tributary-append:postgresql}: those runs (N records),
     * one after the other, {@code -Dbench.rounds} times, then each one's median records/s and its
     * ratio to the first; {@code -Dbench.childArgs} (bench/throughput.sh: {@code BENCH_CHILD_OPTS})
     * go to each child JVM ({@code {mode}} and {@code {round}} replaced), e.g. {@code
     * -XX:StartFlightRecording=filename=/tmp/{mode}-{round}.jfr}. The children's logs stay in the
     * work directory.
     */
    private static void profile(
            String[][] runs,
            String only,
            int rounds,
            java.util.function.BiFunction<String, String, String> fresh,
            BenchApi api,
            Path work)
            throws Exception {
        List<String[]> chosen = new ArrayList<>();
        String baseline = System.getProperty("bench.baseline", "");
        for (String wanted : only.split(",")) {
            for (String[] run : runs) {
                if ((run[1] + ":" + run[2]).equals(wanted.trim()) && !run[0].contains("(100k")) {
                    if (!baseline.isBlank()
                            && !run[1].startsWith("raw")
                            && !run[1].equals("fetchparse")) {
                        chosen.add(
                                new String[] {
                                    run[0] + " [baseline]", run[1] + "@baseline", run[2], run[3]
                                });
                    }
                    chosen.add(run);
                }
            }
        }
        Map<String, List<Result>> results = new LinkedHashMap<>();
        Map<String, String[]> runOf = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) { // alternating: each mode once a round
            for (String[] run : chosen) {
                runOf.put(run[0], run);
                results.computeIfAbsent(run[0], k -> new ArrayList<>())
                        .add(run(run, fresh, api, work, round));
            }
        }
        System.out.println();
        double first = -1;
        double firstBest = -1;
        for (Map.Entry<String, List<Result>> e : results.entrySet()) {
            double rate = median(e.getValue(), Result::rate);
            if (first < 0) {
                first = rate;
                firstBest = best(e.getValue());
            }
            System.out.printf(
                    "  %-46s median %,9.0f records/s (%.2fx), best %,9.0f (%.2fx)  CPU ms per 1000 records: JVM %5.1f, PostgreSQL %5.1f%s%n",
                    e.getKey(),
                    rate,
                    rate / first,
                    best(e.getValue()),
                    best(e.getValue()) / firstBest,
                    median(e.getValue(), r -> r.cpuSeconds * 1e6 / r.records),
                    median(e.getValue(), r -> r.postgresCpu * 1e6 / r.records),
                    sameRoundRatios(e.getValue(), runOf.get(e.getKey())[2], runOf, results));
        }
        System.out.println("logs: " + work);
    }

    /**
     * The median over rounds of a mode's ratio to raw2 on the same database and to fetchparse, each
     * of the same round (when those were run).
     */
    private static String sameRoundRatios(
            List<Result> mine,
            String kind,
            Map<String, String[]> runOf,
            Map<String, List<Result>> results) {
        StringBuilder out = new StringBuilder();
        for (String line : List.of("raw2", "fetchparse")) {
            for (Map.Entry<String, String[]> run : runOf.entrySet()) {
                String[] r = run.getValue();
                if (r[1].equals(line) && (line.equals("fetchparse") || r[2].equals(kind))) {
                    List<Result> theirs = results.get(run.getKey());
                    double[] ratio = new double[Math.min(mine.size(), theirs.size())];
                    for (int i = 0; i < ratio.length; i++) {
                        ratio[i] = mine.get(i).rate() / theirs.get(i).rate();
                    }
                    java.util.Arrays.sort(ratio);
                    out.append(
                            String.format(
                                    ", %.2fx %s (rounds %s)",
                                    ratio[ratio.length / 2],
                                    line,
                                    java.util.Arrays.toString(
                                            java.util.Arrays.stream(ratio)
                                                    .mapToObj(x -> String.format("%.2f", x))
                                                    .toArray())));
                }
            }
        }
        return out.toString();
    }

    /** A rate, its ratio to the raw line and to fetch + parse. */
    static String ratios(double rate, double raw, double ceiling) {
        return String.format("%,9.0f (%.2fx, %.2fx)", rate, rate / raw, rate / ceiling);
    }

    private static double best(List<Result> results) {
        return results.stream().mapToDouble(Result::rate).max().orElse(0);
    }

    private static double median(
            List<Result> results, java.util.function.ToDoubleFunction<Result> f) {
        double[] v = results.stream().mapToDouble(f).sorted().toArray();
        return v[v.length / 2];
    }

    /** cpuSeconds: the child's, from its first request; postgresCpu: PostgreSQL's meanwhile. */
    record Result(long records, double seconds, long rssKb, double cpuSeconds, double postgresCpu) {
        double rate() {
            return records / seconds;
        }
    }

    private static Result runChild(
            String mode, String kind, String dbUrl, String apiUrl, int n, Path work, int round)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String tag = mode.replace('@', '-') + "-" + kind;
        Path log = work.resolve(tag + "-" + n + "-" + round + ".log");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx1g"));
        String classPath = System.getProperty("java.class.path");
        if (mode.endsWith("@baseline")) { // the same mode on other main classes (-Dbench.baseline)
            mode = mode.substring(0, mode.indexOf('@'));
            classPath =
                    System.getProperty("bench.baseline")
                            + System.getProperty("path.separator")
                            + classPath;
        }
        for (String arg : System.getProperty("bench.childArgs", "").split(" ")) {
            if (!arg.isBlank()) {
                command.add(arg.replace("{mode}", tag).replace("{round}", String.valueOf(round)));
            }
        }
        command.addAll(
                List.of(
                        "-cp",
                        classPath,
                        "-Dlogback.configurationFile=" + work.resolve("logback.xml"),
                        Benchmark.class.getName(),
                        "child",
                        mode,
                        kind,
                        dbUrl,
                        apiUrl,
                        String.valueOf(n)));
        // before the child starts, which reads it at once
        Files.writeString(
                work.resolve("logback.xml"),
                "<configuration><appender name='o' class='ch.qos.logback.core.ConsoleAppender'>"
                        + "<encoder><pattern>%d %-5level %logger{20} %msg%n</pattern></encoder></appender>"
                        + "<root level='WARN'><appender-ref ref='o'/></root><logger name='io.tributary.sync' level='INFO'/></configuration>");
        double pgCpu = postgresCpuSeconds();
        Process p =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        int code = p.waitFor();
        Thread.sleep(100); // the child's backends exit and are reaped
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith("RESULT ")) {
                String[] f = line.split(" ");
                return new Result(
                        Long.parseLong(f[1]),
                        Double.parseDouble(f[2]),
                        Long.parseLong(f[3]),
                        Double.parseDouble(f[4]),
                        kind.equals("postgresql") ? postgresCpuSeconds() - pgCpu : 0);
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
        long parsed = -1; // fetchparse: the records parsed (it has no table to count)
        switch (mode) {
            case "tributary":
                tributary(kind, dbUrl, apiUrl, started, "upsert");
                break;
            case "tributary-append":
                tributary(kind, dbUrl, apiUrl, started, "append");
                break;
            case "tributary-kamelet":
                tributary(kind, dbUrl, apiUrl, started, "upsert", true);
                break;
            case "tributary-kamelet-append":
                tributary(kind, dbUrl, apiUrl, started, "append", true);
                break;
            case "raw": // raw2's earlier name: it always had two threads
            case "raw2":
                RawPipelines.write(dbUrl, apiUrl, started, false);
                break;
            case "rawcopy":
                RawPipelines.write(dbUrl, apiUrl, started, true);
                break;
            case "fetchparse":
                parsed = RawPipelines.fetchParse(apiUrl, started);
                break;
            case "naive":
                naive(dbUrl, apiUrl, started);
                break;
            default:
                throw new IllegalArgumentException(mode);
        }
        double seconds = (System.nanoTime() - started[0]) / 1e9;
        long rows = parsed;
        if (!kind.equals("none"))
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
        double cpu = cpuSeconds() - cpuAtStart;
        System.out.println("RESULT " + rows + " " + seconds + " " + peakRssKb() + " " + cpu);
        System.exit(0);
    }

    private static double cpuAtStart;

    /** The clock starts (and the CPU this JVM spends is counted) from the first request. */
    static void start(long[] started) {
        cpuAtStart = cpuSeconds();
        started[0] = System.nanoTime();
    }

    static double cpuSeconds() {
        return ProcessHandle.current()
                        .info()
                        .totalCpuDuration()
                        .orElse(java.time.Duration.ZERO)
                        .toNanos()
                / 1e9;
    }

    private static int postgresPort = -1;
    private static EmbeddedPostgres postgres;

    /**
     * After a run on PostgreSQL (its rows counted): drops its database, which also ends the
     * autovacuum of its table, and checkpoints, so the next run does not pay for this one's vacuum,
     * analyze and dirty pages.
     */
    private static void quiet(String url) throws Exception {
        String name = url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE " + name + " WITH (FORCE)");
            s.execute("CHECKPOINT");
        }
    }

    /**
     * CPU seconds PostgreSQL's processes have spent: the postmaster (pg_ctl daemonizes it, so it is
     * found by its port) and its live processes, and the backends it has reaped (its cutime and
     * cstime).
     */
    static double postgresCpuSeconds() {
        double ticks = 0;
        for (ProcessHandle p : (Iterable<ProcessHandle>) ProcessHandle.allProcesses()::iterator) {
            String[] args = p.info().arguments().orElse(new String[0]);
            if (!p.info().command().orElse("").endsWith("/postgres")
                    || !List.of(args).contains(String.valueOf(postgresPort))) {
                continue;
            }
            ticks += procTicks(p.pid(), true);
            for (ProcessHandle d : (Iterable<ProcessHandle>) p.descendants()::iterator) {
                ticks += procTicks(d.pid(), false);
            }
        }
        return ticks / 100.0; // USER_HZ
    }

    private static long procTicks(long pid, boolean withReaped) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields 14-17 of stat(5): utime stime cutime cstime; f[0] is field 3
            long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return withReaped ? t + Long.parseLong(f[13]) + Long.parseLong(f[14]) : t;
        } catch (Exception gone) {
            return 0;
        }
    }

    static long peakRssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static void tributary(
            String kind, String dbUrl, String apiUrl, long[] started, String writeMode)
            throws Exception {
        tributary(kind, dbUrl, apiUrl, started, writeMode, false);
    }

    /**
     * The same connector in either of its forms, in a Camel context set up like Tributary's: the
     * shipped template as a route file's {@code templatedRoute} would use it, or ({@code kamelet})
     * a route file from Kamelet {@code tributary-http-source} to {@code tributary-jdbc-sink},
     * loaded as Tributary loads {@code routes/}.
     */
    private static void tributary(
            String kind,
            String dbUrl,
            String apiUrl,
            long[] started,
            String writeMode,
            boolean kamelet)
            throws Exception {
        Path schema = Files.createTempFile("bench", ".schema.yaml");
        Files.writeString(schema, SCHEMA);
        CamelContext context = new DefaultCamelContext();
        Properties settings = new Properties();
        settings.setProperty("tributary.db.url", dbUrl);
        settings.setProperty("tributary.db.user", kind.equals("h2") ? "sa" : "postgres");
        settings.setProperty("tributary.db.password", "");
        context.getPropertiesComponent().setOverrideProperties(settings);
        TributaryBeans.bind(context); // also installs KameletRoutes, before any route file loads
        context.addRoutes(new ConnectorErrorPolicy());
        context.addRoutes(new HttpToJdbcTemplate());
        context.start();
        Map<String, String> source = new LinkedHashMap<>();
        source.put("schedule", "direct:bench");
        source.put("url", apiUrl);
        source.put("pagination", "page-number");
        source.put("pageSize", String.valueOf(BenchApi.PAGE_SIZE));
        source.put("totalPagesPath", "/total_pages");
        source.put("recordsPath", "/records");
        source.put("maxPages", "0");
        Map<String, String> sink = new LinkedHashMap<>();
        sink.put("schema", schema.toString());
        sink.put("table", "bench_records");
        sink.put("writeMode", writeMode);
        if (kamelet) {
            // as in routes/weather-observations.camel.yaml; RAW{...} keeps the URL's '?' and '&'
            StringBuilder yaml = new StringBuilder();
            yaml.append("- route:\n    id: bench\n    from:\n");
            yaml.append("      uri: kamelet:tributary-http-source\n      parameters:\n");
            source.forEach((name, value) -> yaml.append(parameter("        ", name, value)));
            yaml.append("      steps:\n        - to:\n");
            yaml.append("            uri: kamelet:tributary-jdbc-sink\n            parameters:\n");
            sink.forEach((name, value) -> yaml.append(parameter("              ", name, value)));
            Path routes = Files.createTempFile("bench", ".camel.yaml");
            Files.writeString(routes, yaml);
            org.apache.camel.support.PluginHelper.getRoutesLoader(context)
                    .loadRoutes(
                            org.apache.camel.support.ResourceHelper.resolveResource(
                                    context, "file:" + routes));
        } else {
            TemplatedRouteBuilder builder =
                    TemplatedRouteBuilder.builder(context, HttpToJdbcTemplate.ID)
                            .routeId("bench")
                            .parameter("connector", "bench");
            source.forEach(builder::parameter);
            sink.forEach(builder::parameter);
            builder.add();
        }
        var producer = context.createProducerTemplate();
        start(started);
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

    /** One parameter of a route file's map, its value in RAW{...} and as a JSON string. */
    private static String parameter(String indent, String name, String value) {
        return indent + name + ": " + new ObjectMapper().valueToTree("RAW{" + value + "}") + "\n";
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
        start(started);
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
