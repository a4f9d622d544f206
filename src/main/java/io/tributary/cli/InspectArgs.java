package io.tributary.cli;

import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The commands that look at connectors without syncing them: check, preview, state, replay. */
final class InspectArgs {
    private InspectArgs() {}

    @Command(
            name = "check",
            description = {
                "Check routes, schemas, settings, secrets and credentials; sync nothing.",
                "Parses every route file and schema, resolves every placeholder and secret, and sends each",
                "connector's first request once (with its cursor) to see that its source accepts the credentials",
                "and the cursor, answers JSON with an array at recordsPath, and fills the schema's columns.",
                "Loads no rows and moves no cursor; it does spend one request of the API's budget",
                "(tributary_rate_limits) and may fetch a token (a rotated refresh token is stored in tributary_tokens).",
                "Prints one line per problem or warning, naming the file, the field and the value (secrets masked)."
            },
            footer = {
                "Exit codes: 0 all good; 1 a source refused the request or could not be reached;",
                "2 a route file, schema, parameter, placeholder or setting is wrong."
            })
    static final class Check extends CommandArgs {
        @Mixin TraceOption trace;

        @Override
        void into(Options.Builder parsed) {
            parsed.command(Options.Action.CHECK, List.of());
        }
    }

    @Command(
            name = "preview",
            description = {
                "Print the rows a connector's next sync would load; load nothing.",
                "Fetches pages from the stored cursor on, maps them with the schema and prints rows and dead letters.",
                "No table, row, dead letter or cursor is written; each request spends the API's budget",
                "(tributary_rate_limits) and a token scheme may rotate its refresh token (tributary_tokens).",
                "A child stream ({parent} in its url) is previewed for one parent: --parent ID.",
                "Gives up after tributary.preview.timeout (default PT5M)."
            },
            footer = {
                "Exit codes: 0 shown; 1 the fetch failed or timed out; 2 unknown connector or bad settings."
            })
    static final class Preview extends CommandArgs {
        @Mixin TraceOption trace;

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

        @Mixin PagesOption pages = new PagesOption(1);

        @Option(
                names = "--format",
                paramLabel = "FORMAT",
                defaultValue = "table",
                description = "table or json (one object per line) (default: ${DEFAULT-VALUE}).")
        String format;

        @Override
        void into(Options.Builder parsed) {
            parsed.command(Options.Action.PREVIEW, List.of(connector)).pages =
                    pages.checked(parsed);
            try {
                parsed.format = Options.Format.valueOf(format.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw parsed.bad("--format must be table or json, not '" + format + "'");
            }
            if (parent != null && parent.isBlank()) {
                throw parsed.bad("--parent needs the parent's id");
            }
            parsed.parent = parent;
        }
    }

    @Command(
            name = "state",
            description = {
                "Show or reset connectors' cursors; show their dead letters.",
                "show: each connector's (or one's) cursor, when it moved, and its dead letters.",
                "reset: forget a connector's cursor, so its next sync starts from cursorStart.",
                "Touches only the database (tributary_cursors, tributary_dead_letters): sends no request, and",
                "starts without the sources' secrets ({{env:...}} variables that are not set)."
            },
            footer = {"Exit codes: 0 done; 2 unknown connector or bad settings."})
    static final class State extends CommandArgs {
        @Parameters(index = "0", paramLabel = "show|reset", description = "show or reset")
        String verb;

        @Parameters(
                index = "1",
                paramLabel = "CONNECTOR",
                arity = "0..1",
                description = "The connector (required by reset).")
        String connector;

        @Override
        void into(Options.Builder parsed) {
            if ("show".equals(verb)) {
                parsed.command(
                        Options.Action.STATE_SHOW,
                        connector == null ? List.of() : List.of(connector));
            } else if ("reset".equals(verb)) {
                if (connector == null) {
                    throw parsed.bad("state reset needs the connector whose cursor to forget");
                }
                parsed.command(Options.Action.STATE_RESET, List.of(connector));
            } else {
                throw parsed.bad("state takes 'show' or 'reset', not '" + verb + "'");
            }
        }
    }

    @Command(
            name = "replay",
            description = {
                "Re-process a connector's dead letters after its schema or route was fixed.",
                "Maps each dead letter's record again: those that fit are loaded and leave the dead letters in",
                "the same transaction; those still failing stay, with their new reason. No sync runs; the cursor stays."
            },
            footer = {
                "Exit codes: 0 done; 2 unknown connector, a sink that cannot replay, or bad settings."
            })
    static final class Replay extends CommandArgs {
        @Parameters(
                index = "0",
                paramLabel = "CONNECTOR",
                description = "The connector whose dead letters to replay.")
        String connector;

        @Override
        void into(Options.Builder parsed) {
            parsed.command(Options.Action.REPLAY, List.of(connector));
        }
    }
}
