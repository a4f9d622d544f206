package io.tributary.support;

import com.zaxxer.hikari.HikariDataSource;
import io.tributary.TributaryBeans;
import io.tributary.connector.ConnectorErrorPolicy;
import io.tributary.connector.HttpToJdbcTemplate;
import io.tributary.metrics.SyncOutcome;
import io.tributary.metrics.SyncOutcomes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * One Tributary process in a test: a Camel context with the shared beans, the error policy and the
 * http-to-jdbc template, on a given database. Stop it and start another on the same database to
 * test a restart. Connectors are triggered through {@code direct:<connector>}, so a sync returns
 * when it has finished.
 */
public final class ConnectorHarness implements AutoCloseable {
    public final Database db;
    private final Properties settings = new Properties();
    private CamelContext context;
    private HikariDataSource dataSource;
    private boolean kameletForm;
    private java.nio.file.Path routeFiles;

    public ConnectorHarness(Database db) {
        this.db = db;
        settings.setProperty("tributary.db.url", db.url);
        settings.setProperty("tributary.db.user", db.user);
        settings.setProperty("tributary.db.password", db.password);
        settings.setProperty("tributary.retry.max-redeliveries", "3");
        settings.setProperty("tributary.retry.initial-delay-ms", "5");
        settings.setProperty("tributary.retry.max-delay-ms", "20");
        settings.setProperty("tributary.http.max-retry-after", "5");
        settings.setProperty("camel.component.http.response-timeout", "10000");
    }

    public ConnectorHarness set(String key, String value) {
        settings.setProperty(key, value);
        return this;
    }

    /**
     * Starts the process; {@code beforeRoutes} may bind beans (e.g. rate limits on a test clock).
     */
    public ConnectorHarness start(Consumer<CamelContext> beforeRoutes) throws Exception {
        context = new DefaultCamelContext();
        context.getPropertiesComponent().setOverrideProperties(settings);
        dataSource = TributaryBeans.bind(context);
        beforeRoutes.accept(context);
        context.addRoutes(new ConnectorErrorPolicy());
        context.addRoutes(new io.tributary.connector.SqlSourceErrorPolicy());
        context.addRoutes(new io.tributary.connector.BulkSourceErrorPolicy());
        context.addRoutes(new HttpToJdbcTemplate());
        context.start();
        return this;
    }

    public ConnectorHarness start() throws Exception {
        return start(c -> {});
    }

    public CamelContext context() {
        return context;
    }

    /**
     * From now on {@link #add} writes each connector as a route file in Kamelet form ({@code
     * tributary-http-source} to {@code tributary-jdbc-sink} or {@code tributary-file-sink}) and
     * loads it, instead of adding a {@code templatedRoute}.
     */
    public ConnectorHarness inKameletForm() {
        kameletForm = true;
        return this;
    }

    /** Adds a connector from the template; {@code schedule} is {@code direct:<connector>}. */
    public void add(String connector, Map<String, String> parameters) throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("connector", connector);
        p.put("schedule", "direct:" + connector);
        p.putAll(parameters);
        if (kameletForm) {
            addAsKamelets(p);
            return;
        }
        TemplatedRouteBuilder builder =
                TemplatedRouteBuilder.builder(context, HttpToJdbcTemplate.ID).routeId(connector);
        p.forEach(builder::parameter);
        builder.add();
    }

    /**
     * Adds a connector built with {@link ConnectorSpec}, whose parameter names were checked against
     * the declaration as they were set.
     */
    public void add(ConnectorSpec spec) throws Exception {
        add(spec.name(), spec.parameters());
    }

    /**
     * The connector as a route: source Kamelet, then the sink Kamelet its target parameters name.
     */
    private void addAsKamelets(Map<String, String> p) throws Exception {
        String connector = p.remove("connector");
        String sinkKind = p.getOrDefault("sink", "jdbc");
        Map<String, String> source = new LinkedHashMap<>();
        Map<String, String> sink = new LinkedHashMap<>();
        java.util.Set<String> sinkNames =
                java.util.Set.of(
                        "schema",
                        "table",
                        "writeMode",
                        "drift",
                        "onDelete",
                        "deleteMissing",
                        "sink",
                        "directory",
                        "partition");
        p.forEach((name, value) -> (sinkNames.contains(name) ? sink : source).put(name, value));
        if (sinkKind.equals("jdbc")) {
            sink.remove("sink");
        } else {
            sink.put("format", sink.remove("sink"));
            sink.remove("writeMode");
        }
        StringBuilder yaml = new StringBuilder();
        yaml.append("- route:\n    id: ").append(connector).append('\n');
        yaml.append("    from:\n      uri: kamelet:tributary-http-source\n      parameters:\n");
        source.forEach((name, value) -> yaml.append(parameter(name, value)));
        yaml.append("      steps:\n        - to:\n            uri: kamelet:")
                .append(sinkKind.equals("jdbc") ? "tributary-jdbc-sink" : "tributary-file-sink")
                .append("\n            parameters:\n");
        sink.forEach((name, value) -> yaml.append("      ").append(parameter(name, value)));
        if (routeFiles == null) {
            routeFiles = java.nio.file.Files.createTempDirectory("tributary-routes");
        }
        java.nio.file.Path file = routeFiles.resolve(connector + ".camel.yaml");
        java.nio.file.Files.writeString(file, yaml);
        load(file.toString());
    }

    /**
     * One map entry. RAW{...} keeps a value's '&' and '+' from Camel's parameter parsing; a JSON
     * body goes in RAW(...) with its closing braces apart ("} }"), since "}}" would end a property
     * placeholder that never began. A value with a placeholder goes in RAW(...) too: Camel resolves
     * it before it reads the parameters, and RAW{{{...}}} would not parse as a placeholder. So does
     * a value with "}&" (a request template's placeholder before an '&'), which would end RAW{...}.
     */
    private static String parameter(String name, String value) {
        String raw =
                value.isEmpty()
                        ? ""
                        : value.contains("{{") || value.contains("}&")
                                ? "RAW("
                                        + value
                                        + ")" // a placeholder: resolved first, then kept raw
                                : (value.startsWith("{") || value.startsWith("["))
                                        ? "RAW("
                                                + value.replace("}}", "} }").replace("}}", "} }")
                                                + ")"
                                        : "RAW{" + value + "}";
        return "        "
                + name
                + ": "
                + io.tributary.schema.SourceJson.mapper().valueToTree(raw).toString()
                + "\n";
    }

    /** Loads a route file (YAML or XML), as Tributary loads routes/ at start-up. */
    public void load(String path) throws Exception {
        org.apache.camel.support.PluginHelper.getRoutesLoader(context)
                .loadRoutes(
                        org.apache.camel.support.ResourceHelper.resolveResource(
                                context, "file:" + path));
    }

    /** Sends an empty message to an endpoint and waits for the route to finish. */
    public void send(String uri) {
        context.createProducerTemplate().sendBody(uri, null);
    }

    /** Runs one sync of the connector and returns its outcome. */
    public SyncOutcome sync(String connector) {
        return sync(connector, Map.of());
    }

    public SyncOutcome sync(String connector, Map<String, Object> headers) {
        context.createProducerTemplate().sendBodyAndHeaders("direct:" + connector, null, headers);
        return outcome(connector);
    }

    /**
     * Triggers the connector as its schedule would and waits for the trigger to be handled, without
     * reading an outcome: for a trigger that may be skipped.
     */
    public void trigger(String connector) {
        send("direct:" + connector);
    }

    /**
     * Starts one sync of the connector on another thread; the future completes with its outcome
     * when it has finished. For syncs that must overlap.
     */
    public CompletableFuture<SyncOutcome> syncInBackground(String connector) {
        return context.createProducerTemplate()
                .asyncSendBody("direct:" + connector, null)
                .thenApply(ignored -> outcome(connector));
    }

    /** The outcome of the connector's latest sync. */
    public SyncOutcome outcome(String connector) {
        return context.getRegistry()
                .lookupByNameAndType("tributarySyncOutcomes", SyncOutcomes.class)
                .latest(connector)
                .orElseThrow();
    }

    @Override
    public void close() throws Exception {
        if (context != null) {
            context.stop();
        }
        if (dataSource != null) {
            dataSource.close();
        }
    }
}
