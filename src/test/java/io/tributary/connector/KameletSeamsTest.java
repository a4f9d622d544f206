package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.Tributary;
import io.tributary.cli.Options;
import io.tributary.cli.PreviewCommand;
import io.tributary.config.ConnectorConfigException;
import io.tributary.metrics.SyncOutcome;
import io.tributary.metrics.SyncOutcomes;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.Database;
import io.tributary.support.LogCapture;
import io.tributary.support.PagedApi;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.model.ModelCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review 3 of the Kamelet form: where the source Kamelet, the user's route and the sink Kamelet
 * meet (headers a step removes, triggers that overlap, a second sink, a route without an id, the
 * sink's own failures, a Pipe's parameters given as properties, placeholders that resolve to a
 * {@code &}). Each promise holds as in the {@code http-to-jdbc} form.
 */
class KameletSeamsTest {
    static final String SCHEMA = KameletFormTest.SCHEMA;

    final Database db = Database.h2();
    final ConnectorHarness tributary = new ConnectorHarness(db);
    PagedApi api;
    @TempDir Path dir;

    @BeforeEach
    void api() {
        api =
                PagedApi.serving(KameletFormTest.items(25))
                        .since("since", "updated_at")
                        .totalPages()
                        .build();
    }

    @AfterEach
    void stop() throws Exception {
        tributary.close();
        api.close();
    }

    /** Route {@code items}: the source (plus {@code more} of its parameters), steps, the sink. */
    Path route(String more, String steps) throws Exception {
        String yaml =
                String.join(
                        "\n",
                        "- route:",
                        "    id: items",
                        "    from:",
                        "      uri: kamelet:tributary-http-source",
                        "      parameters:",
                        "        schedule: direct:items",
                        "        url: \"" + api.baseUrl() + "/v1/items\"",
                        "        recordsPath: /items",
                        "        pageSize: 10",
                        "        totalPagesPath: /total_pages",
                        "        cursorParam: since",
                        more,
                        "      steps:",
                        steps,
                        "");
        Path file = dir.resolve("items.camel.yaml");
        Files.writeString(file, yaml.replace("\n\n", "\n"));
        return file;
    }

    static String sink(String moreParameters) {
        return String.join(
                "\n",
                "        - to:",
                "            uri: kamelet:tributary-jdbc-sink",
                "            parameters: {schema: \""
                        + SCHEMA
                        + "\", table: items"
                        + moreParameters
                        + "}");
    }

    /** Tributary's command line on these route files and this database. */
    String[] cli(Path routes, String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.add("--tributary.demo.enabled=false");
        args.add("--camel.main.routes-include-pattern=file:" + routes);
        args.addAll(db.options());
        return args.toArray(String[]::new);
    }

    /** The innermost cause: where Tributary's own message is. */
    static Throwable root(Throwable e) {
        while (e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    // ---- the page contract's headers ----

    /**
     * A step that clears the headers (common before an enrichment call) took {@code
     * tributary.event: end} with it: the sink took the end for an empty page, never published, and
     * every run failed with "the end of the sync was not acknowledged"; under {@code replace} the
     * table was never loaded at all.
     */
    @Test
    void aStepThatRemovesEveryHeaderStillLetsTheSinkPublishTheSync() throws Exception {
        tributary.start();
        tributary.load(
                route(
                                "",
                                String.join(
                                        "\n",
                                        "        - removeHeaders: {pattern: \"*\"}",
                                        sink(", writeMode: replace")))
                        .toString());

        SyncOutcome outcome = tributary.sync("items");

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(25, db.count("SELECT COUNT(*) FROM items"), "the replaced table is in");
    }

    // ---- triggers ----

    /**
     * A trigger that fires while the previous sync still runs is skipped; its exchange ended at
     * once, and its on-completion failed the connector's current run, the one still going: the sync
     * that went on to commit every page was reported failed, its staged output abandoned mid-run,
     * and the connector marked idle, so a third trigger could run beside it.
     */
    @Test
    void aTriggerWhileTheSyncStillRunsIsSkippedAndLeavesThatSyncToSucceed() throws Exception {
        CountDownLatch requested = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        api.addFilter(
                new com.sun.net.httpserver.Filter() {
                    @Override
                    public void doFilter(com.sun.net.httpserver.HttpExchange exchange, Chain chain)
                            throws java.io.IOException {
                        requested.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        chain.doFilter(exchange);
                    }

                    @Override
                    public String description() {
                        return "holds each request until released";
                    }
                });
        tributary.start();
        tributary.load(route("", sink("")).toString());
        Instant started = Instant.now().minusMillis(1);
        var first = tributary.syncInBackground("items");
        assertTrue(requested.await(10, TimeUnit.SECONDS));

        try (LogCapture logs = LogCapture.open()) {
            tributary.trigger("items"); // returns at once: skipped
            assertEquals(
                    1,
                    logs.linesContaining("connector=items is still running its previous sync")
                            .size(),
                    logs.all());
        }
        SyncOutcomes outcomes =
                tributary
                        .context()
                        .getRegistry()
                        .lookupByNameAndType("tributarySyncOutcomes", SyncOutcomes.class);
        assertFalse(outcomes.anyFailedSince(started), "the skipped trigger failed no run");
        release.countDown();
        SyncOutcome outcome = first.get(30, TimeUnit.SECONDS);

        assertTrue(outcome.success(), outcome.summary());
        assertFalse(outcomes.anyFailedSince(started));
        assertEquals(25, db.count("SELECT COUNT(*) FROM items"));
    }

    // ---- the route's shape, checked as it loads ----

    /**
     * Two Tributary sinks on one route: the first committed each page with the cursor and the
     * second got the page's body already emptied, so its table stayed empty while every run
     * reported success.
     */
    @Test
    void aRouteWithTwoTributarySinksIsRefusedAsItLoads() throws Exception {
        tributary.start();
        Path file = route("", sink("") + "\n" + sink("").replace("table: items", "table: copy"));

        Exception e = assertThrows(Exception.class, () -> tributary.load(file.toString()));

        Throwable why = root(e);
        assertTrue(why instanceof ConnectorConfigException, why.toString());
        assertTrue(
                why.getMessage().contains("connector 'items'")
                        && why.getMessage().contains("2 Tributary sinks"),
                why.getMessage());
        assertFalse(db.tableExists("items") || db.tableExists("copy"), "nothing was prepared");

        Tributary cli = new Tributary();
        assertEquals(Tributary.BAD_USAGE, cli.run(cli(file, "run", "--once")));
        assertTrue(cli.lastProblem().startsWith(file + ": connector 'items'"), cli.lastProblem());
    }

    /**
     * Without an id Camel numbers the route (route1, route2...) in load order, and that number
     * became the connector's id and its cursor's key: a file loaded before it later would give the
     * connector another cursor, and it would sync from the start again.
     */
    @Test
    void aConnectorRouteWithoutAnIdIsRefusedAsItLoads() throws Exception {
        tributary.start();
        Path file = route("", sink(""));
        Files.writeString(file, Files.readString(file).replace("    id: items\n", ""));

        Exception e = assertThrows(Exception.class, () -> tributary.load(file.toString()));

        Throwable why = root(e);
        assertTrue(why instanceof ConnectorConfigException, why.toString());
        assertTrue(
                why.getMessage().contains("parameter 'id'")
                        && why.getMessage().contains(file.getFileName().toString()),
                why.getMessage());
    }

    /**
     * A value from a placeholder is resolved before camel-kamelet reads the parameters: a secret
     * with a {@code &} was cut there without a word and the API got its first part. Refused, with
     * the placeholder and never the secret.
     */
    @Test
    void aPlaceholderThatResolvesToATextWithAnAmpersandIsRefusedWithoutShowingIt()
            throws Exception {
        String secret = "k3y&part+two%41";
        tributary.set("api.key", secret).start();
        String auth = "        auth: api-key-header\n        authName: X-Key\n        authSecret: ";

        Exception e =
                assertThrows(
                        Exception.class,
                        () -> tributary.load(route(auth + "\"{{api.key}}\"", sink("")).toString()));

        Throwable why = root(e);
        assertTrue(
                why.getMessage().contains("parameter 'authSecret'")
                        && why.getMessage().contains("RAW({{api.key}})"),
                why.getMessage());
        assertFalse(why.getMessage().contains("part+two"), why.getMessage());
    }

    /** ... and in {@code RAW(...)}, as the message says, the whole secret goes out. */
    @Test
    void aPlaceholderInRawParenthesesKeepsItsWholeValue() throws Exception {
        String secret = "k3y&part+two%41";
        tributary.set("api.key", secret).start();
        String auth = "        auth: api-key-header\n        authName: X-Key\n        authSecret: ";
        tributary.load(route(auth + "\"RAW({{api.key}})\"", sink("")).toString());

        assertTrue(tributary.sync("items").success());
        assertEquals(secret, api.requests().get(0).headers().get("x-key"));
    }

    // ---- failures ----

    /**
     * The user's route was given the connector's route configuration after the route loader had
     * prepared it, so its error handling never applied: a failure in the sink (or in a step) went
     * to Camel's default error handler, logged with Camel's stack trace, not retried, and the run's
     * line said only "the sync ended before the sink acknowledged its pages".
     */
    @Test
    void aFailingSinkFailsTheRunWithItsReasonAndTheCursorAtTheLastCommittedPage() throws Exception {
        api.addFilter(
                new com.sun.net.httpserver.Filter() {
                    int request;

                    @Override
                    public void doFilter(com.sun.net.httpserver.HttpExchange exchange, Chain chain)
                            throws java.io.IOException {
                        if (++request == 2) { // page 1 is in: the table goes away
                            try (var c = db.connect();
                                    var s = c.createStatement()) {
                                s.execute("ALTER TABLE items RENAME TO items_away");
                            } catch (java.sql.SQLException e) {
                                throw new java.io.IOException(e);
                            }
                        }
                        chain.doFilter(exchange);
                    }

                    @Override
                    public String description() {
                        return "drops the table after the first page";
                    }
                });
        tributary.start();
        tributary.load(route("", sink("")).toString());

        SyncOutcome outcome;
        try (LogCapture logs = LogCapture.open()) {
            outcome = tributary.sync("items"); // handled: the trigger gets no exception
            assertTrue(logs.linesContaining("DefaultErrorHandler").isEmpty(), logs.all());
        }

        assertFalse(outcome.success());
        assertTrue(outcome.error().contains("Writing to table 'items' failed"), outcome.summary());
        assertEquals(10, db.count("SELECT COUNT(*) FROM items_away"));
        assertEquals("2026-11-01T00:00:09Z", db.cursor("items"), "the last committed page's");
    }

    // ---- a Camel K Pipe's form: kamelet:NAME/ID, the parameters as properties ----

    /**
     * Camel K writes a Pipe as {@code kamelet:tributary-http-source/source} with the parameters as
     * properties {@code camel.kamelet.tributary-http-source.source.*}. That route was not taken for
     * a connector: no connector error handling (a 503 failed the run at once, Camel's exception
     * thrown to the trigger) and no schedule for {@code --once}, the cron check or the Quartz
     * cluster (the shipped Pipe runs two replicas without {@code stateful=true}).
     */
    @Test
    void aPipeShapedRouteIsAConnectorWithItsScheduleAndItsErrorHandling() throws Exception {
        api.faults(n -> n == 2 ? PagedApi.Fault.STATUS_503 : PagedApi.Fault.NONE);
        String source = "camel.kamelet.tributary-http-source.source.";
        tributary
                .set(source + "schedule", "direct:items")
                .set(source + "url", api.baseUrl() + "/v1/items")
                .set(source + "recordsPath", "/items")
                .set(source + "pageSize", "10")
                .set(source + "totalPagesPath", "/total_pages")
                .set(source + "cursorParam", "since")
                .set("camel.kamelet.tributary-jdbc-sink.sink.schema", SCHEMA)
                .set("camel.kamelet.tributary-jdbc-sink.sink.table", "items")
                .start();
        Path file = dir.resolve("items.camel.yaml");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "- route:",
                        "    id: items",
                        "    from:",
                        "      uri: kamelet:tributary-http-source/source",
                        "      steps:",
                        "        - to: kamelet:tributary-jdbc-sink/sink",
                        ""));
        tributary.load(file.toString());

        ModelCamelContext context = (ModelCamelContext) tributary.context();
        assertEquals(
                "direct:items",
                ConnectorRoutes.schedule(context, context.getRouteDefinition("items")),
                "what --once, the cron check and the cluster read");
        SyncOutcome outcome = tributary.sync("items");

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(25, db.count("SELECT COUNT(*) FROM items"));
    }

    // ---- a connector whose id is not its route's ----

    /**
     * A route in Kamelet form may name its connector apart from its route id (parameter {@code
     * connector}, as a Camel K Pipe must: its route is always {@code binding}). The route takes the
     * connector's id as it loads, so {@code preview}, {@code run --once}, the outcome and the
     * cursor all go by that one name.
     */
    @Test
    void aSourceThatNamesItsConnectorGivesItsRouteThatNameForEveryCommand() throws Exception {
        Path file = route("        connector: items-api\n", sink(""));
        Files.writeString(
                file,
                Files.readString(file).replace("direct:items", "\"timer:items?repeatCount=1\""));

        Options options = Options.parse(cli(file, "preview", "items-api"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int preview =
                new Tributary()
                        .start(
                                options,
                                Map.of(),
                                new PreviewCommand(
                                        new PrintStream(out, true, StandardCharsets.UTF_8),
                                        options));
        assertNull(db.cursor("items-api"), "preview wrote nothing");
        int once =
                new Tributary()
                        .run(
                                cli(
                                        file,
                                        "run",
                                        "--once",
                                        "items-api",
                                        "--tributary.once.timeout-seconds=20"));

        assertEquals(Tributary.OK, preview, out.toString(StandardCharsets.UTF_8));
        assertEquals(Tributary.OK, once, "run --once of the connector");
        assertEquals(25, db.count("SELECT COUNT(*) FROM items"));
        assertEquals("2026-11-01T00:00:24Z", db.cursor("items-api"));
    }

    /**
     * Two connectors loading one table with the very same sink parameters (a pull connector and the
     * deleted-records stream of the same table, a webhook and its nightly backfill): Camel caches
     * an endpoint by its URI, so both routes sent their pages into the first route's Kamelet
     * instance, and the second source found no sink bound to it.
     */
    @Test
    void twoConnectorsWithTheSameSinkParametersEachGetASinkOfTheirOwn() throws Exception {
        tributary.start();
        Path first = route("", sink(""));
        tributary.load(first.toString());
        Path second = dir.resolve("items-again.camel.yaml");
        Files.writeString(
                second,
                Files.readString(first)
                        .replace("id: items", "id: items-again")
                        .replace("direct:items", "direct:items-again"));
        tributary.load(second.toString());

        assertEquals("success", tributary.sync("items").outcome());
        assertEquals("success", tributary.sync("items-again").outcome());
        assertEquals(25, db.count("SELECT COUNT(*) FROM items"));
        assertEquals("2026-11-01T00:00:24Z", db.cursor("items"));
        assertEquals("2026-11-01T00:00:24Z", db.cursor("items-again"));
    }
}
