package io.tributary.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Unmatched;

/**
 * The command line, parsed by picocli:
 *
 * <pre>
 * tributary [run] [--once [CONNECTOR...]]        run on the schedules (default), or each connector once
 * tributary check                                routes, schemas, placeholders, secrets, one authenticated request each
 * tributary preview CONNECTOR [--parent ID] [--pages N] [--format table|json]
 * tributary state show [CONNECTOR] | state reset CONNECTOR
 * tributary new NAME [--url URL] [--auth SCHEME] [--pagination STYLE] [--records-path P] ...
 * tributary schema infer CONNECTOR [--pages N] [--write [--force]]
 * tributary schema diff CONNECTOR [--json]
 * tributary record CONNECTOR                     one sync's calls into CONNECTOR.cassette.yaml, secrets scrubbed
 * tributary test [CONNECTOR...]                  replay the cassettes offline, check CONNECTOR.expect.yaml
 * </pre>
 *
 * Every command takes {@code --config=FILE} and any setting as {@code --key=value} (a dotted key,
 * e.g. {@code --tributary.db.url=jdbc:postgresql://127.0.0.1/etl}), which wins over the file and
 * the environment. Bad usage is an {@link IllegalArgumentException} whose message says what and
 * how.
 */
public final class Options {
    /** What to do. */
    public enum Action {
        RUN,
        CHECK,
        PREVIEW,
        STATE_SHOW,
        STATE_RESET,
        REPLAY,
        NEW,
        SCHEMA_INFER,
        SCHEMA_DIFF,
        RECORD,
        TEST
    }

    public enum Format {
        TABLE,
        JSON
    }

    static final String SETTING =
            "  --<key>=<value>  Override one setting, e.g. --tributary.db.url=jdbc:postgresql://db/etl";

    public static final String USAGE = usage("tributary");

    public final Action action;
    public final boolean once;

    /**
     * {@code --trace} (run, --once, preview, check): each request and answer on logger {@code
     * io.tributary.trace}; also the setting {@value #TRACE}, as the flag gives it to the command.
     */
    public final boolean trace;

    public static final String TRACE = "tributary.trace";
    public final boolean help;
    public final boolean version;
    public final String config;
    public final Map<String, String> overrides;

    /** Connectors named on the command line (run --once, preview, state). */
    public final List<String> connectors;

    public final int pages;
    public final Format format;

    /** preview of a child stream: the parent id its url's {parent} stands for; else null. */
    public final String parent;

    /** The help text of the command that was asked for help. */
    public final String usage;

    /** {@code new}: its answers as given on the command line; null for the other commands. */
    public final Scaffold scaffold;

    /** {@code new}, {@code schema infer --write}: the folder their files go to. */
    public final String dir;

    /** {@code schema infer}: write the proposal to a file. */
    public final boolean write;

    /** {@code new}, {@code schema infer --write}: over files that exist. */
    public final boolean force;

    /**
     * {@code new NAME}'s flags; a null answer was not given (asked on the terminal, or an error
     * without one).
     *
     * @param writeSettings append the settings lines to the settings file instead of printing them
     *     only
     * @param openapi an OpenAPI 3 document whose operation answers what the flags leave out; null:
     *     none
     * @param operation the document's operationId of the list to load
     */
    public record Scaffold(
            String name,
            String url,
            String auth,
            String authName,
            String tokenUrl,
            String pagination,
            String recordsPath,
            String cursorField,
            String cursorParam,
            String key,
            String format,
            boolean writeSettings,
            String openapi,
            String operation) {}

    private Options(
            Action action,
            boolean once,
            boolean help,
            boolean version,
            String config,
            Map<String, String> overrides,
            List<String> connectors,
            int pages,
            Format format,
            String usage) {
        this(
                action,
                once,
                help,
                version,
                config,
                overrides,
                connectors,
                pages,
                format,
                usage,
                null);
    }

    private Options(
            Action action,
            boolean once,
            boolean help,
            boolean version,
            String config,
            Map<String, String> overrides,
            List<String> connectors,
            int pages,
            Format format,
            String usage,
            String parent) {
        this(
                action,
                once,
                help,
                version,
                config,
                overrides,
                connectors,
                pages,
                format,
                usage,
                parent,
                null,
                "routes",
                false,
                false);
    }

    private Options(
            Action action,
            boolean once,
            boolean help,
            boolean version,
            String config,
            Map<String, String> overrides,
            List<String> connectors,
            int pages,
            Format format,
            String usage,
            String parent,
            Scaffold scaffold,
            String dir,
            boolean write,
            boolean force) {
        this.scaffold = scaffold;
        this.dir = dir;
        this.write = write;
        this.force = force;
        this.parent = parent;
        this.action = action;
        this.once = once;
        this.trace = "true".equalsIgnoreCase(overrides.get(TRACE));
        this.help = help;
        this.version = version;
        this.config = config;
        this.overrides = overrides;
        this.connectors = connectors;
        this.pages = pages;
        this.format = format;
        this.usage = usage;
    }

    // ---- the commands, as picocli reads them ----

    /** Options every command takes. */
    static class Common {
        @Option(
                names = "--config",
                paramLabel = "FILE",
                defaultValue = "application.properties",
                description =
                        "The settings file (default: ${DEFAULT-VALUE} in the working directory).")
        String config;

        @Unmatched List<String> settings = new ArrayList<>();
    }

    /** A command that sends requests to a source, which its {@code --trace} shows. */
    interface Traced {
        String HELP =
                "Print each request as sent (secrets masked) and each answer's status, time, size and records.";

        boolean traced();
    }

    @Command(
            name = "tributary",
            mixinStandardHelpOptions = true,
            versionProvider = Version.class,
            sortOptions = false,
            usageHelpAutoWidth = false,
            usageHelpWidth = 100,
            description = {
                "Runs the custom data connectors in routes/: HTTP sources paged into a database.",
                "Without a command it runs them on their schedules until stopped, as 'run' does."
            },
            subcommands = {
                Run.class,
                Check.class,
                Preview.class,
                State.class,
                Replay.class,
                New.class,
                Schema.class,
                Record.class,
                Test.class,
                CommandLine.HelpCommand.class
            },
            footerHeading = "%n",
            footer = {
                SETTING,
                "",
                "Settings resolve in this order, last wins: built-in defaults, the settings file,",
                "environment variables (tributary.db.url -> TRIBUTARY_DB_URL), JVM -D options, the command line.",
                "",
                "Exit codes: 0 success; 1 a connector failed (run --once, preview) or a source refused",
                "check's request; 2 bad command line, settings, route or schema files, or no database.",
                "",
                "While 'run' keeps running: metrics, health and a status page on the management port",
                "(camel.management.port, 9876): /observe/metrics, /observe/health, /observe/status.",
                "'tributary help COMMAND' or 'tributary COMMAND --help' explains each command."
            })
    static class Root extends Common implements Traced {
        @Option(names = "--trace", description = Traced.HELP)
        boolean trace;

        @Override
        public boolean traced() {
            return trace;
        }

        @Option(
                names = "--once",
                description =
                        "Run every connector (or only those named) once, then exit (same as 'run --once').")
        boolean once;

        @Parameters(
                paramLabel = "CONNECTOR",
                arity = "0..*",
                description = "With --once: only these connectors (as 'run --once CONNECTOR').")
        List<String> connectors = new ArrayList<>();
    }

    @Command(
            name = "run",
            mixinStandardHelpOptions = true,
            versionProvider = Version.class,
            sortOptions = false,
            usageHelpAutoWidth = false,
            usageHelpWidth = 100,
            description = {
                "Run the connectors on their schedules (the default), or once.",
                "Stops on Ctrl-C or SIGTERM; --once runs each connector (or those named) once, then exits.",
                "From a terminal a sync shows live progress (pages, records, records/s); otherwise it logs."
            },
            footerHeading = "%n",
            footer = {
                SETTING,
                "",
                "Exit codes: 0 all succeeded; 1 a connector failed (--once); 2 cannot start."
            })
    static class Run extends Common implements Traced {
        @Option(names = "--trace", description = Traced.HELP)
        boolean trace;

        @Override
        public boolean traced() {
            return trace;
        }

        @Option(
                names = "--once",
                description = "Run each connector (or only those named) once, then exit.")
        boolean once;

        @Parameters(
                paramLabel = "CONNECTOR",
                arity = "0..*",
                description = "With --once: only these connectors.")
        List<String> connectors = new ArrayList<>();
    }

    @Command(
            name = "check",
            mixinStandardHelpOptions = true,
            versionProvider = Version.class,
            sortOptions = false,
            usageHelpAutoWidth = false,
            usageHelpWidth = 100,
            description = {
                "Check routes, schemas, settings, secrets and credentials; sync nothing.",
                "Parses every route file and schema, resolves every placeholder and secret, and sends each",
                "connector's first request once (with its cursor) to see that its source accepts the credentials",
                "and the cursor, answers JSON with an array at recordsPath, and fills the schema's columns.",
                "Loads no rows and moves no cursor; it does spend one request of the API's budget",
                "(tributary_rate_limits) and may fetch a token (a rotated refresh token is stored in tributary_tokens).",
                "Prints one line per problem or warning, naming the file, the field and the value (secrets masked)."
            },
            footerHeading = "%n",
            footer = {
                SETTING,
                "",
                "Exit codes: 0 all good; 1 a source refused the request or could not be reached;",
                "2 a route file, schema, parameter, placeholder or setting is wrong."
            })
    static class Check extends Common implements Traced {
        @Option(names = "--trace", description = Traced.HELP)
        boolean trace;

        @Override
        public boolean traced() {
            return trace;
        }
    }

    @Command(
            name = "preview",
            mixinStandardHelpOptions = true,
            versionProvider = Version.class,
            sortOptions = false,
            usageHelpAutoWidth = false,
            usageHelpWidth = 100,
            description = {
                "Print the rows a connector's next sync would load; load nothing.",
                "Fetches pages from the stored cursor on, maps them with the schema and prints rows and dead letters.",
                "No table, row, dead letter or cursor is written; each request spends the API's budget",
                "(tributary_rate_limits) and a token scheme may rotate its refresh token (tributary_tokens).",
                "A child stream ({parent} in its url) is previewed for one parent: --parent ID.",
                "Gives up after tributary.preview.timeout (default PT5M)."
            },
            footerHeading = "%n",
            footer = {
                SETTING,
                "",
                "Exit codes: 0 shown; 1 the fetch failed or timed out; 2 unknown connector or bad settings."
            })
    static class Preview extends Common implements Traced {
        @Option(names = "--trace", description = Traced.HELP)
        boolean trace;

        @Override
        public boolean traced() {
            return trace;
        }

        @Parameters(
                index = "0",
                paramLabel = "CONNECTOR",
                description = "The connector to preview.")
        String connector;

        @Option(
                names = "--parent",
                paramLabel = "ID",
                description = "A child stream's parent id (the {parent} in its url).")
        String parent;

        @Option(
                names = "--pages",
                paramLabel = "N",
                defaultValue = "1",
                description = "Pages to fetch (default: ${DEFAULT-VALUE}).")
        int pages;

        @Option(
                names = "--format",
                paramLabel = "FORMAT",
                defaultValue = "table",
                description = "table or json (one object per line) (default: ${DEFAULT-VALUE}).")
        String format;
    }

    @Command(
            name = "state",
            mixinStandardHelpOptions = true,
            versionProvider = Version.class,
            sortOptions = false,
            usageHelpAutoWidth = false,
            usageHelpWidth = 100,
            description = {
                "Show or reset connectors' cursors; show their dead letters.",
                "show: each connector's (or one's) cursor, when it moved, and its dead letters.",
                "reset: forget a connector's cursor, so its next sync starts from cursorStart.",
                "Touches only the database (tributary_cursors, tributary_dead_letters): sends no request, and",
                "starts without the sources' secrets ({{env:...}} variables that are not set)."
            },
            footerHeading = "%n",
            footer = {SETTING, "", "Exit codes: 0 done; 2 unknown connector or bad settings."})
    static class State extends Common {
        @Parameters(index = "0", paramLabel = "show|reset", description = "show or reset")
        String verb;

        @Parameters(
                index = "1",
                paramLabel = "CONNECTOR",
                arity = "0..1",
                description = "The connector (required by reset).")
        String connector;
    }

    @Command(
            name = "replay",
            mixinStandardHelpOptions = true,
            versionProvider = Version.class,
            sortOptions = false,
            usageHelpAutoWidth = false,
            usageHelpWidth = 100,
            description = {
                "Re-process a connector's dead letters after its schema or route was fixed.",
                "Maps each dead letter's record again: those that fit are loaded and leave the dead letters in",
                "the same transaction; those still failing stay, with their new reason. No sync runs; the cursor stays."
            },
            footerHeading = "%n",
            footer = {
                SETTING,
                "",
                "Exit codes: 0 done; 2 unknown connector, a sink that cannot replay, or bad settings."
            })
    static class Replay extends Common {
        @Parameters(
                index = "0",
                paramLabel = "CONNECTOR",
                description = "The connector whose dead letters to replay.")
        String connector;
    }

    @Command(
            name = "new",
            mixinStandardHelpOptions = true,
            versionProvider = Version.class,
            sortOptions = false,
            usageHelpAutoWidth = false,
            usageHelpWidth = 100,
            description = {
                "Write a new HTTP connector's files: its route, its schema and the settings it needs.",
                "routes/NAME.camel.yaml, routes/NAME.schema.yaml, and the settings lines of its credentials.",
                "Asks on the terminal for what the flags leave out; without a terminal",
                "a missing flag is an error. Secrets are never asked for: the files name {{env:NAME_TOKEN}}.",
                "With --openapi FILE --operation ID the answers come from an OpenAPI 3 document (docs/openapi-scaffolding.md).",
                "Then: 'tributary check', 'tributary preview NAME', 'tributary schema infer NAME'."
            },
            footerHeading = "%n",
            footer = {
                SETTING,
                "",
                "Exit codes: 0 written; 2 a missing or bad answer, or a file that exists (without --force)."
            })
    static class New extends Common {
        @Parameters(
                index = "0",
                paramLabel = "NAME",
                description = "The connector's id, e.g. crm-deals (also its table, crm_deals).")
        String name;

        @Option(
                names = "--url",
                paramLabel = "URL",
                description = "The records' endpoint, e.g. https://api.example.com/v1/deals.")
        String url;

        @Option(
                names = "--auth",
                paramLabel = "SCHEME",
                description =
                        "none, api-key-query, api-key-header, basic, bearer, oauth2-*, jwt-*, session-login.")
        String auth;

        @Option(
                names = "--auth-name",
                paramLabel = "NAME",
                description =
                        "api-key-*: the query parameter or header carrying the key (default: api_key, X-API-Key).")
        String authName;

        @Option(
                names = "--token-url",
                paramLabel = "URL",
                description =
                        "oauth2-*, jwt-bearer: the token endpoint; session-login: the login URL.")
        String tokenUrl;

        @Option(
                names = "--pagination",
                paramLabel = "STYLE",
                description =
                        "page-number, offset, cursor, next-url, link-header, has-more, end-flag, post-token, none.")
        String pagination;

        @Option(
                names = "--records-path",
                paramLabel = "POINTER",
                description = "Where a page's records are, e.g. /items (/: the body is the array).")
        String recordsPath;

        @Option(
                names = "--cursor-field",
                paramLabel = "FIELD",
                description =
                        "The records' change time, e.g. updated_at (\"\": none, each sync reads all).")
        String cursorField;

        @Option(
                names = "--cursor-param",
                paramLabel = "NAME",
                description =
                        "The query parameter asking for records changed since the cursor, e.g. since.")
        String cursorParam;

        @Option(
                names = "--key",
                paramLabel = "FIELD",
                defaultValue = "id",
                description =
                        "The records' unique field, the table's primary key (default: ${DEFAULT-VALUE}).")
        String key;

        @Option(
                names = "--format",
                paramLabel = "FORMAT",
                description = "json (default), jsonl, csv, xml or auto.")
        String format;

        @Option(
                names = "--dir",
                paramLabel = "DIR",
                defaultValue = "routes",
                description = "Where the files go (default: ${DEFAULT-VALUE}).")
        String dir;

        @Option(names = "--force", description = "Replace files that exist.")
        boolean force;

        @Option(
                names = "--openapi",
                paramLabel = "FILE",
                description =
                        "An OpenAPI 3 document (YAML or JSON): url, auth, records path, pagination (a guess), columns from it.")
        String openapi;

        @Option(
                names = "--operation",
                paramLabel = "ID",
                description = "With --openapi: the operationId of the list to load, e.g. getDeals.")
        String operation;

        @Option(
                names = "--write-settings",
                description =
                        "Append the settings lines to the settings file (--config), not only print them.")
        boolean writeSettings;
    }

    @Command(
            name = "schema",
            mixinStandardHelpOptions = true,
            versionProvider = Version.class,
            sortOptions = false,
            usageHelpAutoWidth = false,
            usageHelpWidth = 100,
            description = {
                "Work on a connector's schema file: 'schema infer CONNECTOR', 'schema diff CONNECTOR'."
            },
            subcommands = {SchemaInfer.class, SchemaDiff.class})
    static class Schema extends Common {}

    @Command(
            name = "infer",
            mixinStandardHelpOptions = true,
            versionProvider = Version.class,
            sortOptions = false,
            usageHelpAutoWidth = false,
            usageHelpWidth = 100,
            description = {
                "Propose a schema file from a connector's first pages, printed for review.",
                "Fetches as preview does (through the connector: its rate budget, masking, nothing written);",
                "columns, types, required, the key and the cursor are guessed from the records, each guess",
                "stated with its evidence. --write writes routes/CONNECTOR.schema.yaml if it does not exist."
            },
            footerHeading = "%n",
            footer = {
                SETTING,
                "",
                "Exit codes: 0 proposed; 1 the fetch failed or gave no records; 2 unknown connector, bad",
                "settings, or a schema file that exists (without --force)."
            })
    static class SchemaInfer extends Common {
        @Parameters(
                index = "0",
                paramLabel = "CONNECTOR",
                description = "The connector whose records to read.")
        String connector;

        @Option(
                names = "--pages",
                paramLabel = "N",
                defaultValue = "3",
                description = "Pages to read (default: ${DEFAULT-VALUE}).")
        int pages;

        @Option(
                names = "--write",
                description = "Also write the proposal to routes/CONNECTOR.schema.yaml (--dir).")
        boolean write;

        @Option(names = "--force", description = "With --write: replace the file if it exists.")
        boolean force;

        @Option(
                names = "--dir",
                paramLabel = "DIR",
                defaultValue = "routes",
                description = "Where --write puts the file (default: ${DEFAULT-VALUE}).")
        String dir;
    }

    @Command(
            name = "diff",
            mixinStandardHelpOptions = true,
            versionProvider = Version.class,
            sortOptions = false,
            usageHelpAutoWidth = false,
            usageHelpWidth = 100,
            description = {
                "Show what the connector's schema file will do to its table on the next start; change nothing.",
                "Columns added, types widened, NOT NULL dropped, and what would be refused (another key, a",
                "narrower or another type) and why; a table that does not exist yet: its columns. No request",
                "is sent and no secret is needed."
            },
            footerHeading = "%n",
            footer = {
                SETTING,
                "",
                "Exit codes: 0 the schema file can apply; 2 it would be refused, or unknown connector, bad",
                "settings or files, or no database."
            })
    static class SchemaDiff extends Common {
        @Parameters(
                index = "0",
                paramLabel = "CONNECTOR",
                description = "The connector whose schema file to compare with its table.")
        String connector;

        @Option(names = "--json", description = "One JSON object, for machines.")
        boolean json;
    }

    @Command(
            name = "record",
            mixinStandardHelpOptions = true,
            versionProvider = Version.class,
            sortOptions = false,
            usageHelpAutoWidth = false,
            usageHelpWidth = 100,
            description = {
                "Record one sync of a connector as a cassette, for 'tributary test' (docs/testing-connectors.md).",
                "Runs the sync against the real source from cursorStart into a throwaway in-memory database",
                "(never the configured one) and writes every call, token endpoint included, to",
                "CONNECTOR.cassette.yaml beside the route file, with credentials, issued tokens and every",
                "known secret scrubbed. Each request spends the API's budget, as a sync does."
            },
            footerHeading = "%n",
            footer = {
                SETTING,
                "",
                "Exit codes: 0 recorded; 1 the sync failed (nothing written); 2 unknown connector or bad settings."
            })
    static class Record extends Common {
        @Parameters(index = "0", paramLabel = "CONNECTOR", description = "The connector to record.")
        String connector;
    }

    @Command(
            name = "test",
            mixinStandardHelpOptions = true,
            versionProvider = Version.class,
            sortOptions = false,
            usageHelpAutoWidth = false,
            usageHelpWidth = 100,
            description = {
                "Replay connectors' cassettes with no network and check their expectations.",
                "Each connector with a CONNECTOR.cassette.yaml (or those named) syncs against a loopback",
                "server answering from its cassette, into an in-memory H2, without its secrets; then",
                "CONNECTOR.expect.yaml is checked (outcome, rows, includes, cursor, deadLetters).",
                "Prints PASS or FAIL and the differences, one line per connector."
            },
            footerHeading = "%n",
            footer = {
                SETTING,
                "",
                "Exit codes: 0 all passed; 1 one failed; 2 unknown connector, no cassette, a bad cassette or",
                "expectations file, or a route that does not start."
            })
    static class Test extends Common {
        @Parameters(
                paramLabel = "CONNECTOR",
                arity = "0..*",
                description = "The connectors to test (default: every one with a cassette).")
        List<String> connectors = new ArrayList<>();
    }

    /** Reads the version from the jar's manifest. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Options.class.getPackage().getImplementationVersion();
            return new String[] {"Tributary " + (v == null ? "(development build)" : v)};
        }
    }

    // ---- parsing ----

    public static Options parse(String... args) {
        CommandLine cli = commandLine();
        ParseResult result;
        try {
            result = cli.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage() + "\n\n" + usage(e.getCommandLine()));
        }
        ParseResult leaf = result;
        while (leaf.subcommand() != null) {
            leaf = leaf.subcommand();
        }
        CommandLine command = leaf.commandSpec().commandLine();
        if (command.getCommand() instanceof CommandLine.HelpCommand) {
            List<String> topic =
                    leaf.matchedPositionals().isEmpty()
                            ? List.of()
                            : leaf.matchedPositionals().get(0).stringValues();
            CommandLine about = topic.isEmpty() ? cli : cli.getSubcommands().get(topic.get(0));
            if (about == null) {
                throw new IllegalArgumentException(
                        "no command '"
                                + topic.get(0)
                                + "'; commands: "
                                + cli.getSubcommands().keySet());
            }
            return helpFor(about);
        }
        if (leaf.isUsageHelpRequested()) {
            return helpFor(command);
        }
        Object c = command.getCommand();
        Common common = (Common) c;
        boolean version = leaf.isVersionHelpRequested();
        Map<String, String> overrides = new LinkedHashMap<>();
        // settings before the command name belong to the root; after it to the command
        for (ParseResult r = result; r != null; r = r.subcommand()) {
            for (String arg : ((Common) r.commandSpec().userObject()).settings) {
                int eq = arg.indexOf('=');
                if (!arg.startsWith("--") || eq < 0 || !arg.substring(2, eq).contains(".")) {
                    throw new IllegalArgumentException(
                            "unknown option '"
                                    + arg
                                    + "'; settings are given as --key=value, e.g. "
                                    + "--tributary.demo.enabled=false\n\n"
                                    + usage(r.commandSpec().commandLine()));
                }
                overrides.put(arg.substring(2, eq), arg.substring(eq + 1));
            }
        }
        for (ParseResult r = result; r != null; r = r.subcommand()) {
            if (r.commandSpec().userObject() instanceof Traced
                    && ((Traced) r.commandSpec().userObject()).traced()) {
                overrides.put(TRACE, "true"); // 'tributary --trace check' as 'check --trace'
            }
        }
        String config = common.config;
        if (result.subcommand() != null) {
            String rootConfig = ((Common) result.commandSpec().userObject()).config;
            if (!config.equals(rootConfig) && config.equals("application.properties")) {
                config = rootConfig; // tributary --config=x run
            }
        }
        Root root = (Root) result.commandSpec().userObject();
        boolean rootOnce = root.once;
        if (c instanceof Run) {
            Run run = (Run) c;
            if (!root.connectors.isEmpty()) {
                throw new IllegalArgumentException(
                        "connectors "
                                + root.connectors
                                + " go after the command: 'run --once "
                                + String.join(" ", root.connectors)
                                + "'\n\n"
                                + usage(command));
            }
            if (!run.once && !rootOnce && !run.connectors.isEmpty()) {
                throw new IllegalArgumentException(
                        "connectors "
                                + run.connectors
                                + " can only be named with --once\n\n"
                                + usage(command));
            }
            return new Options(
                    Action.RUN,
                    run.once || rootOnce,
                    false,
                    version,
                    config,
                    overrides,
                    List.copyOf(run.connectors),
                    0,
                    Format.TABLE,
                    null);
        }
        if (rootOnce && c != root) {
            throw new IllegalArgumentException("--once belongs to 'run'\n\n" + usage(cli));
        }
        if (c instanceof Root) {
            // 'tributary --once NAME' is 'run --once NAME'
            if (!rootOnce && !root.connectors.isEmpty()) {
                throw new IllegalArgumentException(
                        "no command '"
                                + root.connectors.get(0)
                                + "'; to run connectors once: 'run --once "
                                + String.join(" ", root.connectors)
                                + "'; commands: "
                                + cli.getSubcommands().keySet()
                                + "\n\n"
                                + usage(cli));
            }
            return new Options(
                    Action.RUN,
                    rootOnce,
                    false,
                    version,
                    config,
                    overrides,
                    List.copyOf(root.connectors),
                    0,
                    Format.TABLE,
                    null);
        }
        if (c instanceof Check) {
            return new Options(
                    Action.CHECK,
                    false,
                    false,
                    version,
                    config,
                    overrides,
                    List.of(),
                    0,
                    Format.TABLE,
                    null);
        }
        if (c instanceof Preview) {
            Preview p = (Preview) c;
            if (p.pages < 1) {
                throw new IllegalArgumentException(
                        "--pages must be 1 or more, not " + p.pages + "\n\n" + usage(command));
            }
            Format format;
            try {
                format = Format.valueOf(p.format.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "--format must be table or json, not '"
                                + p.format
                                + "'\n\n"
                                + usage(command));
            }
            if (p.parent != null && p.parent.isBlank()) {
                throw new IllegalArgumentException(
                        "--parent needs the parent's id\n\n" + usage(command));
            }
            return new Options(
                    Action.PREVIEW,
                    false,
                    false,
                    version,
                    config,
                    overrides,
                    List.of(p.connector),
                    p.pages,
                    format,
                    null,
                    p.parent);
        }
        if (c instanceof New) {
            New n = (New) c;
            Scaffold answers =
                    new Scaffold(
                            n.name,
                            n.url,
                            n.auth,
                            n.authName,
                            n.tokenUrl,
                            n.pagination,
                            n.recordsPath,
                            n.cursorField,
                            n.cursorParam,
                            n.key,
                            n.format,
                            n.writeSettings,
                            n.openapi,
                            n.operation);
            return new Options(
                    Action.NEW,
                    false,
                    false,
                    version,
                    config,
                    overrides,
                    List.of(n.name),
                    0,
                    Format.TABLE,
                    null,
                    null,
                    answers,
                    n.dir,
                    false,
                    n.force);
        }
        if (c instanceof Schema) {
            throw new IllegalArgumentException(
                    "schema takes 'infer CONNECTOR' or 'diff CONNECTOR'\n\n" + usage(command));
        }
        if (c instanceof SchemaDiff) {
            SchemaDiff d = (SchemaDiff) c;
            return new Options(
                    Action.SCHEMA_DIFF,
                    false,
                    false,
                    version,
                    config,
                    overrides,
                    List.of(d.connector),
                    0,
                    d.json ? Format.JSON : Format.TABLE,
                    null);
        }
        if (c instanceof SchemaInfer) {
            SchemaInfer i = (SchemaInfer) c;
            if (i.pages < 1) {
                throw new IllegalArgumentException(
                        "--pages must be 1 or more, not " + i.pages + "\n\n" + usage(command));
            }
            if (i.force && !i.write) {
                throw new IllegalArgumentException(
                        "--force goes with --write (it replaces the file --write writes)\n\n"
                                + usage(command));
            }
            return new Options(
                    Action.SCHEMA_INFER,
                    false,
                    false,
                    version,
                    config,
                    overrides,
                    List.of(i.connector),
                    i.pages,
                    Format.TABLE,
                    null,
                    null,
                    null,
                    i.dir,
                    i.write,
                    i.force);
        }
        if (c instanceof Record || c instanceof Test) {
            return new Options(
                    c instanceof Record ? Action.RECORD : Action.TEST,
                    false,
                    false,
                    version,
                    config,
                    overrides,
                    c instanceof Record
                            ? List.of(((Record) c).connector)
                            : List.copyOf(((Test) c).connectors),
                    0,
                    Format.TABLE,
                    null);
        }
        if (c instanceof Replay) {
            return new Options(
                    Action.REPLAY,
                    false,
                    false,
                    version,
                    config,
                    overrides,
                    List.of(((Replay) c).connector),
                    0,
                    Format.TABLE,
                    null);
        }
        State s = (State) c;
        if ("show".equals(s.verb)) {
            return new Options(
                    Action.STATE_SHOW,
                    false,
                    false,
                    version,
                    config,
                    overrides,
                    s.connector == null ? List.of() : List.of(s.connector),
                    0,
                    Format.TABLE,
                    null);
        }
        if ("reset".equals(s.verb)) {
            if (s.connector == null) {
                throw new IllegalArgumentException(
                        "state reset needs the connector whose cursor to forget\n\n"
                                + usage(command));
            }
            return new Options(
                    Action.STATE_RESET,
                    false,
                    false,
                    version,
                    config,
                    overrides,
                    List.of(s.connector),
                    0,
                    Format.TABLE,
                    null);
        }
        throw new IllegalArgumentException(
                "state takes 'show' or 'reset', not '" + s.verb + "'\n\n" + usage(command));
    }

    /**
     * Whether this command fetches as {@code preview} does: a {@code PreviewSink} in place of every
     * sink, only the named connector started, its trigger replaced.
     */
    public boolean previews() {
        return action == Action.PREVIEW || action == Action.SCHEMA_INFER;
    }

    /** These options as {@code run --once CONNECTOR} (the test kit's one sync). */
    public Options onceFor(String connector) {
        return new Options(
                Action.RUN,
                true,
                false,
                false,
                config,
                overrides,
                List.of(connector),
                0,
                Format.TABLE,
                null);
    }

    /** These options as {@code state show}: the route files load, no route starts. */
    public Options discovery() {
        return new Options(
                Action.STATE_SHOW,
                false,
                false,
                false,
                config,
                overrides,
                List.of(),
                0,
                Format.TABLE,
                null);
    }

    private static Options helpFor(CommandLine command) {
        return new Options(
                Action.RUN,
                false,
                true,
                false,
                "application.properties",
                Map.of(),
                List.of(),
                0,
                Format.TABLE,
                usage(command));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Root());
        cli.setUnmatchedOptionsArePositionalParams(false);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    /** The help text of the root command or one of its commands ("run", "check", ...). */
    public static String usage(String command) {
        CommandLine cli = commandLine();
        return usage(command.equals("tributary") ? cli : cli.getSubcommands().get(command));
    }

    private static String usage(CommandLine command) {
        StringWriter out = new StringWriter();
        command.usage(new PrintWriter(out), CommandLine.Help.Ansi.OFF);
        return out.toString().stripTrailing();
    }
}
