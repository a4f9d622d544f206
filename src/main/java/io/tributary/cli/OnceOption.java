package io.tributary.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code --once [CONNECTOR...]}: 'run --once' and its short form 'tributary --once'. */
final class OnceOption {
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
