package io.tributary.cli;

import org.apache.camel.CamelContext;

/** What a command does once Camel has started with its routes loaded and not running. */
public interface Command {
    /**
     * @return the process's exit code ({@link ExitCodes})
     */
    int run(CamelContext context) throws Exception;

    /** Makes a command that prints to {@code out}. */
    interface Factory {
        Command create(java.io.PrintStream out, Options options);
    }
}
