package io.tributary.connector;

import java.util.List;

/**
 * The {@code tributary-http-source} Kamelet: a schedule fires a sync that pages through an HTTP API
 * and sends each page of records to {@code kamelet:sink}, that is, to the steps of the route that
 * uses it and on to its Tributary sink, which commits the page with its cursor and acknowledges it
 * (the page contract, docs/ARCHITECTURE.md). Its parameters are the {@code http-to-jdbc}
 * template's, less the target's, which the sink Kamelet takes.
 *
 * <pre>
 * - route:
 *     id: github-issues                      # the connector's id: cursor rows, logs, metrics
 *     from:
 *       uri: kamelet:tributary-http-source
 *       parameters: {schedule: "quartz:github?cron=0+0/15+*+*+*+?", url: ..., pagination: link-header}
 *       steps:
 *         - to:
 *             uri: kamelet:tributary-jdbc-sink
 *             parameters: {schema: routes/github-issues.schema.yaml, table: github_issues}
 * </pre>
 *
 * The Kamelet file ({@value #FILE}) is generated from these declarations by {@link ParameterDocs}.
 */
public final class HttpSourceKamelet {
    public static final String KAMELET = "tributary-http-source";
    public static final String FILE = "src/main/resources/kamelets/" + KAMELET + ".kamelet.yaml";
    public static final String TITLE = "Tributary HTTP source";
    public static final String DESCRIPTION =
            "Syncs a paged HTTP JSON API: on each schedule it reads the pages from the stored cursor on, "
                    + "within the API's rate limit and with its credentials (sent only to its own host), and sends each page "
                    + "of records (a JSON array) to the route's steps and its Tributary sink (tributary-jdbc-sink, "
                    + "tributary-file-sink), which commits it with the cursor and acknowledges it; then an end event. "
                    + "The route's id is the connector's.";

    /**
     * Every parameter of the template but the target's (the sink's); the id defaults to the
     * route's, which a Camel K Pipe names {@code binding} for every Pipe, so a Pipe sets it.
     */
    public static final List<Parameter> PARAMETERS =
            ConnectorParameters.HTTP_TO_JDBC.stream()
                    .filter(p -> p.group() != Parameter.Group.TARGET)
                    .map(
                            p ->
                                    !p.name().equals("connector")
                                            ? p
                                            : new Parameter(
                                                    p.name(),
                                                    p.group(),
                                                    p.type(),
                                                    null,
                                                    "the id of the route that uses the Kamelet",
                                                    p.allowed(),
                                                    false,
                                                    p.secret(),
                                                    p.minimum(),
                                                    p.examples(),
                                                    p.description()
                                                            + "; set it in a Camel K Pipe, whose route is always named binding",
                                                    p.property()))
                    .toList();

    /** The steps of one slice's run, indented for a split's {@code steps:}. */
    private static String run(String indent) {
        return java.util.Arrays.stream(
                        new String[] {
                            "- bean: {ref: \"{{tributaryHttpSource}}\", method: startRun}",
                            "- loop:",
                            "    doWhile: true",
                            "    simple: \"${exchangeProperty[tributary.more]}\"",
                            "    steps:",
                            "      - removeHeaders: {pattern: \"*\"}",
                            "      - bean: {ref: \"{{tributaryHttpSource}}\", method: prepareRequest}   # paging, cursor, credentials",
                            "      - to: \"{{url}}\"",
                            "      - bean: {ref: \"{{tributaryHttpSource}}\", method: readPage}   # the page's records: a JSON array",
                            "      - loop:   # once for a JSON response; a streamed one (jsonl, csv, xml) in pages of recordsPerPage",
                            "          doWhile: true",
                            "          simple: \"${exchangeProperty[tributary.pagePending]}\"",
                            "          steps:",
                            "            - bean: {ref: \"{{tributaryHttpSource}}\", method: toSink}",
                            "            - to: kamelet:sink   # the route's steps, then its sink: mapped, committed with the cursor",
                            "            - bean: {ref: \"{{tributaryHttpSource}}\", method: acknowledged}",
                            "            - bean: {ref: \"{{tributaryHttpSource}}\", method: nextChunk}",
                            "- bean: {ref: \"{{tributaryHttpSource}}\", method: endOfSync}",
                            "- to: kamelet:sink   # end: the sink publishes the sync",
                            "- bean: {ref: \"{{tributaryHttpSource}}\", method: finishRun}   # summary line, outcome"
                        })
                .map(line -> indent + line)
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    /**
     * The template's route: the same steps as {@code http-to-jdbc}, with the sink a hop away. A
     * trigger whose slices run at once ({@code concurrency}) takes the parallel split, on the
     * Kamelet's {@link SliceThreads}; else the slices run one after the other on its own thread.
     */
    static final String ROUTE =
            String.join(
                    "\n",
                    "    from:",
                    "      uri: \"{{schedule}}\"",
                    "      steps:",
                    "        - bean: {ref: \"{{tributaryHttpSource}}\", method: slices}   # a child stream's parents, else the stream",
                    "        - choice:",
                    "            when:",
                    "              - simple: \"${exchangeProperty["
                            + SliceConcurrency.PARALLEL
                            + "]}\"   # concurrency: slices at once",
                    "                steps:",
                    "                  - split:",
                    "                      simple: \"${body}\"",
                    "                      parallelProcessing: true",
                    "                      executorService: \"{{tributarySlices}}\"",
                    "                      steps:",
                    run("                        "),
                    "            otherwise:",
                    "              steps:",
                    "                - split:",
                    "                    simple: \"${body}\"",
                    "                    steps:",
                    run("                      "),
                    "");

    private HttpSourceKamelet() {}
}
