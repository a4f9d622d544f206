package io.tributary.cli;

import io.tributary.auth.Authenticators;
import io.tributary.cli.openapi.OpenApiException;
import io.tributary.cli.openapi.OpenApiScaffold;
import io.tributary.connector.ConnectorParameters;
import io.tributary.paging.Paginations;
import io.tributary.schema.SqlIdentifiers;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * {@code tributary new NAME}: writes a connector a first {@code check} passes: {@code
 * routes/NAME.camel.yaml} (the Kamelet form, {@code kamelet:tributary-http-source} to {@code
 * kamelet:tributary-jdbc-sink}), {@code routes/NAME.schema.yaml} (the key and the cursor; {@code
 * schema infer} proposes the rest) and the settings lines its credentials need, each a {@code
 * {{env:NAME_TOKEN}}} placeholder, never a value. What the flags leave out is asked on the
 * terminal; without one, the missing flags are named and nothing is written. Existing files are
 * never replaced without {@code --force}. With {@code --openapi FILE --operation ID} the answers
 * the flags leave out come from that operation of an OpenAPI 3 document ({@link OpenApiScaffold}).
 *
 * <p>The route file's first line ties it to Camel's YAML DSL schema ({@value #ROUTE_SCHEMA}): an
 * editor with the YAML language server then checks the route's shape (route, from, steps, to). The
 * Kamelets' parameters are not covered by that schema (it allows any map there); {@code check}
 * validates them, and {@code docs/schema/tributary-http-source.parameters.schema.json} describes
 * them. The schema file's first line names {@value #SCHEMA_FILE_SCHEMA}, relative to the file.
 */
public final class NewCommand {
    /**
     * Camel's JSON Schema of a YAML DSL file, of the Camel version Tributary runs (the same file
     * ships in camel-yaml-dsl's jar as {@code schema/camelYamlDsl.json}).
     */
    public static final String ROUTE_SCHEMA =
            "https://raw.githubusercontent.com/apache/camel/camel-4.18.0/dsl/camel-yaml-dsl/"
                    + "camel-yaml-dsl/src/generated/resources/schema/camelYamlDsl.json";

    /** The JSON Schema of a schema file, in the working directory's {@code docs/schema}. */
    public static final String SCHEMA_FILE_SCHEMA = "docs/schema/tributary-schema-file.schema.json";

    /** A question on the terminal; answers null when there is no answer (end of input). */
    @FunctionalInterface
    public interface Prompt {
        String ask(String question);
    }

    private final PrintStream out;
    private final PrintStream err;
    private final Prompt prompt;

    /**
     * @param prompt where unanswered questions are asked; null: nowhere (no terminal), so a missing
     *     flag is an error
     */
    public NewCommand(PrintStream out, PrintStream err, Prompt prompt) {
        this.out = out;
        this.err = err;
        this.prompt = prompt;
    }

    /** The terminal's prompt, or null when the process has none (a pipe, CI, a test). */
    public static Prompt console() {
        java.io.Console console = System.console();
        return console == null ? null : question -> console.readLine("%s", question);
    }

    public int run(Options options) {
        Options.Scaffold given = options.scaffold;
        String name = given.name();
        if (!name.matches("[a-z][a-z0-9_-]{0,62}")) {
            return bad(
                    "NAME value '"
                            + name
                            + "': a connector's name is lower-case letters, digits, '-' and '_',"
                            + " starting with a letter, e.g. crm-deals");
        }
        OpenApiScaffold spec = null;
        if (given.openapi() != null) { // the document answers what the flags leave out
            try {
                spec = OpenApiScaffold.read(Path.of(given.openapi()), given.operation());
                given = spec.fill(given);
            } catch (OpenApiException e) {
                return bad(e.getMessage());
            }
        }
        Answers answers = new Answers();
        String url = answers.get("--url", given.url(), "URL of the records", null, NewCommand::url);
        String format =
                answers.get(
                        "--format",
                        given.format(),
                        "format " + allowed("format"),
                        "json",
                        v -> oneOf("format", v, allowedList("format")));
        boolean needsPath = !"jsonl".equals(format) && !"csv".equals(format);
        String recordsPath =
                needsPath
                        ? answers.get(
                                "--records-path",
                                given.recordsPath(),
                                "records path (a JSON pointer, e.g. /items; /: the body is the array)",
                                null,
                                NewCommand::pointer)
                        : null;
        String auth =
                answers.get(
                        "--auth",
                        given.auth(),
                        "auth " + Authenticators.NAMES,
                        null,
                        v -> oneOf("auth", v, Authenticators.NAMES));
        String tokenUrl =
                auth != null && Credentials.needsTokenUrl(auth)
                        ? answers.get(
                                "--token-url",
                                given.tokenUrl(),
                                auth.equals("session-login") ? "login URL" : "token URL",
                                null,
                                NewCommand::url)
                        : null;
        String pagination =
                answers.get(
                        "--pagination",
                        given.pagination(),
                        "pagination " + Paginations.NAMES,
                        null,
                        v -> oneOf("pagination", v, Paginations.NAMES));
        String cursorField =
                answers.get(
                        "--cursor-field",
                        given.cursorField(),
                        "cursor field (the records' change time, e.g. updated_at; empty: none)",
                        "",
                        NewCommand::column);
        String cursorParam =
                cursorField != null && !cursorField.isEmpty()
                        ? answers.get(
                                "--cursor-param",
                                given.cursorParam(),
                                "query parameter for 'changed since' (e.g. since; empty: none)",
                                "",
                                v -> v)
                        : null;
        String key = answers.get("--key", given.key(), "key field", "id", NewCommand::column);
        if (!answers.missing.isEmpty()) {
            return bad(
                    "missing "
                            + String.join(", ", answers.missing)
                            + " (there is no terminal to ask on); e.g. 'tributary new "
                            + name
                            + " --url https://api.example.com/v1/"
                            + name
                            + " --auth bearer --pagination page-number --records-path /items"
                            + " --cursor-field updated_at'");
        }
        if (!answers.problems.isEmpty()) {
            return bad(String.join("; ", answers.problems));
        }
        if (key.equals(cursorField)) {
            return bad("--key and --cursor-field name the same field '" + key + "'");
        }
        Path dir = Path.of(options.dir);
        Path route = dir.resolve(name + ".camel.yaml");
        Path schema = dir.resolve(name + ".schema.yaml");
        for (Path file : List.of(route, schema)) {
            if (Files.exists(file) && !options.force) {
                return bad(
                        file
                                + " exists; nothing was written (--force replaces it, or choose"
                                + " another NAME)");
            }
        }
        Credentials credentials = new Credentials(name, auth, given.authName(), tokenUrl, url);
        boolean fromSpec = spec != null && options.scaffold.url() == null;
        List<String> paging = spec == null ? null : spec.pagingLines(pagination);
        String routeText =
                routeFile(
                        name,
                        schema,
                        fromSpec ? spec.routeUrl(name) : url,
                        format,
                        recordsPath,
                        credentials,
                        pagination,
                        paging == null ? PagingLines.of(pagination) : paging,
                        spec == null ? List.of() : spec.notes(name, given),
                        cursorParam,
                        cursorField);
        String schemaText =
                spec == null
                        ? schemaFile(name, dir, key, cursorField)
                        : spec.schemaFile(name, schemaRef(dir), key, cursorField);
        try {
            Files.createDirectories(dir);
            Files.writeString(route, routeText, StandardCharsets.UTF_8);
            Files.writeString(schema, schemaText, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return bad("cannot write " + dir + ": " + e.getMessage());
        }
        out.println("wrote " + route);
        out.println("wrote " + schema);
        Map<String, String> lines = new LinkedHashMap<>(fromSpec ? spec.settings(name) : Map.of());
        lines.putAll(credentials.settings());
        int settings = settings(options, lines);
        if (settings != ExitCodes.OK) {
            return settings;
        }
        out.println("next: tributary check; tributary preview " + name);
        out.println(
                "      tributary schema infer "
                        + name
                        + " (columns from the first pages); tributary run --once "
                        + name);
        return ExitCodes.OK;
    }

    /** Prints the settings lines, and appends those not yet there with --write-settings. */
    private int settings(Options options, Map<String, String> lines) {
        if (lines.isEmpty()) {
            out.println("settings: none needed (auth none)");
            return ExitCodes.OK;
        }
        out.println(
                "settings (application.properties; each value comes from the environment variable it"
                        + " names):");
        lines.forEach((k, v) -> out.println("  " + k + "=" + v));
        if (!options.scaffold.writeSettings()) {
            out.println(
                    "  (add them to " + options.config + ", or run again with --write-settings)");
            return ExitCodes.OK;
        }
        Path file = Path.of(options.config);
        Properties present = new Properties();
        try {
            if (Files.exists(file)) {
                try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    present.load(in);
                }
            }
            StringBuilder text = new StringBuilder();
            text.append(
                    "\n# --- "
                            + options.scaffold.name()
                            + ": credentials of routes/"
                            + options.scaffold.name()
                            + ".camel.yaml (from the environment, never here)\n");
            List<String> kept = new ArrayList<>();
            lines.forEach(
                    (k, v) -> {
                        if (present.containsKey(k)) {
                            kept.add(k);
                        } else {
                            text.append(k).append('=').append(v).append('\n');
                        }
                    });
            if (kept.size() < lines.size()) {
                Files.writeString(
                        file,
                        text,
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            out.println(
                    "  appended to "
                            + file
                            + (kept.isEmpty() ? "" : "; already there, left as they are: " + kept));
        } catch (IOException e) {
            return bad("cannot write settings file " + file + ": " + e.getMessage());
        }
        return ExitCodes.OK;
    }

    static String routeFile(
            String name,
            Path schema,
            String url,
            String format,
            String recordsPath,
            Credentials credentials,
            String pagination,
            List<String> paging,
            List<String> notes,
            String cursorParam,
            String cursorField) {
        List<String> l = new ArrayList<>();
        l.add("# yaml-language-server: $schema=" + ROUTE_SCHEMA);
        l.add(
                "# "
                        + name
                        + ": written by 'tributary new "
                        + name
                        + "'. The connector is this route,");
        l.add(
                "# from the tributary-http-source Kamelet to the tributary-jdbc-sink Kamelet; its id");
        l.add("# is the connector's. Every parameter: docs/connector-parameters.md, or");
        l.add("# docs/schema/tributary-http-source.parameters.schema.json. 'tributary check'");
        l.add("# checks them all and sends the first request.");
        l.addAll(notes);
        l.add("- route:");
        l.add("    id: " + name);
        l.add("    from:");
        l.add("      uri: kamelet:tributary-http-source");
        l.add("      parameters:");
        l.add(
                "        schedule: "
                        + quote("timer:" + name + "?period=3600000")
                        + "   # hourly; a time of day: quartz:"
                        + name
                        + "?cron=0+0+6+*+*+?");
        l.add("        url: " + quote(url));
        if (!"json".equals(format)) {
            l.add("        format: " + format);
        }
        if (recordsPath != null) {
            l.add("        recordsPath: " + quote(recordsPath));
        }
        l.addAll(credentials.routeLines());
        l.add("        pagination: " + pagination);
        l.addAll(paging);
        if (cursorParam != null && !cursorParam.isEmpty()) {
            l.add(
                    "        cursorParam: "
                            + quote(cursorParam)
                            + "   # sent with the stored "
                            + cursorField
                            + "; records at or after it");
        } else if (cursorField != null && !cursorField.isEmpty()) {
            l.add(
                    "        # cursorParam: since   # the API's 'changed since' query parameter, if it"
                            + " has one: then a sync reads only what changed");
        }
        l.add("      steps:");
        l.add("        - to:");
        l.add("            uri: kamelet:tributary-jdbc-sink");
        l.add("            parameters:");
        l.add("              schema: " + quote(schema.toString().replace('\\', '/')));
        l.add("              table: " + name.replace('-', '_'));
        return String.join("\n", l) + "\n";
    }

    /**
     * {@value #SCHEMA_FILE_SCHEMA} as a schema file in {@code dir} names it: relative to the file,
     * as the YAML language server resolves it.
     */
    static String schemaRef(Path dir) {
        Path here = (dir == null ? Path.of("") : dir).toAbsolutePath().normalize();
        return here.relativize(Path.of(SCHEMA_FILE_SCHEMA).toAbsolutePath().normalize())
                .toString()
                .replace('\\', '/');
    }

    static String schemaFile(String name, Path dir, String key, String cursorField) {
        String schemaRef = schemaRef(dir);
        boolean cursor = cursorField != null && !cursorField.isEmpty();
        List<String> l = new ArrayList<>();
        l.add("# yaml-language-server: $schema=" + schemaRef);
        l.add(
                "# The table of "
                        + name
                        + ": one column per record field to load; a nested field by");
        l.add(
                "# its path, e.g. city: {type: string, path: /address/city}. Types: string, integer,");
        l.add("# decimal, boolean, date, timestamp, json. 'tributary schema infer " + name + "'");
        l.add("# proposes every column from the first pages.");
        l.add("primaryKey: [" + key + "]");
        if (cursor) {
            l.add("cursorField: " + cursorField);
        }
        l.add("columns:");
        int width = Math.max(key.length(), cursor ? cursorField.length() : 0) + 2;
        l.add("  " + pad(key + ":", width) + "{type: string, required: true}");
        if (cursor) {
            l.add("  " + pad(cursorField + ":", width) + "{type: timestamp, required: true}");
        }
        return String.join("\n", l) + "\n";
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(1, width - s.length() + 1));
    }

    /** A YAML double-quoted scalar. */
    static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private int bad(String problem) {
        err.println("tributary new: " + problem);
        return ExitCodes.BAD_USAGE;
    }

    private static List<String> allowedList(String parameter) {
        return ConnectorParameters.named(parameter).orElseThrow().allowed();
    }

    private static String allowed(String parameter) {
        return allowedList(parameter).toString();
    }

    private static String oneOf(String parameter, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw new IllegalArgumentException("must be one of " + allowed);
        }
        return value;
    }

    private static String url(String value) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not a URL", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("must be an http or https URL with a host");
        }
        return value;
    }

    private static String pointer(String value) {
        if (!value.startsWith("/") && !value.startsWith("$")) {
            throw new IllegalArgumentException(
                    "must be a JSON pointer such as /items (or $.items)");
        }
        return value;
    }

    private static String column(String value) {
        if (!value.isEmpty()) {
            try {
                SqlIdentifiers.validate(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "names a column: " + e.getMessage(), e); // the field's name is its column's
            }
        }
        return value;
    }

    /**
     * The answers: a flag's value, else the terminal's (asked until it is good), else the proposal;
     * a flag without a proposal and no terminal is missing.
     */
    private final class Answers {
        final List<String> missing = new ArrayList<>();
        final List<String> problems = new ArrayList<>();

        String get(
                String flag,
                String given,
                String question,
                String proposal,
                UnaryOperator<String> check) {
            if (given != null) {
                try {
                    return check.apply(given.strip());
                } catch (IllegalArgumentException e) {
                    problems.add(flag + " value '" + given + "': " + e.getMessage());
                    return given;
                }
            }
            if (prompt == null) {
                if (proposal == null) {
                    missing.add(flag);
                }
                return proposal;
            }
            while (true) {
                String a =
                        prompt.ask(
                                question
                                        + (proposal == null || proposal.isEmpty()
                                                ? ""
                                                : " [" + proposal + "]")
                                        + ": ");
                if (a == null) { // end of input: as if no terminal
                    if (proposal == null) {
                        missing.add(flag);
                    }
                    return proposal;
                }
                a = a.strip();
                if (a.isEmpty() && proposal != null) {
                    return proposal;
                }
                try {
                    return check.apply(a);
                } catch (IllegalArgumentException e) {
                    out.println("  '" + a + "' " + e.getMessage());
                }
            }
        }
    }

    /**
     * What an auth scheme needs in the route: each credential a placeholder of a setting, each
     * setting from an environment variable ({@code crm-deals.token={{env:CRM_DEALS_TOKEN}}}).
     */
    static final class Credentials {
        private final String auth;
        private final Map<String, String> route = new LinkedHashMap<>();
        private final Map<String, String> settings = new LinkedHashMap<>();
        private final String prefix;
        private final String env;

        Credentials(String name, String auth, String authName, String tokenUrl, String url) {
            this.auth = auth;
            this.prefix = name;
            this.env = name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
            switch (auth) {
                case "api-key-query" -> {
                    route.put("authName", authName == null ? "api_key" : authName);
                    secret("authSecret", "token");
                }
                case "api-key-header" -> {
                    route.put("authName", authName == null ? "X-API-Key" : authName);
                    secret("authSecret", "token");
                }
                case "basic" -> {
                    secret("authUser", "user");
                    secret("authSecret", "token");
                }
                case "bearer" -> secret("authSecret", "token");
                case "oauth2-client-credentials" -> {
                    route.put("authTokenUrl", tokenUrl);
                    secret("authClientId", "client-id");
                    secret("authClientSecret", "client-secret");
                }
                case "oauth2-refresh-token" -> {
                    route.put("authTokenUrl", tokenUrl);
                    secret("authClientId", "client-id");
                    secret("authClientSecret", "client-secret");
                    secret("authRefreshToken", "refresh-token");
                }
                case "jwt-bearer" -> {
                    route.put("authTokenUrl", tokenUrl);
                    secret("authClientId", "client-id");
                    secret("authKeyFile", "key-file");
                }
                case "jwt-self-signed" -> {
                    secret("authClientId", "client-id");
                    URI u = URI.create(url);
                    route.put("authAudience", u.getScheme() + "://" + u.getAuthority() + "/");
                    secret("authKeyFile", "key-file");
                }
                case "session-login" -> {
                    route.put("authLoginUrl", tokenUrl);
                    secret("authUser", "user");
                    secret("authSecret", "token");
                }
                default -> {} // none
            }
        }

        static boolean needsTokenUrl(String auth) {
            return auth.startsWith("oauth2-")
                    || auth.equals("jwt-bearer")
                    || auth.equals("session-login");
        }

        private void secret(String parameter, String setting) {
            String key = prefix + "." + setting;
            route.put(parameter, "{{" + key + "}}");
            settings.put(
                    key,
                    "{{env:"
                            + env
                            + "_"
                            + setting.toUpperCase(Locale.ROOT).replace('-', '_')
                            + "}}");
        }

        List<String> routeLines() {
            List<String> l = new ArrayList<>();
            l.add("        auth: " + auth);
            route.forEach(
                    (k, v) ->
                            l.add(
                                    "        "
                                            + k
                                            + ": "
                                            + quote(v)
                                            + (v.startsWith("{{")
                                                    ? "   # a setting, from the environment:"
                                                            + " never the value itself"
                                                    : "")));
            return l;
        }

        /** Setting -> its value, an {@code {{env:...}}} placeholder. */
        Map<String, String> settings() {
            return settings;
        }
    }
}
