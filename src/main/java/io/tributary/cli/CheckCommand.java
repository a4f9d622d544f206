package io.tributary.cli;

import io.tributary.connector.Connector;
import io.tributary.http.PageRequest;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;

/**
 * {@code tributary check}: loads each route file on its own (so one broken file does not hide the
 * problems of the next), which parses it, builds its connectors (every parameter, placeholder,
 * secret, schedule and schema checked as at start-up) and loads nothing; then sends each
 * connector's first request once, as a sync would (the url's own query once, paging, the cursor,
 * credentials), and reads the first page: a body that is not JSON, no array at {@code recordsPath},
 * or a required column no record fills is a problem, an optional column no record fills a warning.
 * A database table's connector is connected to and read ({@code SqlSource#probe}); a drop folder's
 * has its folder listed (over SFTP after one login) and its first matching file's first page
 * compared with the schema ({@code FileSource#probe}), nothing moved and no position read. A
 * connector id declared in two files is a problem. Prints one line per file and connector, and one
 * line per problem naming the file, the field and the value (secrets masked).
 *
 * <p>What it touches: one request of each connector's rate budget ({@code tributary_rate_limits}),
 * and a token scheme's token endpoint (a rotated refresh token is stored in {@code
 * tributary_tokens}, as a sync would). No table, row, dead letter or cursor.
 */
public final class CheckCommand {
    private static final int FILE_PROBLEM = ExitCodes.BAD_USAGE;
    private final PrintStream out;
    private static final int MAX_BODY = 16 * 1024 * 1024;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private final List<String> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final FirstPageReport report; // the first record and the next cursor

    /**
     * Connector id -> the file that declared it first: an id in two files is refused at start-up.
     */
    private final Map<String, String> declaredIn = new TreeMap<>();

    private int exitCode = ExitCodes.OK;

    private final java.util.function.Supplier<Launch> launches;

    /**
     * @param launches a fresh start of Tributary for each thing checked
     */
    public CheckCommand(PrintStream out, java.util.function.Supplier<Launch> launches) {
        this.out = out;
        this.launches = launches;
        this.report = new FirstPageReport(out, this::warning);
    }

    public int run(Options options) {
        // first the settings and the database alone, and the list of route files they name
        List<String> files = new ArrayList<>();
        Launch settingsOnly = launches.get();
        String pattern = routesIncludePattern(options);
        Path empty;
        try {
            empty = java.nio.file.Files.createTempDirectory("tributary-check");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        int code =
                settingsOnly.start(
                        options,
                        Map.of(
                                "tributary.demo.enabled",
                                "false",
                                "camel.main.routes-include-pattern",
                                "file:" + empty.toAbsolutePath() + "/*.camel.yaml"),
                        context -> {
                            files.addAll(routeFiles(context, pattern));
                            return database(context);
                        });
        empty.toFile().delete();
        if (code != ExitCodes.OK) {
            if (settingsOnly.lastProblem() != null || problems.isEmpty()) {
                problem(
                        FILE_PROBLEM,
                        settingsOnly.lastProblem() != null
                                ? settingsOnly.lastProblem()
                                : "the settings cannot be used");
            }
            return summary(0);
        }
        if (files.isEmpty()) {
            problem(FILE_PROBLEM, "no route files match camel.main.routes-include-pattern");
        }
        for (String file : files) {
            out.println("checking " + file);
            int problemsBefore = problems.size();
            Launch one = launches.get();
            int result =
                    one.start(
                            options,
                            Map.of("camel.main.routes-include-pattern", "file:" + file),
                            this::probeAll);
            if (result == FILE_PROBLEM && one.lastProblem() != null) {
                String problem =
                        one.lastProblem()
                                .replaceAll("\\s*\\R\\s*", " ")
                                .strip(); // a YAML error spans lines
                problem(FILE_PROBLEM, problem.startsWith(file) ? problem : file + ": " + problem);
            } else if (result != ExitCodes.OK && problemsBefore == problems.size()) {
                problem(result, file + ": could not be checked; the lines above say why");
            }
            one.routeFiles()
                    .all()
                    .forEach(
                            (id, where) -> {
                                String earlier = declaredIn.putIfAbsent(id, where);
                                if (earlier != null && !earlier.equals(where)) {
                                    problem(
                                            FILE_PROBLEM,
                                            where
                                                    + ": connector '"
                                                    + id
                                                    + "': parameter 'connector' value '"
                                                    + id
                                                    + "': is declared in two route"
                                                    + " files, "
                                                    + earlier
                                                    + " and "
                                                    + where
                                                    + "; one would silently replace the other and both would share one"
                                                    + " cursor: rename one (each connector needs its own id)");
                                }
                            });
        }
        return summary(files.size());
    }

    private int summary(int files) {
        String warned = warnings.isEmpty() ? "" : ", " + warnings.size() + " warning(s)";
        if (problems.isEmpty()) {
            out.println("check: " + files + " route file(s), no problems" + warned);
        } else {
            out.println("check: " + problems.size() + " problem(s)" + warned + ":");
            problems.forEach(p -> out.println("  " + p));
        }
        return exitCode;
    }

    private void warning(String text) {
        warnings.add(text);
        out.println("  warning: " + text);
    }

    private void problem(int code, String text) {
        problems.add(text);
        out.println("  problem: " + text);
        exitCode = Math.max(exitCode, code);
    }

    /**
     * The route files setting, read in Tributary's order (defaults, settings file, environment, -D,
     * command line) without loading the files: one that does not parse would stop the first look at
     * the settings.
     */
    static String routesIncludePattern(Options options) {
        String key = "camel.main.routes-include-pattern";
        String camel = "camel.main.routesIncludePattern";
        for (String k : new String[] {key, camel}) {
            if (options.overrides.containsKey(k)) {
                return options.overrides.get(k);
            }
        }
        for (String k : new String[] {key, camel}) {
            if (System.getProperty(k) != null) {
                return System.getProperty(k);
            }
        }
        for (String env :
                new String[] {
                    "CAMEL_MAIN_ROUTES_INCLUDE_PATTERN", "CAMEL_MAIN_ROUTESINCLUDEPATTERN"
                }) {
            if (System.getenv(env) != null) {
                return System.getenv(env);
            }
        }
        java.util.Properties file = new java.util.Properties();
        Path config = Path.of(options.config);
        if (java.nio.file.Files.exists(config)) {
            try (var in = java.nio.file.Files.newBufferedReader(config)) {
                file.load(in);
            } catch (java.io.IOException e) {
                // reported by the settings pass
            }
        }
        for (String k : new String[] {key, camel}) {
            if (file.getProperty(k) != null) {
                return file.getProperty(k);
            }
        }
        return io.tributary.config.Settings.builtInDefaults().getProperty(key);
    }

    /** The files camel.main.routes-include-pattern names, found as Camel finds them. */
    private static List<String> routeFiles(CamelContext context, String pattern) throws Exception {
        pattern = pattern == null ? null : context.resolvePropertyPlaceholders(pattern);
        List<String> files = new ArrayList<>();
        if (pattern == null) {
            return files;
        }
        for (String part : pattern.split(",")) {
            Collection<Resource> found =
                    PluginHelper.getPackageScanResourceResolver(context).findResources(part.trim());
            for (Resource r : found) {
                String location =
                        r.getLocation().startsWith("file:")
                                ? r.getLocation().substring(5)
                                : r.getLocation();
                files.add(location);
            }
        }
        files.sort(null);
        return files;
    }

    private int database(CamelContext context) {
        DataSource ds =
                context.getRegistry().lookupByNameAndType("tributaryDataSource", DataSource.class);
        try (Connection c = ds.getConnection()) {
            out.println(
                    "ok   database "
                            + c.getMetaData().getDatabaseProductName()
                            + " (tributary.db.url)");
            return ExitCodes.OK;
        } catch (Exception e) {
            String url = new io.tributary.config.Settings(context).text("tributary.db.url", "");
            problem(
                    FILE_PROBLEM,
                    "setting 'tributary.db.url' value '"
                            + io.tributary.sql.DatabaseProblem.masked(url)
                            + "': "
                            + io.tributary.sql.DatabaseProblem.describe(url, e));
            return FILE_PROBLEM;
        }
    }

    /** One authenticated request per connector of the file just loaded. */
    private int probeAll(CamelContext context) {
        Map<String, Connector> connectors = new TreeMap<>();
        context.getRegistry()
                .findByType(Connector.class)
                .forEach(c -> connectors.put(c.getId(), c));
        Map<String, io.tributary.connector.SqlSource> tables = new TreeMap<>();
        context.getRegistry()
                .findByType(io.tributary.connector.SqlSource.class)
                .forEach(s -> tables.put(s.getId(), s));
        Map<String, io.tributary.connector.FileSource> drops = new TreeMap<>();
        context.getRegistry()
                .findByType(io.tributary.connector.FileSource.class)
                .forEach(f -> drops.put(f.getId(), f));
        Map<String, io.tributary.connector.BulkSource> jobs = new TreeMap<>();
        context.getRegistry()
                .findByType(io.tributary.connector.BulkSource.class)
                .forEach(b -> jobs.put(b.getId(), b));
        // the sink half of a bulk connector binds a Connector too: it is not an HTTP source
        jobs.keySet().forEach(connectors::remove);
        if (connectors.isEmpty() && tables.isEmpty() && drops.isEmpty() && jobs.isEmpty()) {
            out.println("  (no connectors in this file)");
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        for (Connector c : connectors.values()) {
            probe(client, context, c);
        }
        tables.values().forEach(s -> probe(context, s));
        drops.values().forEach(f -> probe(context, f));
        // a job is an export the provider runs (and may bill); preview creates one on purpose
        jobs.values()
                .forEach(
                        b ->
                                out.println(
                                        "  ok   connector '"
                                                + b.getId()
                                                + "': "
                                                + b.describe()
                                                + "; not probed: a job costs an export at the provider"
                                                + " (run 'tributary preview "
                                                + b.getId()
                                                + "' to create one and read its first page)"));
        return ExitCodes.OK;
    }

    /**
     * A drop folder's connector: the folder listed (over SFTP, after one login), its matching files
     * counted, the first one's first page read and compared with the schema. Nothing moved.
     */
    private void probe(CamelContext context, io.tributary.connector.FileSource f) {
        String where = routeFile(context, f.getId()) + "connector '" + f.getId() + "': ";
        io.tributary.connector.FileSourceProbe.Result found;
        try {
            found = f.probe();
        } catch (Exception e) {
            problem(
                    e instanceof io.tributary.config.ConnectorConfigException
                            ? FILE_PROBLEM
                            : ExitCodes.SYNC_FAILED,
                    routeFile(context, f.getId()) + f.describeProbe(e));
            return;
        }
        out.println("  ok   connector '" + f.getId() + "': source " + found.source());
        if (found.firstFile() == null) {
            out.println(
                    "       first page: no file to read yet; the schema's columns could not be compared with any");
            return;
        }
        if (found.unreadable() > 0) {
            warning(
                    where
                            + "file '"
                            + found.firstFile()
                            + "': "
                            + found.unreadable()
                            + " item(s) of its first page could not be read; a sync makes each a dead letter");
        }
        if (found.schema() != null) {
            compareWithSchema(
                    found.schema(), "file '" + found.firstFile() + "'", where, found.records());
        }
    }

    /** A database table's connector: a connection, its columns and one row read. */
    private void probe(CamelContext context, io.tributary.connector.SqlSource s) {
        try {
            out.println("  ok   connector '" + s.getId() + "': source " + s.probe());
        } catch (Exception e) {
            problem(
                    e instanceof io.tributary.config.ConnectorConfigException
                            ? FILE_PROBLEM
                            : ExitCodes.SYNC_FAILED,
                    routeFile(context, s.getId()) + s.describe(e));
        }
    }

    private void probe(HttpClient client, CamelContext context, Connector c) {
        String file = routeFile(context, c.getId());
        String base = c.getUrl();
        if (base.contains("{parent") || c.declaresParents()) {
            out.println(
                    "  skip connector '"
                            + c.getId()
                            + "': a child stream ("
                            + (c.declaresParents() ? "parent or parentQuery" : "{parent} in url")
                            + ") needs a parent id;"
                            + " 'tributary preview "
                            + c.getId()
                            + " --parent ID' fetches its first page for one parent");
            return;
        }
        PageRequest request;
        try {
            request = c.firstRequest(); // credentials (a token endpoint, a login) and the
            // API's budget
        } catch (io.tributary.ratelimit.QuotaExhaustedException e) {
            problem(
                    ExitCodes.SYNC_FAILED,
                    file
                            + "connector '"
                            + c.getId()
                            + "': parameter 'rateLimit': no quota for a request now: "
                            + c.masker().mask(String.valueOf(e.getMessage())));
            return;
        } catch (RuntimeException e) {
            problem(
                    ExitCodes.SYNC_FAILED,
                    file
                            + "connector '"
                            + c.getId()
                            + "': parameter 'auth' value '"
                            + c.getAuthSettings().get("auth")
                            + "': cannot get credentials: "
                            + c.masker()
                                    .mask(
                                            String.valueOf(
                                                    e.getMessage() != null
                                                            ? e.getMessage()
                                                            : e.getClass().getSimpleName())));
            return;
        }
        String endpoint =
                request.endpoint() != null
                        ? request.endpoint() // its path's placeholders filled
                        : withoutQuery(base); // the url's own query is already in the request's
        String query = request.encodedQuery();
        String url = endpoint + (query.isEmpty() ? "" : "?" + query);
        String shown = c.masker().mask(url);
        String method = request.method(); // POST for sources that page by POST (post-token)
        HttpRequest.Builder http =
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .method(
                                method,
                                request.body() == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(request.body()))
                        .header("Accept", c.accept()); // as the sync asks: its format
        if (request.body() != null) {
            http.header("Content-Type", request.contentType());
        }
        request.headers().forEach(http::setHeader); // requestHeaders' Accept replaces the above
        String where = file + "connector '" + c.getId() + "': ";
        try {
            HttpRequest sent = http.build();
            long start = System.nanoTime();
            traceRequest(c, sent, request);
            HttpResponse<java.io.InputStream> response =
                    client.send(sent, HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            byte[] body;
            try (java.io.InputStream in = response.body()) {
                body = in.readNBytes(MAX_BODY);
            }
            traceResponse(c, sent, status, start, body.length);
            if (status / 100 == 2) {
                out.println(
                        "  ok   connector '"
                                + c.getId()
                                + "': "
                                + method
                                + " "
                                + shown
                                + " -> HTTP "
                                + status);
                firstPage(
                        c,
                        where,
                        method + " " + shown,
                        response.headers().firstValue("Content-Type").orElse("none"),
                        body);
                report.cursor(c, request);
            } else if (status == 401 || status == 403) {
                problem(
                        ExitCodes.SYNC_FAILED,
                        where
                                + "parameter 'authSecret': the source refused the credentials: HTTP "
                                + status
                                + " from "
                                + method
                                + " "
                                + shown);
            } else if (status == 429) {
                out.println(
                        "  ok?  connector '"
                                + c.getId()
                                + "': "
                                + method
                                + " "
                                + shown
                                + " -> HTTP 429: quota spent for now; the credentials were not refused");
            } else {
                problem(
                        ExitCodes.SYNC_FAILED,
                        where
                                + "parameter 'url' value '"
                                + c.masker().mask(base)
                                + "': HTTP "
                                + status
                                + " from "
                                + method
                                + " "
                                + shown
                                + startOf(c, body));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            problem(
                    ExitCodes.SYNC_FAILED,
                    where
                            + "parameter 'url' value '"
                            + c.masker().mask(base)
                            + "': cannot reach the source: "
                            + c.masker()
                                    .mask(
                                            String.valueOf(
                                                    e.getMessage() != null
                                                            ? e.getMessage()
                                                            : e.getClass().getSimpleName())));
        }
    }

    /**
     * The first page as a sync would read it: JSON, an array at recordsPath, and each schema column
     * filled by at least one record (a path that matches nothing would dead-letter every record
     * when the column is required, and write NULL over stored values when it is optional).
     */
    private void firstPage(
            Connector c, String where, String shown, String contentType, byte[] body) {
        if (!c.readsAsJson(contentType)) {
            try {
                compareWithSchema(c, where, c.firstRecords(contentType, body, 100));
            } catch (java.io.IOException | RuntimeException e) {
                problem(
                        ExitCodes.SYNC_FAILED,
                        where
                                + "parameter 'format' value '"
                                + c.getFormat()
                                + "': the answer to "
                                + shown
                                + " (Content-Type "
                                + contentType
                                + ") cannot be read: "
                                + c.masker().mask(String.valueOf(e.getMessage())));
            }
            return;
        }
        com.fasterxml.jackson.databind.JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (java.io.IOException e) {
            json = null;
        }
        if (json == null || json.isMissingNode()) {
            problem(
                    ExitCodes.SYNC_FAILED,
                    where
                            + "parameter 'url' value '"
                            + c.masker().mask(c.getUrl())
                            + "': the answer to "
                            + shown
                            + " is not JSON (Content-Type "
                            + contentType
                            + ")"
                            + startOf(c, body));
            return;
        }
        com.fasterxml.jackson.databind.JsonNode records = c.recordsIn(json);
        if (records == null) {
            problem(
                    FILE_PROBLEM,
                    where
                            + "parameter 'recordsPath' value '"
                            + c.getRecordsPath()
                            + "': the answer to "
                            + shown
                            + " has no array there"
                            + startOf(c, body));
            return;
        }
        compareWithSchema(c, where, records);
    }

    /** Each schema column filled by at least one of the first page's records. */
    private void compareWithSchema(
            Connector c, String where, com.fasterxml.jackson.databind.JsonNode records) {
        compareWithSchema(c.targetSchema(), c.recordsWhere(), where, records);
    }

    private void compareWithSchema(
            io.tributary.schema.TargetSchema schema,
            String recordsWhere,
            String where,
            com.fasterxml.jackson.databind.JsonNode records) {
        if (records.isEmpty()) {
            out.println(
                    "       first page: 0 records at "
                            + recordsWhere
                            + "; the schema's columns could not be compared with any");
            return;
        }
        List<String> empty = new ArrayList<>();
        for (io.tributary.schema.Column column : schema.columns()) {
            if (column.computed()) {
                continue;
            }
            com.fasterxml.jackson.core.JsonPointer pointer =
                    com.fasterxml.jackson.core.JsonPointer.compile(column.path());
            boolean filled = false;
            for (com.fasterxml.jackson.databind.JsonNode record : records) {
                com.fasterxml.jackson.databind.JsonNode value = record.at(pointer);
                if (!value.isMissingNode() && !value.isNull()) {
                    filled = true;
                    break;
                }
            }
            if (filled) {
                continue;
            }
            empty.add(column.name());
            String text =
                    where
                            + "parameter 'schema' value '"
                            + schema.source()
                            + "': column '"
                            + column.name()
                            + "' path '"
                            + column.path()
                            + "' matched none of the "
                            + records.size()
                            + " records of the first page";
            if (column.required()) {
                problem(
                        FILE_PROBLEM,
                        text
                                + "; the column is required, so every record would become a dead letter: fix its path");
            } else {
                warning(
                        text
                                + "; it would be loaded as "
                                + (column.defaultValue() == null
                                        ? "NULL"
                                        : "its default '" + column.defaultValue() + "'")
                                + " (over any stored value): check its path");
            }
        }
        out.println(
                "       first page: "
                        + records.size()
                        + " record(s) at "
                        + recordsWhere
                        + (empty.isEmpty()
                                ? "; every column found in them"
                                : "; columns found in none: " + empty));
        report.compare(schema, where, records.get(0), empty);
    }

    /** {@code --trace}: check's own request (the JDK client), as the sync's are traced. */
    private static void traceRequest(Connector c, HttpRequest sent, PageRequest request) {
        if (!io.tributary.http.RequestTrace.enabled()) {
            return;
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        sent.headers().map().forEach((k, vs) -> vs.forEach(v -> headers.add(Map.entry(k, v))));
        io.tributary.http.RequestTrace.LOG.debug(
                io.tributary.http.RequestTrace.request(
                        c.masker(),
                        sent.method(),
                        sent.uri(),
                        headers,
                        request.body() == null
                                ? null
                                : request.body().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        request.contentType()));
    }

    private static void traceResponse(
            Connector c, HttpRequest sent, int status, long start, int bytes) {
        if (io.tributary.http.RequestTrace.enabled()) {
            io.tributary.http.RequestTrace.LOG.debug(
                    io.tributary.http.RequestTrace.response(
                            c.masker(),
                            status,
                            sent.method(),
                            sent.uri(),
                            (System.nanoTime() - start) / 1_000_000,
                            bytes));
        }
    }

    /** The first characters of a body, masked, for a problem line. */
    private static String startOf(Connector c, byte[] body) {
        if (body == null || body.length == 0) {
            return "; the body is empty";
        }
        String text =
                new String(
                                body,
                                0,
                                Math.min(body.length, 120),
                                java.nio.charset.StandardCharsets.UTF_8)
                        .replaceAll("\\s+", " ")
                        .strip();
        return "; it starts with: " + c.masker().mask(text);
    }

    static String withoutQuery(String url) {
        int q = url.indexOf('?');
        int hash = url.indexOf('#');
        int end = q >= 0 ? q : hash >= 0 ? hash : url.length();
        return url.substring(0, end);
    }

    private static String routeFile(CamelContext context, String connector) {
        var files =
                context.getRegistry()
                        .lookupByNameAndType(
                                "tributaryRouteFiles", io.tributary.connector.RouteFiles.class);
        return files == null ? "" : files.of(connector).map(f -> f + ": ").orElse("");
    }
}
