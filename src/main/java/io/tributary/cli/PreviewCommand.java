package io.tributary.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.connector.Connector;
import io.tributary.metrics.SyncOutcome;
import io.tributary.metrics.SyncOutcomes;
import io.tributary.sink.DeadLetter;
import io.tributary.sink.PreviewSink;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.DefaultExchange;

/**
 * {@code tributary preview CONNECTOR [--parent ID] [--pages N] [--format table|json]}: runs the
 * connector's route once against its source with a {@link PreviewSink} (nothing written, the cursor
 * not moved), then prints the mapped rows as an aligned table, or as JSON lines for {@code jq},
 * then the dead letters.
 *
 * <p>Only the previewed connector's route starts, and its trigger (a schedule, or the {@code
 * direct:} a driver route calls) is replaced by {@value #ENDPOINT}, which this command calls once:
 * so a child stream runs for the one parent given with {@code --parent} (a declarative child's
 * stored parent row, so its {@code {parent.FIELD}} placeholders and {@code parentColumns} are
 * filled), with no driver route and no other connector. The call is bounded by {@code
 * tributary.preview.timeout}: the command always ends.
 */
public final class PreviewCommand implements Command {
    static final int MAX_CELL = 40;
    public static final String ENDPOINT = "direct:tributary-preview";
    static final String PARENT_HEADER = "TributaryParent"; // ConnectorPaging.PARENT_HEADER
    static final java.time.Duration TIMEOUT = java.time.Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PrintStream out;
    private final Options options;

    public PreviewCommand(PrintStream out, Options options) {
        this.out = out;
        this.options = options;
    }

    /**
     * Before the routes start: refuses what cannot be previewed (a route that is no connector, a
     * child stream without its parent) and puts {@value #ENDPOINT} in place of the connector's
     * trigger.
     *
     * @throws IllegalArgumentException naming the connector and what to give instead
     */
    public static void prepare(ModelCamelContext context, Options options) {
        String name = options.connectors.get(0);
        RouteDefinition route = context.getRouteDefinition(name);
        if (route == null) {
            throw new IllegalArgumentException(
                    "connector '" + name + "' is not in the route files");
        }
        if (io.tributary.connector.FileSourceKamelet.isSource(route)) {
            if (options.parent != null) {
                throw new IllegalArgumentException(
                        "connector '"
                                + name
                                + "' reads a drop folder, not a child stream: drop --parent "
                                + options.parent);
            }
            // one look at the folder, which starts with the route: the first file by name,
            // under noop (the source forces it in preview), its first pages
            io.tributary.connector.ConnectorRoutes.setSchedule(route, ENDPOINT);
            return;
        }
        String url = urlOf(context, route);
        if (url == null) {
            Set<String> connectors = new java.util.TreeSet<>();
            context.getRouteDefinitions()
                    .forEach(
                            r -> {
                                if (urlOf(context, r) != null) {
                                    connectors.add(r.getRouteId());
                                }
                            });
            throw new IllegalArgumentException(
                    "route '"
                            + name
                            + "' is not a connector (it runs connectors, which preview shows one at a"
                            + " time); preview one of "
                            + connectors
                            + " (a child stream with --parent ID)");
        }
        String declared = declaredParent(context, route);
        boolean child = url.contains("{parent") || declared != null;
        if (child && options.parent == null) {
            throw new IllegalArgumentException(
                    "connector '"
                            + name
                            + "' is a child stream ("
                            + (declared != null ? declared : "its url '" + url + "' has {parent}")
                            + "): name the parent to preview, e.g. 'preview "
                            + name
                            + " --parent ID'");
        }
        if (!child && options.parent != null) {
            throw new IllegalArgumentException(
                    "connector '"
                            + name
                            + "' is not a child stream (no {parent} in its url, no parent or "
                            + "parentQuery): drop --parent "
                            + options.parent);
        }
        io.tributary.connector.ConnectorRoutes.setSchedule(
                route, ENDPOINT); // neither its schedule nor a driver route starts it: this
        // command does, once
    }

    /**
     * A connector route's url as written (a templated route's parameter, or the Connector bean's of
     * a route written in full); null for a route that is no connector. Templated connectors' beans
     * do not exist yet when the routes are prepared.
     */
    private static String urlOf(ModelCamelContext context, RouteDefinition route) {
        if (io.tributary.connector.ConnectorRoutes.isKameletSource(route)) {
            String url = io.tributary.connector.ConnectorRoutes.parameter(context, route, "url");
            return url == null ? "" : url;
        }
        java.util.Map<String, Object> parameters = route.getTemplateParameters();
        if (parameters != null && parameters.get("connector") != null) {
            Object url = parameters.get("url");
            return url == null ? "" : url.toString();
        }
        Connector bean =
                context.getRegistry()
                        .lookupByNameAndType(
                                "tributaryConnector:" + route.getRouteId(), Connector.class);
        return bean == null ? null : bean.masker().mask(String.valueOf(bean.getUrl()));
    }

    /**
     * How a declarative child names its parents ("parent tracker-projects", "parentQuery"), else
     * null.
     */
    private static String declaredParent(ModelCamelContext context, RouteDefinition route) {
        if (io.tributary.connector.ConnectorRoutes.isKameletSource(route)) {
            String parent =
                    io.tributary.connector.ConnectorRoutes.parameter(context, route, "parent");
            String query =
                    io.tributary.connector.ConnectorRoutes.parameter(context, route, "parentQuery");
            return parent != null && !parent.isBlank()
                    ? "parent " + parent
                    : query != null && !query.isBlank() ? "parentQuery" : null;
        }
        java.util.Map<String, Object> parameters = route.getTemplateParameters();
        if (parameters != null && parameters.get("connector") != null) {
            Object parent = parameters.get("parent");
            Object query = parameters.get("parentQuery");
            return parent != null && !parent.toString().isBlank()
                    ? "parent " + parent
                    : query != null && !query.toString().isBlank() ? "parentQuery" : null;
        }
        Connector bean =
                context.getRegistry()
                        .lookupByNameAndType(
                                "tributaryConnector:" + route.getRouteId(), Connector.class);
        return bean != null && bean.declaresParents() ? "declared parents" : null;
    }

    @Override
    public int run(CamelContext context) throws Exception {
        String connector = options.connectors.get(0);
        PreviewSink preview = PreviewSink.of(context).orElseThrow();
        SyncOutcomes outcomes =
                context.getRegistry()
                        .lookupByNameAndType("tributarySyncOutcomes", SyncOutcomes.class);
        Connector source =
                context.getRegistry()
                        .lookupByNameAndType("tributaryConnector:" + connector, Connector.class);
        java.time.Duration timeout =
                new io.tributary.config.Settings(context)
                        .duration("tributary.preview.timeout", TIMEOUT);
        io.tributary.connector.FileSource drop =
                context.getRegistry().findByType(io.tributary.connector.FileSource.class).stream()
                        .filter(f -> connector.equals(f.getId()))
                        .findFirst()
                        .orElse(null);
        if (drop != null) {
            return previewDrop(connector, drop, outcomes, preview, timeout);
        }
        Instant started = Instant.now().minusMillis(1);
        Exchange call = new DefaultExchange(context);
        if (options.parent != null) {
            call.getMessage().setHeader(PARENT_HEADER, options.parent);
        }
        Exchange done;
        try (ProducerTemplate producer = context.createProducerTemplate()) {
            done =
                    producer.asyncSend(ENDPOINT, call)
                            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable why = e.getCause() == null ? e : e.getCause();
            String text =
                    why.getMessage() == null ? why.getClass().getSimpleName() : why.getMessage();
            System.err.println(
                    "preview of "
                            + connector
                            + " failed: "
                            + (source == null ? text : source.masker().mask(text)));
            return ExitCodes.SYNC_FAILED;
        } catch (TimeoutException e) {
            System.err.println(
                    "preview of "
                            + connector
                            + " gave up: it did not finish within "
                            + timeout
                            + " (tributary.preview.timeout); nothing was written");
            return ExitCodes.SYNC_FAILED;
        }
        SyncOutcome outcome =
                outcomes.latest(connector)
                        .filter(o -> !o.startedAt().isBefore(started))
                        .orElse(null);
        if (outcome == null) {
            Exception e = done.getException();
            String why =
                    e == null
                            ? "its route ended without a sync"
                            : e.getMessage() == null
                                    ? e.getClass().getSimpleName()
                                    : e.getMessage();
            System.err.println(
                    "preview of "
                            + connector
                            + " failed: "
                            + (source == null ? why : source.masker().mask(why)));
            return ExitCodes.SYNC_FAILED;
        }
        print(
                preview,
                rows ->
                        rows
                                + " row(s) from "
                                + outcome.pages()
                                + " page(s) of "
                                + connector
                                + (options.parent == null
                                        ? ""
                                        : " for parent '" + options.parent + "'")
                                + "; nothing written, cursor unchanged"
                                + (outcome.cursor() != null
                                        ? " (a sync of these pages would move it to "
                                                + outcome.cursor()
                                                + ")"
                                        : ""));
        if (!outcome.success()) {
            System.err.println("preview of " + connector + " failed: " + outcome.error());
            return ExitCodes.SYNC_FAILED;
        }
        return ExitCodes.OK;
    }

    /**
     * A drop folder's connector: its route's one look at the folder began as the route started (the
     * first file by name, under noop, its first pages, no stored position read); this waits for
     * that file's outcome, or the look's that found none.
     */
    private int previewDrop(
            String connector,
            io.tributary.connector.FileSource drop,
            SyncOutcomes outcomes,
            PreviewSink preview,
            java.time.Duration timeout)
            throws Exception {
        // this process holds no outcome but the look's: it may have ended before this began
        if (!outcomes.awaitAll(Set.of(connector), Instant.EPOCH, timeout)) {
            System.err.println(
                    "preview of "
                            + connector
                            + " gave up: it did not finish within "
                            + timeout
                            + " (tributary.preview.timeout); nothing was written, no file moved");
            return ExitCodes.SYNC_FAILED;
        }
        SyncOutcome outcome = outcomes.latest(connector).orElseThrow();
        String file = drop.lastFile();
        print(
                preview,
                rows ->
                        rows
                                + " row(s) from "
                                + outcome.pages()
                                + " page(s) of "
                                + (file == null
                                        ? "no file (none in the folder matches)"
                                        : "file '" + file + "'")
                                + " of "
                                + connector
                                + "; nothing written, no file moved");
        if (!outcome.success()) {
            System.err.println("preview of " + connector + " failed: " + outcome.error());
            return ExitCodes.SYNC_FAILED;
        }
        return ExitCodes.OK;
    }

    /** The rows (a table and its closing line, or JSON lines), then the dead letters. */
    private void print(PreviewSink preview, java.util.function.IntFunction<String> closing)
            throws Exception {
        List<String> columns = preview.columns();
        List<Object[]> rows = preview.rows();
        if (options.format == Options.Format.JSON) {
            for (Object[] row : rows) {
                ObjectNode o = JSON.createObjectNode();
                for (int i = 0; i < columns.size(); i++) {
                    Object v =
                            i < row.length
                                    ? row[i]
                                    : null; // a row mapped before drift: evolve added a column
                    o.set(
                            columns.get(i),
                            JSON.valueToTree(
                                    v == null || v instanceof Number || v instanceof Boolean
                                            ? v
                                            : v.toString()));
                }
                out.println(JSON.writeValueAsString(o));
            }
        } else {
            out.print(table(columns, rows));
            out.println(closing.apply(rows.size()));
            for (String child : preview.childTables()) { // a schema's child tables, each its own
                List<Object[]> childRows = preview.childRows(child);
                out.println();
                out.println("child table __" + child + ": " + childRows.size() + " rows");
                out.print(table(preview.childColumns(child), childRows));
            }
        }
        for (DeadLetter d : preview.deadLetters()) {
            out.println(
                    "dead letter: field '"
                            + d.field()
                            + "' value '"
                            + d.value()
                            + "': "
                            + d.reason());
        }
    }

    /** An aligned text table; long cells are cut so a row stays readable. */
    static String table(List<String> columns, List<Object[]> rows) {
        List<String[]> cells = new ArrayList<>();
        int[] width = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            width[i] = columns.get(i).length();
        }
        for (Object[] row : rows) {
            String[] line = new String[columns.size()];
            for (int i = 0; i < columns.size(); i++) {
                String text =
                        i < row.length && row[i] != null
                                ? row[i].toString().replaceAll("\\s+", " ")
                                : "";
                line[i] = text.length() > MAX_CELL ? text.substring(0, MAX_CELL - 3) + "..." : text;
                width[i] = Math.max(width[i], line[i].length());
            }
            cells.add(line);
        }
        StringBuilder b = new StringBuilder();
        appendRow(b, columns.toArray(String[]::new), width);
        String[] rule = new String[columns.size()];
        for (int i = 0; i < rule.length; i++) {
            rule[i] = "-".repeat(width[i]);
        }
        appendRow(b, rule, width);
        cells.forEach(line -> appendRow(b, line, width));
        return b.toString();
    }

    private static void appendRow(StringBuilder b, String[] cells, int[] width) {
        for (int i = 0; i < cells.length; i++) {
            b.append(i == 0 ? "" : "  ")
                    .append(cells[i])
                    .append(" ".repeat(width[i] - cells[i].length()));
        }
        b.append(System.lineSeparator());
    }
}
