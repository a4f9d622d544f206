package io.tributary.connector;

import static io.tributary.connector.Parameter.Group.FORMAT;
import static io.tributary.connector.Parameter.Group.SCHEDULE;
import static io.tributary.connector.Parameter.Group.SOURCE;
import static io.tributary.connector.Parameter.Type.BOOLEAN;
import static io.tributary.connector.Parameter.Type.ENUM;
import static io.tributary.connector.Parameter.Type.INTEGER;
import static io.tributary.connector.Parameter.Type.STRING;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code tributary-file-source} Kamelet: a folder, local or on an SFTP server, where another
 * system drops CSV, JSON Lines, JSON or XML files (gzip'd or not). Camel's file or sftp consumer
 * picks each file up, in name order; {@link FileSource} streams it to {@code kamelet:sink} in pages
 * of {@code recordsPerPage}, each committed by the route's {@code tributary-jdbc-sink} with the
 * file's position, so each file loads exactly once and a file cut off mid-way (kill -9) resumes
 * after its last committed page. A loaded file is moved per {@code move}; a failed one stays (or
 * goes to {@code moveFailed}) and is tried again on the next poll, from where it got.
 *
 * <pre>
 * - route:
 *     id: partner-orders                 # the connector's id: its files' rows in tributary_cursors
 *     from:
 *       uri: kamelet:tributary-file-source
 *       parameters:
 *         directory: /srv/drops/orders
 *         include: ".*\.csv(\.gz)?"
 *         format: csv
 *       steps:
 *         - to:
 *             uri: kamelet:tributary-jdbc-sink
 *             parameters: {schema: routes/partner-orders.schema.yaml, table: partner_orders}
 * </pre>
 *
 * The Kamelet file ({@value #FILE}) is generated from these declarations by {@link ParameterDocs}.
 */
public final class FileSourceKamelet {
    public static final String KAMELET = "tributary-file-source";
    public static final String FILE = "src/main/resources/kamelets/" + KAMELET + ".kamelet.yaml";
    public static final String TITLE = "Tributary file and SFTP source";
    public static final String DESCRIPTION =
            "Loads the files another system drops in a folder, local or on an SFTP server: each file (CSV, JSON Lines, "
                    + "JSON or XML, gzip'd or not) streams to the route's steps and its tributary-jdbc-sink in pages of "
                    + "recordsPerPage, each committed with the file's position, so a file loads exactly once and one cut off "
                    + "mid-way resumes after its last committed page; then it is moved per move. The route's id is the "
                    + "connector's.";

    /** The bean behind the route's steps, a name no parameter's value could be. */
    static final String BEAN = "tributaryFileSource";

    /**
     * The Kamelet's parameters, declared once: the drop folder, Camel's file options, the format.
     */
    public static final List<Parameter> PARAMETERS = parameters();

    private static List<Parameter> parameters() {
        List<Parameter> p = new ArrayList<>();
        p.add(
                Parameter.of("connector", SOURCE, STRING)
                        .defaultNote("the id of the route that uses the Kamelet")
                        .examples("partner-orders")
                        .describe(
                                "the connector's id: the key of its files' rows in `tributary_cursors` (`connector/<file>`), its name in logs and metrics; "
                                        + "set it in a Camel K Pipe, whose route is always named binding"));
        p.add(
                Parameter.of("directory", SOURCE, STRING)
                        .asRequired()
                        .examples("/srv/drops/orders", "inbox", "outbox")
                        .describe(
                                "the drop folder: a local path (`/srv/drops/orders`, `inbox`), or with `host` the SFTP server's folder, relative "
                                        + "to the login folder (`outbox`) or absolute (`/upload/orders`)"));
        p.add(
                Parameter.of("host", SOURCE, STRING)
                        .examples("sftp.partner.example.com")
                        .describe(
                                "the SFTP server whose `directory` is read; unset: `directory` is a local folder"));
        p.add(
                Parameter.of("port", SOURCE, INTEGER)
                        .byDefault("22")
                        .minimum(1)
                        .describe("the SFTP server's port"));
        p.add(
                Parameter.of("username", SOURCE, STRING)
                        .examples("loader")
                        .describe("the SFTP login"));
        p.add(
                Parameter.of("password", SOURCE, STRING)
                        .asSecret()
                        .examples("{{env:DROP_PASSWORD}}")
                        .describe(
                                "the SFTP login's password: a placeholder such as `{{env:DROP_PASSWORD}}`, never the password itself; never shown in logs or errors"));
        p.add(
                Parameter.of("privateKeyFile", SOURCE, STRING)
                        .examples("/etc/tributary/drop_id_rsa")
                        .describe(
                                "instead of (or with) `password`: the SFTP login's private key, an OpenSSH or PEM key file"));
        p.add(
                Parameter.of("privateKeyPassphrase", SOURCE, STRING)
                        .asSecret()
                        .examples("{{env:DROP_KEY_PASSPHRASE}}")
                        .describe("the passphrase of an encrypted `privateKeyFile`"));
        p.add(
                Parameter.of("knownHostsFile", SOURCE, STRING)
                        .examples("/etc/tributary/known_hosts")
                        .describe(
                                "the SFTP server's host key, as OpenSSH's `known_hosts` lists it (`ssh-keyscan -p 22 sftp.partner.example.com`); "
                                        + "unset: `~/.ssh/known_hosts`"));
        p.add(
                Parameter.of("strictHostKeyChecking", SOURCE, ENUM)
                        .byDefault("yes")
                        .oneOf("yes", "no")
                        .describe(
                                "`yes`: connect only to an SFTP server whose host key `knownHostsFile` lists; `no` accepts any server "
                                        + "(and a man in the middle): for a test server only"));
        p.add(
                Parameter.of("include", SOURCE, STRING)
                        .examples(".*\\.csv(\\.gz)?")
                        .describe(
                                "the files to load: a regular expression their names match, e.g. `.*\\.csv(\\.gz)?` (Camel's `include`); unset: every file"));
        p.add(
                Parameter.of("recursive", SOURCE, BOOLEAN)
                        .byDefault("false")
                        .describe(
                                "also the files in `directory`'s sub-folders (each keeps its relative path as its name)"));
        p.add(
                Parameter.of("move", SOURCE, STRING)
                        .byDefault(".done")
                        .examples(".done", ".done/${date:now:yyyyMMdd}/${file:name}")
                        .describe(
                                "where a loaded file goes, relative to its folder (Camel's `move`, a simple expression), e.g. "
                                        + "`.done/${date:now:yyyyMMdd}/${file:name}`"));
        p.add(
                Parameter.of("moveFailed", SOURCE, STRING)
                        .examples(".failed")
                        .describe(
                                "where a file that failed goes (Camel's `moveFailed`); unset: it stays and is tried again on the next poll, "
                                        + "from the page it got to"));
        p.add(
                Parameter.of("noop", SOURCE, BOOLEAN)
                        .byDefault("false")
                        .describe(
                                "leave loaded files where they are (`move` is not used): each still loads once, since its row in "
                                        + "`tributary_cursors` remembers it, and a file changed since (size, time) loads again"));
        p.add(
                Parameter.of("readLock", SOURCE, ENUM)
                        .byDefault("changed")
                        .oneOf("changed", "rename", "none")
                        .describe(
                                "how a file still being written is left alone (Camel's `readLock`): `changed` (its size and time stay the "
                                        + "same for a second), `rename` (it can be renamed), `none` (the sender writes it elsewhere and moves it in)"));
        p.add(
                Parameter.of("delay", SCHEDULE, INTEGER)
                        .byDefault("10000")
                        .minimum(1)
                        .describe(
                                "milliseconds between two looks at the folder (Camel's `delay`); each look loads every file there"));
        p.add(
                Parameter.of("once", SCHEDULE, BOOLEAN)
                        .byDefault("false")
                        .describe(
                                "look at the folder once, load the files there, then stop looking (`tributary run --once` sets it)"));
        for (Parameter f : ConnectorParameters.in(FORMAT)) {
            p.add(
                    switch (f.name()) {
                        case "format" ->
                                f.oneOf("json", "jsonl", "csv", "xml", "auto")
                                        .describe(
                                                "how a file's records are written: `csv` (a header row, then one record a line), `jsonl` "
                                                        + "(JSON Lines / NDJSON), `json` (an array at `recordsPath`), `xml` (elements at `recordsPath`), "
                                                        + "or `auto`: by each file's name (`.csv`, `.jsonl`/`.ndjson`, `.json`, `.xml`, each also `.gz`)");
                        case "recordsPerPage" ->
                                f.describe(
                                        "the records the sink commits at a time, with the file's position: a file of any size streams "
                                                + "through in such pages, and one cut off mid-way resumes after its last committed page");
                        default -> f;
                    });
        }
        p.add(ConnectorParameters.named("recordsPath").orElseThrow());
        return List.copyOf(p);
    }

    /** The rules between them, as data: the schema says them and the start-up checks them. */
    static final List<ParameterRule> RULES =
            List.of(
                    ParameterRule.requiredBy(
                            "format",
                            Set.of("json", "xml"),
                            "recordsPath",
                            "is required by format {value}: where the records are"),
                    ParameterRule.needs(
                            "username",
                            Set.of(),
                            List.of("host"),
                            "is an SFTP login: give the server in host"),
                    ParameterRule.needs(
                            "password",
                            Set.of(),
                            List.of("host"),
                            "is an SFTP login's: give the server in host"),
                    ParameterRule.needs(
                            "privateKeyFile",
                            Set.of(),
                            List.of("host"),
                            "is an SFTP login's: give the server in host"),
                    ParameterRule.needs(
                            "knownHostsFile",
                            Set.of(),
                            List.of("host"),
                            "is an SFTP server's: give the server in host"),
                    ParameterRule.needs(
                            "privateKeyPassphrase",
                            Set.of(),
                            List.of("privateKeyFile"),
                            "is the passphrase of privateKeyFile: give that too"));

    /**
     * The template's route: Camel's consumer (its URI built from the parameters by {@link
     * FileSource#consumerUri}) hands over one file at a time; a file whose last page is in is
     * skipped (and moved as loaded); the others stream to the sink, a page at a time, each
     * acknowledged before the next is read; a failure fails the file, which Camel then leaves in
     * place.
     */
    static final String ROUTE =
            String.join(
                    "\n",
                    "    from:",
                    "      uri: \"{{bean:{{"
                            + BEAN
                            + "}}.consumerUri}}\"   # file: or sftp:, from the parameters",
                    "      steps:",
                    "        - idempotentConsumer:   # a file whose last page is in: skipped, then moved as a loaded one",
                    "            simple: \"${header.CamelFileName}:${header.CamelFileLength}:${header.CamelFileLastModified}\"",
                    "            idempotentRepository: \"{{" + BEAN + "}}\"",
                    "            eager: false",
                    "            steps:",
                    "              - doTry:",
                    "                  steps:",
                    "                    - bean: {ref: \"{{"
                            + BEAN
                            + "}}\", method: startFile}   # its stream, where it got to, its first page",
                    "                    - loop:",
                    "                        doWhile: true",
                    "                        simple: \"${exchangeProperty[tributary.pagePending]}\"",
                    "                        steps:",
                    "                          - bean: {ref: \"{{" + BEAN + "}}\", method: toSink}",
                    "                          - to: kamelet:sink   # the route's steps, then its sink: rows and the file's position in one transaction",
                    "                          - bean: {ref: \"{{"
                            + BEAN
                            + "}}\", method: acknowledged}",
                    "                          - bean: {ref: \"{{"
                            + BEAN
                            + "}}\", method: nextChunk}",
                    "                    - bean: {ref: \"{{" + BEAN + "}}\", method: endOfFile}",
                    "                    - to: kamelet:sink   # end",
                    "                    - bean: {ref: \"{{"
                            + BEAN
                            + "}}\", method: finishFile}   # summary line, outcome",
                    "                  doCatch:",
                    "                    - exception: [java.lang.Exception]",
                    "                      steps:",
                    "                        - bean: {ref: \"{{"
                            + BEAN
                            + "}}\", method: failFile}   # summary line, outcome; rethrown: Camel leaves the file",
                    "");

    /**
     * Whether the route's {@code from} is this Kamelet: {@code kamelet:tributary-file-source...}.
     */
    public static boolean isSource(org.apache.camel.model.RouteDefinition route) {
        String uri =
                route.getInput() == null
                        ? null
                        : ConnectorRoutes.withoutSlashes(route.getInput().getEndpointUri());
        String source = "kamelet:" + KAMELET;
        return uri != null
                && (uri.equals(source)
                        || uri.startsWith(source + "?")
                        || uri.startsWith(source + "/")
                        || uri.startsWith(source + ":"));
    }

    /** Whether the node is the Kamelet's own route (made from its template for a user's route). */
    static boolean isKameletRoute(org.apache.camel.NamedNode node) {
        return node instanceof org.apache.camel.model.RouteDefinition route
                && route.getTemplateParameters() != null
                && KAMELET.equals(route.getTemplateParameters().get("templateId"));
    }

    /** For {@code --once}: the route's source looks at its folder once ({@code once=true}). */
    static void lookOnce(org.apache.camel.model.RouteDefinition route) {
        String given = route.getInput().getEndpointUri();
        // last, so it wins over a once the route gives itself
        route.getInput().setUri(given + (given.indexOf('?') < 0 ? "?" : "&") + "once=true");
    }

    /**
     * Whether the exchange is the last of a look at the folder: Camel's last file of the batch, or
     * the empty exchange of a look that found none.
     */
    static boolean endsTheLook(org.apache.camel.Exchange exchange) {
        return Boolean.TRUE.equals(
                        exchange.getProperty(
                                org.apache.camel.Exchange.BATCH_COMPLETE, Boolean.class))
                || exchange.getMessage().getHeader(org.apache.camel.Exchange.FILE_NAME) == null;
    }

    private FileSourceKamelet() {}
}
