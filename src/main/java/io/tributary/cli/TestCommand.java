package io.tributary.cli;

import io.tributary.http.RecordedCall;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code tributary test [CONNECTOR]}: replays each connector's cassette (every connector that has
 * one, or the one named) with no network, into an in-memory H2, and checks its {@code
 * <connector>.expect.yaml} ({@link Expectations}; without one: a successful sync that asked only
 * what the cassette holds). One line per connector, {@code PASS} or {@code FAIL} with the
 * differences; exit 0 all passed, 1 one failed, 2 bad input (an unknown connector, no cassette, a
 * broken cassette or expectations file, a route that does not start) before anything replays.
 */
public final class TestCommand {
    private final PrintStream out;
    private final Supplier<Launch> launches;

    public TestCommand(PrintStream out, Supplier<Launch> launches) {
        this.out = out;
        this.launches = launches;
    }

    /** One connector to replay: its cassette's calls and what is expected of them. */
    record Case(String connector, List<RecordedCall> calls, Expectations expected) {}

    public int run(Options options) {
        CassetteRuns runs = new CassetteRuns(launches);
        List<Case> cases;
        try {
            cases = cases(runs, options);
        } catch (IllegalArgumentException e) {
            System.err.println("tributary test: " + e.getMessage());
            return ExitCodes.BAD_USAGE;
        }
        int exit = ExitCodes.OK;
        for (Case c : cases) {
            ReplayResult r;
            try {
                r = runs.replay(options, c.connector(), c.calls(), c.expected().table());
            } catch (java.io.IOException e) {
                System.err.println("tributary test: cannot listen on 127.0.0.1: " + e.getMessage());
                return ExitCodes.BAD_USAGE;
            }
            if (r == null) {
                System.err.println("tributary test: " + c.connector() + ": " + runs.lastProblem());
                return ExitCodes.BAD_USAGE;
            }
            List<String> differences = c.expected().differences(r);
            if (differences.isEmpty()) {
                out.println(
                        "PASS "
                                + c.connector()
                                + " ("
                                + r.rows().size()
                                + " row(s), cursor "
                                + r.cursor()
                                + ", "
                                + r.deadLetterReasons().size()
                                + " dead letter(s))");
            } else {
                out.println("FAIL " + c.connector() + ": " + String.join("; ", differences));
                exit = ExitCodes.SYNC_FAILED;
            }
        }
        return exit;
    }

    /**
     * Replays one connector's cassette, for the test kit's Java helper.
     *
     * @throws IllegalArgumentException bad input, as {@code tributary test} exits 2 for
     */
    public static ReplayResult replay(Options options, String connector, Supplier<Launch> launches)
            throws java.io.IOException {
        CassetteRuns runs = new CassetteRuns(launches);
        Case c =
                cases(runs, options).stream()
                        .filter(x -> x.connector().equals(connector))
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "connector '" + connector + "' has no cassette"));
        ReplayResult r = runs.replay(options, connector, c.calls(), c.expected().table());
        if (r == null) {
            throw new IllegalArgumentException(connector + ": " + runs.lastProblem());
        }
        return r;
    }

    /** The differences between a replay and its connector's expectations file; empty: it passes. */
    public static List<String> differences(
            Options options, ReplayResult r, Supplier<Launch> launches) {
        return cases(new CassetteRuns(launches), options).stream()
                .filter(x -> x.connector().equals(r.connector()))
                .findFirst()
                .map(x -> x.expected().differences(r))
                .orElse(List.of("connector '" + r.connector() + "' has no cassette"));
    }

    /**
     * Every connector to replay, each cassette and expectations file read.
     *
     * @throws IllegalArgumentException naming the connector or file and what is wrong
     */
    static List<Case> cases(CassetteRuns runs, Options options) {
        Map<String, String> files = runs.routeFiles(options);
        if (files == null) {
            throw new IllegalArgumentException(
                    runs.lastProblem() == null
                            ? "the route files do not load"
                            : runs.lastProblem());
        }
        Map<String, Path> cassettes = new LinkedHashMap<>();
        files.forEach(
                (connector, file) -> {
                    Path cassette = Cassette.beside(file, connector);
                    if (Files.exists(cassette)) {
                        cassettes.put(connector, cassette);
                    }
                });
        List<String> named = options.connectors;
        for (String n : named) {
            if (!files.containsKey(n)) {
                throw new IllegalArgumentException(
                        "connector '"
                                + n
                                + "' is not in the route files; known: "
                                + files.keySet());
            }
            if (!cassettes.containsKey(n)) {
                throw new IllegalArgumentException(
                        "connector '"
                                + n
                                + "' has no cassette ("
                                + Cassette.beside(files.get(n), n)
                                + "): record one with 'tributary record "
                                + n
                                + "'");
            }
        }
        if (cassettes.isEmpty()) {
            throw new IllegalArgumentException(
                    "no connector has a cassette (<connector>"
                            + Cassette.SUFFIX
                            + " beside its route file): record one with 'tributary record"
                            + " CONNECTOR'");
        }
        List<Case> cases = new ArrayList<>();
        cassettes.forEach(
                (connector, cassette) -> {
                    if (named.isEmpty() || named.contains(connector)) {
                        Path expect = cassette.resolveSibling(connector + Expectations.SUFFIX);
                        cases.add(
                                new Case(
                                        connector,
                                        Cassette.read(cassette),
                                        Files.exists(expect)
                                                ? Expectations.read(expect)
                                                : Expectations.none()));
                    }
                });
        return cases;
    }
}
