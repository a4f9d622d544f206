package io.tributary.cli;

import io.tributary.http.RecordedCall;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code tributary record CONNECTOR}: runs one sync of the connector against its real source (see
 * {@link CassetteRuns}: from {@code cursorStart}, into a throwaway in-memory database, never the
 * configured target) and writes every call it made, the token endpoint's included, to {@code
 * <connector>.cassette.yaml} beside its route file, scrubbed by {@link CassetteScrubber}. A failed
 * sync writes nothing and exits 1.
 */
public final class RecordCommand {
    private final PrintStream out;
    private final Supplier<Launch> launches;

    public RecordCommand(PrintStream out, Supplier<Launch> launches) {
        this.out = out;
        this.launches = launches;
    }

    public int run(Options options) {
        String connector = options.connectors.get(0);
        CassetteRuns runs = new CassetteRuns(launches);
        CassetteRuns.Recording r = runs.record(options, connector);
        if (r.exit() == ExitCodes.BAD_USAGE && r.outcome() == null) {
            System.err.println(
                    "tributary record: "
                            + (runs.lastProblem() == null
                                    ? "connector '" + connector + "' could not start"
                                    : runs.lastProblem()));
            return ExitCodes.BAD_USAGE;
        }
        if (r.outcome() == null || !r.outcome().success()) {
            System.err.println(
                    "record of "
                            + connector
                            + " failed: "
                            + (r.outcome() == null
                                    ? "its sync did not finish"
                                    : r.outcome().error())
                            + "; no cassette written");
            return ExitCodes.SYNC_FAILED;
        }
        if (r.routeFile() == null) {
            System.err.println(
                    "tributary record: connector '"
                            + connector
                            + "' is declared by no route file, so its cassette has no place");
            return ExitCodes.BAD_USAGE;
        }
        CassetteScrubber scrubber = new CassetteScrubber(r.masker());
        List<RecordedCall> scrubbed = r.calls().stream().map(scrubber::scrub).toList();
        Path file = Cassette.beside(r.routeFile(), connector);
        try {
            Cassette.write(file, connector, scrubbed);
        } catch (java.io.IOException e) {
            System.err.println(
                    "record of "
                            + connector
                            + ": cannot write "
                            + file
                            + " ("
                            + e.getMessage()
                            + ")");
            return ExitCodes.SYNC_FAILED;
        }
        out.println(
                "recorded "
                        + scrubbed.size()
                        + " call(s) of "
                        + connector
                        + " ("
                        + r.outcome().pages()
                        + " page(s), "
                        + r.outcome().rowsWritten()
                        + " row(s), cursor "
                        + r.outcome().cursor()
                        + ") to "
                        + file
                        + "; secrets scrubbed. Write your expectations in "
                        + file.resolveSibling(connector + Expectations.SUFFIX)
                        + " and run 'tributary test "
                        + connector
                        + "'");
        return ExitCodes.OK;
    }
}
