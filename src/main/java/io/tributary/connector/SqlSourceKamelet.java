package io.tributary.connector;

import static io.tributary.connector.Parameter.Group.INCREMENTAL;
import static io.tributary.connector.Parameter.Group.PAGING;
import static io.tributary.connector.Parameter.Group.SOURCE;
import static io.tributary.connector.Parameter.Type.DURATION;
import static io.tributary.connector.Parameter.Type.INTEGER;
import static io.tributary.connector.Parameter.Type.LIST;
import static io.tributary.connector.Parameter.Type.STRING;

import java.util.List;

/**
 * The {@code tributary-sql-source} Kamelet: a schedule fires a sync that reads a table (or a
 * SELECT) of another database page by page, by keyset on a cursor column and its key columns, and
 * sends each page of rows to {@code kamelet:sink}: the route's steps, then its {@code
 * tributary-jdbc-sink}, which commits the page's rows with the page's position (its last keyset
 * position, as the page's message id) in one transaction ({@link SqlSource}).
 *
 * <pre>
 * - route:
 *     id: erp-orders                       # the connector's id: the key of its position, logs, metrics
 *     from:
 *       uri: kamelet:tributary-sql-source
 *       parameters:
 *         schedule: "quartz:erp-orders?cron=0+0/5+*+*+*+?"
 *         sourceUrl: jdbc:postgresql://erp-db:5432/erp
 *         sourceUser: reader
 *         sourcePassword: "{{env:ERP_DB_PASSWORD}}"
 *         table: orders
 *         cursorColumn: updated_at
 *         keyColumns: id
 *       steps:
 *         - to:
 *             uri: kamelet:tributary-jdbc-sink
 *             parameters: {schema: routes/erp-orders.schema.yaml, table: erp_orders}
 * </pre>
 *
 * The Kamelet file ({@value #FILE}) is generated from these declarations by {@link ParameterDocs}.
 */
public final class SqlSourceKamelet {
    public static final String KAMELET = "tributary-sql-source";
    public static final String FILE = "src/main/resources/kamelets/" + KAMELET + ".kamelet.yaml";
    public static final String TITLE = "Tributary SQL source";
    public static final String DESCRIPTION =
            "Syncs a table (or a SELECT) of another database: on each schedule it reads the rows changed since "
                    + "the stored position, page by page by keyset on the cursor column and the key columns (never OFFSET), "
                    + "and sends each page of rows (a JSON array) to the route's steps and its tributary-jdbc-sink, which "
                    + "commits it with the page's position and acknowledges it; then an end event. The route's id is the "
                    + "connector's.";

    /** The Kamelet's parameters, declared once; {@code schedule} as the HTTP source's. */
    public static final List<Parameter> PARAMETERS =
            List.of(
                    Parameter.of("connector", SOURCE, STRING)
                            .defaultNote("the id of the route that uses the Kamelet")
                            .property("connector")
                            .examples("erp-orders")
                            .describe(
                                    "the connector's id: the key of its position, its name in logs and metrics; "
                                            + "set it in a Camel K Pipe, whose route is always named binding"),
                    ConnectorParameters.named("schedule").orElseThrow(),
                    Parameter.of("sourceUrl", SOURCE, STRING)
                            .examples("jdbc:postgresql://erp-db:5432/erp", "jdbc:h2:file:./erp")
                            .describe(
                                    "JDBC URL of the source database (PostgreSQL or H2: the drivers Tributary ships); "
                                            + "Tributary opens a small pool of its own to it. Or `sourceDataSource`"),
                    Parameter.of("sourceUser", SOURCE, STRING)
                            .examples("reader")
                            .describe("the source database's user, with `sourceUrl`"),
                    Parameter.of("sourcePassword", SOURCE, STRING)
                            .asSecret()
                            .examples("{{env:ERP_DB_PASSWORD}}")
                            .describe(
                                    "the user's password — always a placeholder such as `{{env:ERP_DB_PASSWORD}}`, never the "
                                            + "password itself; never shown in logs or errors"),
                    Parameter.of("sourceDataSource", SOURCE, STRING)
                            .examples("erpDataSource")
                            .describe(
                                    "instead of `sourceUrl`: the name of a `javax.sql.DataSource` bean bound in the registry "
                                            + "(e.g. declared under `beans:` in a route file)"),
                    Parameter.of("table", SOURCE, STRING)
                            .examples("orders", "sales.orders")
                            .describe(
                                    "the source table, `table` or `schema.table` (lower-case letters, digits, _); "
                                            + "its columns are the records' fields. Or `query`"),
                    Parameter.of("query", SOURCE, STRING)
                            .examples(
                                    "SELECT o.id, o.updated_at, c.name AS customer FROM orders o JOIN customers c ON c.id = o.customer_id")
                            .describe(
                                    "instead of `table`: a SELECT whose columns are the records' fields; it is read as a "
                                            + "subquery, so `cursorColumn` and `keyColumns` name its output columns"),
                    Parameter.of("cursorColumn", INCREMENTAL, STRING)
                            .asRequired()
                            .examples("updated_at", "id")
                            .describe(
                                    "the column that grows when a row is inserted or changed: an updated-at timestamp, "
                                            + "or an increasing id (then only new rows are read)"),
                    Parameter.of("keyColumns", INCREMENTAL, LIST)
                            .asRequired()
                            .examples("id", "order_id,line")
                            .describe(
                                    "the columns that tell rows with the same cursor value apart, comma-separated, "
                                            + "e.g. the primary key; may be the cursor column itself when it is unique (an id)"),
                    Parameter.of("pageSize", PAGING, INTEGER)
                            .byDefault("1000")
                            .minimum(1)
                            .examples("1000")
                            .describe("rows per page; each page is one transaction in the target"),
                    Parameter.of("cursorStart", INCREMENTAL, STRING)
                            .examples("2026-01-01T00:00:00Z", "100000")
                            .describe(
                                    "the very first run reads the rows whose cursor is at or after this "
                                            + "(e.g. `2026-01-01T00:00:00Z`); empty: every row"),
                    Parameter.of("settle", INCREMENTAL, DURATION)
                            .byDefault("PT5S")
                            .minimum(0)
                            .examples("PT5S", "PT1M")
                            .describe(
                                    "timestamp cursors only: rows whose cursor is newer than the source database's "
                                            + "now minus this wait for the next run, so a transaction that commits late "
                                            + "with an older updated-at is not skipped; make it longer than the source's "
                                            + "longest write transaction"));

    /** The rules between them, as data: the schema says them and the start-up checks them. */
    static final List<ParameterRule> RULES =
            List.of(
                    ParameterRule.excludes(
                            "table",
                            "query",
                            "give table or query, not both: a query reads its own tables"),
                    ParameterRule.excludes(
                            "sourceUrl",
                            "sourceDataSource",
                            "give sourceUrl or sourceDataSource, not both"),
                    ParameterRule.needs(
                            "sourceUser",
                            java.util.Set.of(),
                            List.of("sourceUrl"),
                            "is for the pool of sourceUrl; a sourceDataSource brings its own login"),
                    ParameterRule.needs(
                            "sourcePassword",
                            java.util.Set.of(),
                            List.of("sourceUrl"),
                            "is for the pool of sourceUrl; a sourceDataSource brings its own login"));

    /**
     * The template's route: the run's start, then a page at a time to the route's sink until a page
     * is not full, then the end.
     */
    static final String ROUTE =
            String.join(
                    "\n",
                    "    from:",
                    "      uri: \"{{schedule}}\"",
                    "      steps:",
                    "        - bean: {ref: \"{{tributarySqlSource}}\", method: startRun}   # position <- tributary_cursors; one run at a time",
                    "        - loop:",
                    "            doWhile: true",
                    "            simple: \"${exchangeProperty[tributary.more]}\"",
                    "            steps:",
                    "              - bean: {ref: \"{{tributarySqlSource}}\", method: readPage}   # keyset query: the rows after the position",
                    "              - to: kamelet:sink   # the route's steps, then its sink: rows and position in one transaction",
                    "              - bean: {ref: \"{{tributarySqlSource}}\", method: acknowledged}",
                    "        - bean: {ref: \"{{tributarySqlSource}}\", method: endOfSync}",
                    "        - to: kamelet:sink   # end: the sink finishes the sync",
                    "        - bean: {ref: \"{{tributarySqlSource}}\", method: finishRun}   # summary line, outcome",
                    "");

    private SqlSourceKamelet() {}
}
