package io.tributary.cli;

import io.tributary.connector.RouteFiles;
import java.util.Map;

/**
 * One start of Tributary's Camel with the command line's options and some settings of its own, for
 * commands that start it more than once ({@code check}: the settings alone, then each route file).
 * The application implements it, so {@code cli} never reaches up to it.
 */
public interface Launch {
    /**
     * @return the command's exit code, or {@link ExitCodes#BAD_USAGE} when start-up failed
     */
    int start(Options options, Map<String, String> extra, Command work);

    /** Why the last start failed, in words, or null. */
    String lastProblem();

    /** The route files the last start loaded, and the connectors in each. */
    RouteFiles routeFiles();
}
