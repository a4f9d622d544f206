package io.tributary.cli;

import io.tributary.Settings;
import io.tributary.Tributary;
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
 * problems of the next), which parses it, builds its connectors (every parameter, placeholder, secret
 * and schema checked as at start-up) and writes nothing; then sends each connector's first request
 * once, credentials included, and reads only the status. Prints one line per file and connector, and
 * one line per problem naming the file, the field and the value (secrets masked).
 */
public final class CheckCommand {
    private static final int FILE_PROBLEM = Tributary.BAD_USAGE;
    private final PrintStream out;
    private final List<String> problems = new ArrayList<>();
    private int exitCode = Tributary.OK;

    public CheckCommand(PrintStream out) {
        this.out = out;
    }

    public int run(Options options) {
        // first the settings and the database alone, and the list of route files they name
        List<String> files = new ArrayList<>();
        Tributary settingsOnly = new Tributary();
        String pattern = routesIncludePattern(options);
        Path empty;
        try {
            empty = java.nio.file.Files.createTempDirectory("tributary-check");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        int code = settingsOnly.start(options, Map.of("tributary.demo.enabled", "false",
                "camel.main.routes-include-pattern", "file:" + empty.toAbsolutePath() + "/*.camel.yaml"),
                context -> {
                    files.addAll(routeFiles(context, pattern));
                    return database(context);
                });
        empty.toFile().delete();
        if (code != Tributary.OK) {
            if (settingsOnly.lastProblem() != null || problems.isEmpty()) {
                problem(FILE_PROBLEM, settingsOnly.lastProblem() != null ? settingsOnly.lastProblem() : "the settings cannot be used");
            }
            return summary(0);
        }
        if (files.isEmpty()) {
            problem(FILE_PROBLEM, "no route files match camel.main.routes-include-pattern");
        }
        for (String file : files) {
            out.println("checking " + file);
            int problemsBefore = problems.size();
            Tributary one = new Tributary();
            int result = one.start(options, Map.of("camel.main.routes-include-pattern", "file:" + file), this::probeAll);
            if (result == FILE_PROBLEM && one.lastProblem() != null) {
                String problem = one.lastProblem().replaceAll("\\s*\\R\\s*", " ").strip(); // a YAML error spans lines
                problem(FILE_PROBLEM, problem.startsWith(file) ? problem : file + ": " + problem);
            } else if (result != Tributary.OK && problemsBefore == problems.size()) {
                problem(result, file + ": could not be checked; the lines above say why");
            }
        }
        return summary(files.size());
    }

    private int summary(int files) {
        if (problems.isEmpty()) {
            out.println("check: " + files + " route file(s), no problems");
        } else {
            out.println("check: " + problems.size() + " problem(s):");
            problems.forEach(p -> out.println("  " + p));
        }
        return exitCode;
    }

    private void problem(int code, String text) {
        problems.add(text);
        out.println("  problem: " + text);
        exitCode = Math.max(exitCode, code);
    }

    /**
     * The route files setting, read in Tributary's order (defaults, settings file, environment, -D, command
     * line) without loading the files: one that does not parse would stop the first look at the settings.
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
        for (String env : new String[] {"CAMEL_MAIN_ROUTES_INCLUDE_PATTERN", "CAMEL_MAIN_ROUTESINCLUDEPATTERN"}) {
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
        return Tributary.defaults().getProperty(key);
    }

    /** The files camel.main.routes-include-pattern names, found as Camel finds them. */
    private static List<String> routeFiles(CamelContext context, String pattern) throws Exception {
        pattern = pattern == null ? null : context.resolvePropertyPlaceholders(pattern);
        List<String> files = new ArrayList<>();
        if (pattern == null) {
            return files;
        }
        for (String part : pattern.split(",")) {
            Collection<Resource> found = PluginHelper.getPackageScanResourceResolver(context).findResources(part.trim());
            for (Resource r : found) {
                String location = r.getLocation().startsWith("file:") ? r.getLocation().substring(5) : r.getLocation();
                files.add(location);
            }
        }
        files.sort(null);
        return files;
    }

    private int database(CamelContext context) {
        DataSource ds = context.getRegistry().lookupByNameAndType("tributaryDataSource", DataSource.class);
        try (Connection c = ds.getConnection()) {
            out.println("ok   database " + c.getMetaData().getDatabaseProductName() + " (tributary.db.url)");
            return Tributary.OK;
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause(); // the driver's reason (a locked H2 file, a refused login), not the pool's timeout
            }
            problem(FILE_PROBLEM, "setting 'tributary.db.url': cannot connect to the database: " + root.getMessage().strip().lines().findFirst().orElse(""));
            return FILE_PROBLEM;
        }
    }

    /** One authenticated request per connector of the file just loaded. */
    private int probeAll(CamelContext context) {
        Map<String, Connector> connectors = new TreeMap<>();
        context.getRegistry().findByType(Connector.class).forEach(c -> connectors.put(c.getId(), c));
        if (connectors.isEmpty()) {
            out.println("  (no connectors in this file)");
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        for (Connector c : connectors.values()) {
            probe(client, context, c);
        }
        return Tributary.OK;
    }

    private void probe(HttpClient client, CamelContext context, Connector c) {
        String file = routeFile(context, c.getId());
        String base = c.getUrl();
        if (base.contains("{parent}")) {
            out.println("  skip connector '" + c.getId() + "': a child stream ({parent} in url); it is probed through the route that drives it");
            return;
        }
        PageRequest request;
        try {
            request = c.firstRequest(); // credentials (a token endpoint, a login) and the API's budget
        } catch (io.tributary.ratelimit.QuotaExhaustedException e) {
            problem(Tributary.SYNC_FAILED, file + "connector '" + c.getId() + "': parameter 'rateLimit': no quota for a request now: "
                    + c.masker().mask(String.valueOf(e.getMessage())));
            return;
        } catch (RuntimeException e) {
            problem(Tributary.SYNC_FAILED, file + "connector '" + c.getId() + "': parameter 'auth' value '"
                    + c.getAuthSettings().get("auth") + "': cannot get credentials: "
                    + c.masker().mask(String.valueOf(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName())));
            return;
        }
        String query = request.encodedQuery();
        String url = base + (query.isEmpty() ? "" : (base.contains("?") ? "&" : "?") + query);
        String shown = c.masker().mask(url);
        String method = request.method(); // POST for sources that page by POST (post-token)
        HttpRequest.Builder http = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, request.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(request.body()))
                .header("Accept", "application/json");
        if (request.body() != null) {
            http.header("Content-Type", "application/json");
        }
        request.headers().forEach(http::header);
        try {
            HttpResponse<Void> response = client.send(http.build(), HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status / 100 == 2) {
                out.println("  ok   connector '" + c.getId() + "': " + method + " " + shown + " -> HTTP " + status);
            } else if (status == 401 || status == 403) {
                problem(Tributary.SYNC_FAILED, file + "connector '" + c.getId() + "': parameter 'authSecret': the source refused the credentials: HTTP "
                        + status + " from " + method + " " + shown);
            } else if (status == 429) {
                out.println("  ok?  connector '" + c.getId() + "': " + method + " " + shown + " -> HTTP 429: quota spent for now; the credentials were not refused");
            } else {
                problem(Tributary.SYNC_FAILED, file + "connector '" + c.getId() + "': parameter 'url' value '" + c.masker().mask(base)
                        + "': HTTP " + status + " from " + method + " " + shown);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            problem(Tributary.SYNC_FAILED, file + "connector '" + c.getId() + "': parameter 'url' value '" + c.masker().mask(base)
                    + "': cannot reach the source: " + c.masker().mask(String.valueOf(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName())));
        }
    }

    private static String routeFile(CamelContext context, String connector) {
        var files = context.getRegistry().lookupByNameAndType("tributaryRouteFiles", io.tributary.connector.RouteFiles.class);
        return files == null ? "" : files.of(connector).map(f -> f + ": ").orElse("");
    }
}
