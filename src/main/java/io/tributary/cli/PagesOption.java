package io.tributary.cli;

import picocli.CommandLine.Option;

/**
 * {@code --pages N}, mixed into the commands that fetch a connector's first pages; each command
 * gives its own default, which the help shows.
 */
final class PagesOption {
    @Option(
            names = "--pages",
            paramLabel = "N",
            description = "Pages to fetch (default: ${DEFAULT-VALUE}).")
    int pages;

    PagesOption(int byDefault) {
        this.pages = byDefault;
    }

    /** The number of pages, or the error naming the flag and the value. */
    int checked(Options.Builder parsed) {
        if (pages < 1) {
            throw parsed.bad("--pages must be 1 or more, not " + pages);
        }
        return pages;
    }
}
