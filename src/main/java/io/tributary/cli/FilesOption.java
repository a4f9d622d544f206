package io.tributary.cli;

import picocli.CommandLine.Option;

/** {@code --dir DIR --force}, mixed into the commands that write connector files. */
final class FilesOption {
    @Option(
            names = "--dir",
            paramLabel = "DIR",
            defaultValue = "routes",
            description = "Where the files go (default: ${DEFAULT-VALUE}).")
    String dir;

    @Option(names = "--force", description = "Replace files that exist.")
    boolean force;
}
