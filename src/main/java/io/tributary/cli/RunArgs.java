package io.tributary.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The command line's root ('tributary [--once]') and 'run': the connectors on their schedules. */
final class RunArgs {
    private RunArgs() {}

    @Command(
            name = "tributary",
            description = {
                "Runs the custom data connectors in routes/: HTTP sources paged into a database.",
                "Without a command it runs them on their schedules until stopped, as 'run' does;",
                "--once as 'run --once' does."
            },
            subcommands = {
                Run.class,
                InspectArgs.Check.class,
                InspectArgs.Preview.class,
                InspectArgs.State.class,
                InspectArgs.Replay.class,
                NewArgs.class,
                SchemaArgs.class,
                CassetteArgs.Record.class,
                CassetteArgs.Test.class,
                CommandLine.HelpCommand.class
            },
            footer = {
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
    static final class Root extends CommandArgs {
        @Mixin TraceOption trace;

        @Mixin OnceOption run;

        @Override
        void into(Options.Builder parsed) {
            // 'tributary --once NAME' is 'run --once NAME'
            if (!run.once && !run.connectors.isEmpty()) {
                throw parsed.bad(
                        "no command '"
                                + run.connectors.get(0)
                                + "'; to run connectors once: 'run --once "
                                + String.join(" ", run.connectors)
                                + "'; commands: "
                                + parsed.commandNames());
            }
            parsed.command(Options.Action.RUN, List.copyOf(run.connectors)).once = run.once;
        }
    }

    @Command(
            name = "run",
            description = {
                "Run the connectors on their schedules (the default), or once.",
                "Stops on Ctrl-C or SIGTERM; --once runs each connector (or those named) once, then exits.",
                "From a terminal a sync shows live progress (pages, records, records/s); otherwise it logs."
            },
            footer = {
                "Exit codes: 0 all succeeded; 1 a connector failed (--once); 2 cannot start."
            })
    static final class Run extends CommandArgs {
        @Mixin TraceOption trace;

        @Mixin OnceOption run;

        @Override
        void into(Options.Builder parsed) {
            OnceOption before = parsed.root().run;
            if (!before.connectors.isEmpty()) {
                throw parsed.bad(
                        "connectors "
                                + before.connectors
                                + " go after the command: 'run --once "
                                + String.join(" ", before.connectors)
                                + "'");
            }
            boolean once = run.once || before.once; // 'tributary --once run' as 'run --once'
            if (!once && !run.connectors.isEmpty()) {
                throw parsed.bad("connectors " + run.connectors + " can only be named with --once");
            }
            parsed.command(Options.Action.RUN, List.copyOf(run.connectors)).once = once;
        }
    }
}
