package io.tributary.cli;

import picocli.CommandLine.Option;

/**
 * {@code --trace}, mixed into each command that sends requests to a source; {@link Options#parse}
 * gives it to the command as the setting {@value Options#TRACE}, wherever on the line it stands
 * ('tributary --trace check' as 'check --trace').
 */
final class TraceOption {
    static final String NAME = "--trace";

    @Option(
            names = NAME,
            description =
                    "Print each request as sent (secrets masked) and each answer's status, time, size and records.")
    boolean trace;
}
