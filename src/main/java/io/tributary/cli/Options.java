package io.tributary.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

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
 * how. The commands' flags are declared in {@link RunArgs}, {@link InspectArgs}, {@link NewArgs},
 * {@link SchemaArgs} and {@link CassetteArgs}; those several commands share ({@code --config},
 * {@code --trace}, {@code --once}, {@code --pages}, {@code --dir}/{@code --force}) once each, in
 * {@link CommandArgs} and the {@code *Option} mixins.
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

    private Options(Builder b) {
        this.action = b.action;
        this.once = b.once;
        this.trace = "true".equalsIgnoreCase(b.overrides.get(TRACE));
        this.help = b.help;
        this.version = b.version;
        this.config = b.config;
        this.overrides = b.overrides;
        this.connectors = b.connectors;
        this.pages = b.pages;
        this.format = b.format;
        this.parent = b.parent;
        this.usage = b.usage;
        this.scaffold = b.scaffold;
        this.dir = b.dir;
        this.write = b.write;
        this.force = b.force;
    }

    /**
     * What one command line says, filled in by its command's {@link CommandArgs#into}; a field left
     * alone keeps the value every command without that flag has.
     */
    static final class Builder {
        private final CommandLine cli;
        private final CommandLine command;
        Action action = Action.RUN;
        boolean once;
        boolean help;
        boolean version;
        String config = CommandArgs.DEFAULT_CONFIG;
        Map<String, String> overrides = Map.of();
        List<String> connectors = List.of();
        int pages;
        Format format = Format.TABLE;
        String parent;
        String usage;
        Scaffold scaffold;
        String dir = "routes";
        boolean write;
        boolean force;

        /**
         * {@code command}: the one parsed, under {@code cli}; both null for options made in code.
         */
        Builder(CommandLine cli, CommandLine command) {
            this.cli = cli;
            this.command = command;
        }

        Builder command(Action action, List<String> connectors) {
            this.action = action;
            this.connectors = connectors;
            return this;
        }

        /** Bad usage of the command: the message, then its help. */
        IllegalArgumentException bad(String message) {
            return new IllegalArgumentException(message + "\n\n" + Options.usage(command));
        }

        /** What was given before the command's name ('tributary --once run'). */
        RunArgs.Root root() {
            return cli.getCommand();
        }

        Set<String> commandNames() {
            return cli.getSubcommands().keySet();
        }
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
        Builder parsed = new Builder(cli, command);
        parsed.version = leaf.isVersionHelpRequested();
        parsed.overrides = settings(result);
        CommandArgs given = command.getCommand();
        parsed.config = given.config;
        if (result.subcommand() != null) {
            String rootConfig = parsed.root().config;
            if (!parsed.config.equals(rootConfig)
                    && parsed.config.equals(CommandArgs.DEFAULT_CONFIG)) {
                parsed.config = rootConfig; // tributary --config=x run
            }
        }
        if (parsed.root().run.once
                && !(given instanceof RunArgs.Root || given instanceof RunArgs.Run)) {
            throw new IllegalArgumentException("--once belongs to 'run'\n\n" + usage(cli));
        }
        given.into(parsed);
        return new Options(parsed);
    }

    /** The {@code --key=value} settings and {@code --trace}, before or after the command's name. */
    private static Map<String, String> settings(ParseResult result) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (ParseResult r = result; r != null; r = r.subcommand()) {
            for (String arg : ((CommandArgs) r.commandSpec().userObject()).settings) {
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
            if (r.hasMatchedOption(TraceOption.NAME)) {
                overrides.put(TRACE, "true"); // 'tributary --trace check' as 'check --trace'
            }
        }
        return overrides;
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
        Builder b = inCode().command(Action.RUN, List.of(connector));
        b.once = true;
        return new Options(b);
    }

    /** These options as {@code state show}: the route files load, no route starts. */
    public Options discovery() {
        return new Options(inCode().command(Action.STATE_SHOW, List.of()));
    }

    private Builder inCode() {
        Builder b = new Builder(null, null);
        b.config = config;
        b.overrides = overrides;
        return b;
    }

    private static Options helpFor(CommandLine command) {
        Builder b = new Builder(null, null);
        b.help = true;
        b.usage = usage(command);
        return new Options(b);
    }

    static CommandLine commandLine() {
        CommandLine cli = CommandArgs.withSettingsLine(new CommandLine(new RunArgs.Root()));
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
