package io.tributary.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** 'record' and 'test': a connector's sync as a cassette, and the cassettes replayed offline. */
final class CassetteArgs {
    private CassetteArgs() {}

    @Command(
            name = "record",
            description = {
                "Record one sync of a connector as a cassette, for 'tributary test' (docs/testing-connectors.md).",
                "Runs the sync against the real source from cursorStart into a throwaway in-memory database",
                "(never the configured one) and writes every call, token endpoint included, to",
                "CONNECTOR.cassette.yaml beside the route file, with credentials, issued tokens and every",
                "known secret scrubbed. Each request spends the API's budget, as a sync does."
            },
            footer = {
                "Exit codes: 0 recorded; 1 the sync failed (nothing written); 2 unknown connector or bad settings."
            })
    static final class Record extends CommandArgs {
        @Parameters(index = "0", paramLabel = "CONNECTOR", description = "The connector to record.")
        String connector;

        @Override
        void into(Options.Builder parsed) {
            parsed.command(Options.Action.RECORD, List.of(connector));
        }
    }

    @Command(
            name = "test",
            description = {
                "Replay connectors' cassettes with no network and check their expectations.",
                "Each connector with a CONNECTOR.cassette.yaml (or those named) syncs against a loopback",
                "server answering from its cassette, into an in-memory H2, without its secrets; then",
                "CONNECTOR.expect.yaml is checked (outcome, rows, includes, cursor, deadLetters).",
                "Prints PASS or FAIL and the differences, one line per connector."
            },
            footer = {
                "Exit codes: 0 all passed; 1 one failed; 2 unknown connector, no cassette, a bad cassette or",
                "expectations file, or a route that does not start."
            })
    static final class Test extends CommandArgs {
        @Parameters(
                paramLabel = "CONNECTOR",
                arity = "0..*",
                description = "The connectors to test (default: every one with a cassette).")
        List<String> connectors = new ArrayList<>();

        @Override
        void into(Options.Builder parsed) {
            parsed.command(Options.Action.TEST, List.copyOf(connectors));
        }
    }
}
