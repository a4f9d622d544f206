package io.tributary.connector;

import static io.tributary.connector.Parameter.Group.TARGET;
import static io.tributary.connector.Parameter.Type.ENUM;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The {@code tributary-file-sink} Kamelet's step: the pages of the route's Tributary source go to
 * JSON Lines, CSV or Parquet files, written to a hidden file and renamed into place when the sync
 * ends (then the cursor moves). It takes its pages from {@code tributary-http-source} ({@link
 * SinkBinding}); the file itself is {@code io.tributary.sink.FileSink}'s.
 */
public final class FileSinkStep implements Processor, CamelContextAware, SinkBinding.BoundSink {
    public static final String KAMELET = "tributary-file-sink";
    public static final String FILE = "src/main/resources/kamelets/" + KAMELET + ".kamelet.yaml";
    public static final String TITLE = "Tributary file sink";
    public static final String DESCRIPTION =
            "Writes the pages of the route's Tributary source (tributary-http-source) to JSON Lines, CSV or Parquet files "
                    + "under DIRECTORY/<table>/, mapped through the schema file: each sync's rows go to a hidden file that is "
                    + "fsynced and renamed into place when the sync ends, and only then does the cursor move.";

    /** {@code sink}'s file formats, under the name a file sink gives them. */
    static final Parameter FORMAT =
            Parameter.of("format", TARGET, ENUM)
                    .byDefault("jsonl")
                    .oneOf("jsonl", "csv", "parquet")
                    .describe(
                            "`jsonl` (one JSON object per line), `csv` (RFC 4180, a header line) or `parquet` (typed columns; files roll at `rollRows` / `rollMegabytes`)");

    /**
     * Set by the test kit ({@code tributary record}, {@code tributary test}, whose syncs go to a
     * throwaway database): a file sink writes under {@code <this folder>/<connector>} instead of
     * its {@code directory}, so nothing lands among the real files.
     */
    public static final String TESTKIT_DIRECTORY = "tributary.testkit.file-sink-directory";

    /** The folder a connector's file sink writes under: its {@code directory}, or the kit's. */
    static String directory(CamelContext context, String connector, String configured) {
        String kit = new io.tributary.config.Settings(context).text(TESTKIT_DIRECTORY, null);
        return kit == null || kit.isBlank()
                ? configured
                : java.nio.file.Path.of(kit, connector).toString();
    }

    public static final List<Parameter> PARAMETERS =
            List.of(
                    ConnectorParameters.named("schema").orElseThrow(),
                    ConnectorParameters.named("table").orElseThrow(),
                    FORMAT,
                    ConnectorParameters.named("directory").orElseThrow(),
                    ConnectorParameters.named("partition").orElseThrow(),
                    ConnectorParameters.named("partitionColumn").orElseThrow(),
                    ConnectorParameters.named("rollRows").orElseThrow(),
                    ConnectorParameters.named("rollMegabytes").orElseThrow(),
                    ConnectorParameters.named("drift").orElseThrow());

    static final String ROUTE =
            String.join(
                    "\n",
                    "    from:",
                    "      uri: kamelet:source",
                    "      steps:",
                    "        - process: {ref: \"{{tributaryFileSink}}\"}",
                    "");

    private final Map<String, String> settings = new LinkedHashMap<>();
    private String callingRoute;
    private CamelContext context;
    private volatile Connector connector;

    @Override
    public void process(Exchange exchange) {
        Connector bound = connector;
        if (bound == null) {
            throw new IllegalStateException(
                    "kamelet "
                            + KAMELET
                            + " on route '"
                            + callingRoute
                            + "' takes pages from a Tributary source (kamelet:"
                            + HttpSourceKamelet.KAMELET
                            + ") on the same route");
        }
        bound.receive(exchange);
    }

    /** The Kamelet's {@code initMethod}: binds it to its route's source. */
    public void initialize() {
        ParameterChecks.check(callingRoute, List.of(FORMAT), List.of(), settings::get);
        SinkBinding.of(context).sink(callingRoute, this);
    }

    @Override
    public String kamelet() {
        return KAMELET;
    }

    @Override
    public Map<String, String> connectorSettings() {
        Map<String, String> s = new LinkedHashMap<>(settings);
        s.put("sink", s.remove("format") == null ? FORMAT.defaultValue() : settings.get("format"));
        return s;
    }

    @Override
    public void bound(Connector connector) {
        this.connector = connector;
    }

    public void setCallingRoute(String callingRoute) {
        this.callingRoute = callingRoute;
    }

    public void setSchema(String value) {
        settings.put("schema", value);
    }

    public void setTable(String value) {
        settings.put("table", value);
    }

    public void setFormat(String value) {
        settings.put("format", value);
    }

    public void setDirectory(String value) {
        settings.put("directory", value);
    }

    public void setPartition(String value) {
        settings.put("partition", value);
    }

    public void setPartitionColumn(String value) {
        settings.put("partitionColumn", value);
    }

    public void setRollRows(String value) {
        settings.put("rollRows", value);
    }

    public void setRollMegabytes(String value) {
        settings.put("rollMegabytes", value);
    }

    public void setDrift(String value) {
        settings.put("drift", value);
    }

    @Override
    public void setCamelContext(CamelContext context) {
        this.context = context;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }
}
