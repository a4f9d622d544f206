package io.tributary;

import com.zaxxer.hikari.HikariDataSource;
import io.tributary.cli.CheckCommand;
import io.tributary.cli.Options;
import io.tributary.cli.PreviewCommand;
import io.tributary.cli.Progress;
import io.tributary.cli.Quiet;
import io.tributary.cli.SettingsFolders;
import io.tributary.cluster.ClusteredQuartz;
import io.tributary.config.ConnectorConfigException;
import io.tributary.config.Settings;
import io.tributary.connector.Connector;
import io.tributary.connector.ConnectorErrorPolicy;
import io.tributary.connector.HttpToJdbcTemplate;
import io.tributary.connector.OnceTrigger;
import io.tributary.connector.RouteFiles;
import io.tributary.connector.Schedules;
import io.tributary.demo.WeatherApiServer;
import io.tributary.demo.WeatherApiSettings;
import io.tributary.metrics.SyncOutcome;
import io.tributary.metrics.SyncOutcomes;
import io.tributary.sink.PreviewSink;
import io.tributary.sql.DatabaseProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tributary's entry point: a camel-main application that loads the connectors in {@code routes/}
 * and runs them on their schedules, or once with {@code --once}; the other commands ({@code check},
 * {@code preview}, {@code state}) start the same way with no schedule running (see {@link
 * Options}).
 *
 * <p>Exit codes: 0 success; 1 a connector failed under {@code --once} (or preview's fetch, or
 * check's request); 2 bad command line, settings or route files.
 */
public final class Tributary implements io.tributary.cli.Launch {
    private static final Logger LOG = LoggerFactory.getLogger(Tributary.class);
    public static final int OK = io.tributary.cli.ExitCodes.OK;
    public static final int SYNC_FAILED = io.tributary.cli.ExitCodes.SYNC_FAILED;
    public static final int BAD_USAGE = io.tributary.cli.ExitCodes.BAD_USAGE;

    private final Main main = new Main();
    private volatile SyncOutcomes outcomes;
    private volatile int exitCode = OK;
    private volatile WeatherApiServer demo;
    private volatile HikariDataSource dataSource;
    private volatile HikariDataSource quartzPool;
    private volatile Set<String> scheduledRoutes = Set.of();
    private volatile java.util.concurrent.CountDownLatch onceDone;
    private final RouteFiles routeFiles = new RouteFiles();
    private volatile Options options = Options.parse();
    private volatile io.tributary.cli.Command work;
    private volatile String lastProblem;
    private volatile Progress progress;

    public static void main(String[] args) {
        System.exit(new Tributary().run(args));
    }

    /**
     * Runs until stopped (or, with --once, until every connector ran once) and returns the exit
     * code.
     */
    public int run(String... args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("tributary: " + e.getMessage());
            return BAD_USAGE;
        }
        if (options.help) {
            System.out.println(options.usage);
            return OK;
        }
        if (options.version) {
            System.out.println(new Options.Version().getVersion()[0]);
            return OK;
        }
        io.tributary.cli.TraceLevel trace = io.tributary.cli.TraceLevel.apply(options.trace);
        try {
            return dispatch(options);
        } finally {
            trace.close();
        }
    }

    private int dispatch(Options options) {
        if (options.action == Options.Action.CHECK) {
            return new CheckCommand(System.out, Tributary::new).run(options);
        }
        if (options.action == Options.Action.RECORD) {
            return new io.tributary.cli.RecordCommand(System.out, Tributary::new).run(options);
        }
        if (options.action == Options.Action.TEST) {
            return new io.tributary.cli.TestCommand(System.out, Tributary::new).run(options);
        }
        switch (options.action) {
            case PREVIEW:
                return start(
                        options,
                        Map.of(),
                        new io.tributary.cli.PreviewCommand(System.out, options));
            case STATE_SHOW:
            case STATE_RESET:
                return start(
                        options, Map.of(), new io.tributary.cli.StateCommand(System.out, options));
            case REPLAY:
                return start(
                        options, Map.of(), new io.tributary.cli.ReplayCommand(System.out, options));
            case NEW:
                return new io.tributary.cli.NewCommand(
                                System.out, System.err, io.tributary.cli.NewCommand.console())
                        .run(options);
            case SCHEMA_INFER:
                return start(
                        options,
                        Map.of(),
                        new io.tributary.cli.SchemaInferCommand(System.out, options));
            case SCHEMA_DIFF:
                return start(
                        options,
                        Map.of(),
                        new io.tributary.cli.SchemaDiffCommand(System.out, options));
            default:
                return start(options, Map.of(), null);
        }
    }

    /**
     * Starts Camel for one command. {@code extra} settings win over the command line; {@code work},
     * when given, runs once Camel has started (no route running) and its result is the exit code.
     */
    @Override
    public int start(Options options, Map<String, String> extra, io.tributary.cli.Command work) {
        this.options = options;
        this.work = work;
        Quiet quiet = options.action == Options.Action.RUN ? null : Quiet.apply();
        try {
            return startCamel(options, extra);
        } finally {
            if (quiet != null) {
                quiet.close();
            }
        }
    }

    /** What a command does once Camel has started ({@link io.tributary.cli.Command}). */
    public interface Command extends io.tributary.cli.Command {}

    private int startCamel(Options options, Map<String, String> extra) {
        main.setInitialProperties(defaults());
        if (Files.exists(Path.of(options.config))) {
            main.setDefaultPropertyPlaceholderLocation("file:" + options.config);
        } else if (!options.config.equals("application.properties")) {
            System.err.println(
                    "tributary: settings file "
                            + Path.of(options.config).toAbsolutePath()
                            + " not found");
            return BAD_USAGE;
        } else {
            main.setDefaultPropertyPlaceholderLocation("false"); // built-in defaults only
        }
        try { // mounted ConfigMaps and Secrets, then the command line, which wins
            SettingsFolders.read(System.getenv(SettingsFolders.VARIABLE))
                    .forEach(main::addOverrideProperty);
        } catch (IllegalArgumentException e) {
            System.err.println("tributary: " + e.getMessage());
            return BAD_USAGE;
        }
        options.overrides.forEach(main::addOverrideProperty);
        if (options.action != Options.Action.RUN || options.once) {
            // the management server serves a process that keeps running; a one-shot run or a
            // command
            // would only collide with the port of the one that does
            main.addOverrideProperty("camel.management.enabled", "false");
        }
        if (options.action != Options.Action.RUN) {
            main.addOverrideProperty(
                    "tributary.notify.webhook-url",
                    ""); // a preview or check that fails is no incident
        }
        if (options.action == Options.Action.STATE_SHOW
                || options.action == Options.Action.STATE_RESET
                || options.action == Options.Action.REPLAY
                || options.action == Options.Action.SCHEMA_DIFF) {
            main.addOverrideProperty(
                    "tributary.demo.enabled", "false"); // state and replay need the database only
        }
        if (options.previews()) {
            main.addOverrideProperty(
                    "camel.main.shutdown-timeout",
                    "5"); // a preview that timed out leaves no sync worth waiting for
        }
        extra.forEach(main::addOverrideProperty);
        main.configure().addRoutesBuilder(new ConnectorErrorPolicy());
        main.configure().addRoutesBuilder(new io.tributary.connector.SqlSourceErrorPolicy());
        main.configure().addRoutesBuilder(new io.tributary.connector.BulkSourceErrorPolicy());
        main.configure().addRoutesBuilder(new io.tributary.connector.WebhookErrorPolicy());
        main.configure().addRoutesBuilder(new HttpToJdbcTemplate());
        main.addMainListener(new Lifecycle(options.once));
        try {
            main.run();
        } catch (Exception e) {
            lastProblem = startupProblem(e);
            if (options.action != Options.Action.CHECK) { // check prints each problem itself
                LOG.error("Tributary could not start: {}", lastProblem);
            }
            return exitCode == OK ? BAD_USAGE : exitCode;
        } finally {
            if (main.getCamelContext() != null) {
                io.tributary.metrics.Monitoring.stop(main.getCamelContext());
            }
            if (progress != null) {
                progress.close();
            }
            stopSupportServices();
        }
        return exitCode;
    }

    /**
     * Why the last start failed, as logged (file, connector, parameter, value); null if it did not.
     */
    @Override
    public String lastProblem() {
        return lastProblem;
    }

    /** Which file declared each connector, as loaded by the last start. */
    @Override
    public RouteFiles routeFiles() {
        return routeFiles;
    }

    /** Asks a running instance to stop, as SIGTERM does. */
    public void stop() {
        main.completed();
    }

    private final class Lifecycle extends MainListenerSupport {
        private final boolean once;

        Lifecycle(boolean once) {
            this.once = once;
        }

        @Override
        public void beforeConfigure(BaseMainSupport m) {
            CamelContext context = m.getCamelContext();
            dataSource = TributaryBeans.bind(context);
            DatabaseProblem.probe(
                    dataSource,
                    new Settings(context)
                            .required("tributary.db.url")); // before any route names it
            if (options.action == Options.Action.RUN) {
                // clear or old-key refresh tokens sealed under tributary.tokens.key before a
                // connector reads one; a row under an unknown key stops start-up, named
                context.getRegistry()
                        .lookupByNameAndType(
                                "tributaryTokenStore", io.tributary.state.JdbcTokenStore.class)
                        .sealStored();
            }
            context.getRegistry().bind("tributaryRouteFiles", routeFiles);

            boolean diff = options.action == Options.Action.SCHEMA_DIFF;
            boolean state =
                    options.action == Options.Action.STATE_SHOW
                            || options.action == Options.Action.STATE_RESET
                            || diff; // schema diff reads the database only, as state does
            if (diff) { // each connector's plan kept for the command, a refusal included
                context.getRegistry().bind(PreviewSink.BEAN, PreviewSink.keepingPlans());
            } else if (options.previews() || options.action == Options.Action.CHECK || state) {
                // connectors get a sink that writes nothing: no table, no row, no cursor
                context.getRegistry()
                        .bind(PreviewSink.BEAN, new PreviewSink(Math.max(1, options.pages)));
            }
            if (state || new Settings(context).flag("tributary.testkit.replay", false)) {
                // state reads and resets cursors only: the routes load for their connectors' names,
                // and a
                // source's secret ({{env:API_KEY}} unset on an operator's machine) must not stop
                // that
                io.tributary.cli.SecretsNotNeeded.install(context);
            }
            outcomes =
                    context.getRegistry()
                            .lookupByNameAndType("tributarySyncOutcomes", SyncOutcomes.class);
            if (ClusteredQuartz.enabled(context)) {
                if (once) {
                    LOG.info(
                            "--once runs every connector in this process now; {} does not apply",
                            ClusteredQuartz.ENABLED);
                } else if (options.action == Options.Action.RUN) {
                    quartzPool = ClusteredQuartz.configure(context, dataSource);
                }
            }
            if (options.action == Options.Action.RUN && !once) {
                io.tributary.metrics.Monitoring.checkManagementPort(context);
            }
            if (once) {
                io.tributary.metrics.OnceMetrics.check(context);
            }
            if (new Settings(context).flag("tributary.demo.enabled", false)) {
                demo = startDemo(context);
            }
        }

        @Override
        public void afterConfigure(BaseMainSupport m) {
            CamelContext context = m.getCamelContext();
            HttpToJdbcTemplate.nameRoutes((ModelCamelContext) context);
            // routes written in full declare their Connector as a bean: validate those now too
            context.getRegistry().findByType(Connector.class).forEach(c -> c.init(context));
            if (options.action != Options.Action.STATE_SHOW
                    && options.action != Options.Action.STATE_RESET) {
                Schedules.validate(
                        (ModelCamelContext) context); // before --once or preview replaces them
            }
            if (quartzPool != null) {
                ClusteredQuartz.adjustRoutes((ModelCamelContext) context);
            }
            scheduledRoutes = OnceTrigger.scheduledRoutes((ModelCamelContext) context);
            Set<String> selected = selectedConnectors((ModelCamelContext) context);
            if (options.previews()) {
                PreviewCommand.prepare(
                        (ModelCamelContext) context,
                        options); // the connector alone, started by the command
            }
            if (once) {
                int n = OnceTrigger.apply((ModelCamelContext) context);
                LOG.info("--once: {} scheduled route(s) will run once", n);
                onceDone =
                        OnceTrigger.countCompletions(
                                context, selected.isEmpty() ? scheduledRoutes : selected);
            }
            if (once && !selected.isEmpty() || work != null) {
                // only the named connectors run; the others load (and are checked) but stay stopped
                for (RouteDefinition route : ((ModelCamelContext) context).getRouteDefinitions()) {
                    if (!selected.contains(route.getRouteId())) {
                        route.setAutoStartup("false");
                    }
                }
            }
        }

        @Override
        public void afterStart(BaseMainSupport m) {
            progress =
                    options.action == Options.Action.RUN
                            ? Progress.start(m.getCamelContext())
                            : null;
            if (work != null && !once) {
                Thread worker =
                        new Thread(
                                () -> {
                                    try {
                                        exitCode = work.run(m.getCamelContext());
                                    } catch (Exception e) {
                                        LOG.error(
                                                "{}",
                                                e.getMessage() == null
                                                        ? e.toString()
                                                        : e.getMessage());
                                        exitCode = BAD_USAGE;
                                    }
                                    main.completed();
                                },
                                "tributary-command");
                worker.setDaemon(true);
                worker.start();
                return;
            }
            if (!once) {
                io.tributary.status.StatusPage.start(m.getCamelContext());
                if (outcomes.connectors().isEmpty()
                        && io.tributary.metrics.WebhookMetrics.of(m.getCamelContext())
                                .connectors()
                                .isEmpty()) { // webhook connectors receive, they do not sync
                    LOG.warn("{}; nothing will sync", noConnectors(m.getCamelContext()));
                }
                return;
            }
            Instant started = Instant.now().minusSeconds(1);
            Thread waiter =
                    new Thread(
                            () -> {
                                try {
                                    Set<String> connectors =
                                            new java.util.TreeSet<>(
                                                    options.connectors.isEmpty()
                                                            ? outcomes.connectors()
                                                            : options.connectors);
                                    if (connectors.isEmpty() || scheduledRoutes.isEmpty()) {
                                        LOG.error("--once: {}", noConnectors(m.getCamelContext()));
                                        exitCode = SYNC_FAILED;
                                    } else {
                                        Duration timeout =
                                                Duration.ofSeconds(
                                                        new Settings(m.getCamelContext())
                                                                .number(
                                                                        "tributary.once.timeout-seconds",
                                                                        21_600));
                                        connectors.retainAll(
                                                scheduledRoutes); // child streams run inside their
                                        // driver's run
                                        if (!outcomes.awaitAll(connectors, started, timeout)) {
                                            LOG.error(
                                                    "--once: not every connector finished within {}",
                                                    timeout);
                                            exitCode = SYNC_FAILED;
                                        }
                                        // a driver route may go on calling child connectors after
                                        // its own outcome: let it finish
                                        if (onceDone != null
                                                && !onceDone.await(
                                                        timeout.toMillis(),
                                                        java.util.concurrent.TimeUnit
                                                                .MILLISECONDS)) {
                                            LOG.error(
                                                    "--once: not every scheduled route finished within {}",
                                                    timeout);
                                            exitCode = SYNC_FAILED;
                                        }
                                        boolean anyFailed =
                                                outcomes.anyFailedSince(started)
                                                        || connectors.stream()
                                                                .map(outcomes::latest)
                                                                .anyMatch(
                                                                        o ->
                                                                                o.map(
                                                                                                SyncOutcome
                                                                                                        ::success)
                                                                                        .map(
                                                                                                ok ->
                                                                                                        !ok)
                                                                                        .orElse(
                                                                                                true));
                                        if (anyFailed) {
                                            exitCode = SYNC_FAILED;
                                        }
                                        if (work != null) {
                                            int result = work.run(m.getCamelContext());
                                            exitCode = exitCode == OK ? result : exitCode;
                                        }
                                    }
                                } catch (Exception e) {
                                    if (e instanceof InterruptedException) {
                                        Thread.currentThread().interrupt();
                                    } else {
                                        LOG.error("{}", e.getMessage());
                                    }
                                    exitCode = SYNC_FAILED;
                                }
                                // no scrape reaches a run that is about to exit: hand its metrics
                                // on
                                io.tributary.metrics.OnceMetrics.publish(m.getCamelContext());
                                main.completed();
                            },
                            "tributary-once");
            waiter.setDaemon(true);
            waiter.start();
        }
    }

    /** The connectors named on the command line, each checked to exist. */
    private Set<String> selectedConnectors(ModelCamelContext context) {
        if (options.connectors.isEmpty()
                || options.action == Options.Action.STATE_SHOW
                || options.action == Options.Action.STATE_RESET
                || options.action == Options.Action.SCHEMA_DIFF // starts no route
                || options.action == Options.Action.REPLAY) { // replay runs no route
            return Set.of();
        }
        Set<String> known = new java.util.TreeSet<>();
        context.getRouteDefinitions().forEach(r -> known.add(r.getRouteId()));
        for (String name : options.connectors) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException(
                        "connector '"
                                + name
                                + "' is not in "
                                + new Settings(context)
                                        .text("camel.main.routes-include-pattern", "?")
                                + "; known: "
                                + known);
            }
            if (!scheduledRoutes.contains(name) && options.once) {
                throw new IllegalArgumentException(
                        "connector '"
                                + name
                                + "' has no schedule of its own (its route starts from '"
                                + OnceTrigger.scheduleUri(context, context.getRouteDefinition(name))
                                + "'): it runs when the route that calls "
                                + "it runs; name that one. Scheduled: "
                                + scheduledRoutes);
            }
        }
        return Set.copyOf(options.connectors);
    }

    private static String noConnectors(CamelContext context) {
        return "no connectors found (camel.main.routes-include-pattern="
                + new Settings(context).text("camel.main.routes-include-pattern", "?")
                + ")";
    }

    private WeatherApiServer startDemo(CamelContext context) {
        Settings s = new Settings(context);
        WeatherApiSettings defaults = WeatherApiSettings.defaults();
        WeatherApiSettings settings =
                new WeatherApiSettings(
                        s.integer("tributary.demo.port", 18089),
                        s.text("tributary.demo.api-key", defaults.apiKey()),
                        s.integer("tributary.demo.daily-quota", defaults.dailyQuota()),
                        s.duration("tributary.demo.interval", defaults.interval()),
                        s.duration("tributary.demo.history", defaults.history()));
        WeatherApiServer server = new WeatherApiServer(settings, Clock.systemUTC());
        try {
            server.start();
        } catch (RuntimeException e) {
            throw new Settings.SettingException(
                    "tributary.demo.port",
                    Integer.toString(settings.port()),
                    "the demo API cannot listen on 127.0.0.1 there ("
                            + e.getMessage()
                            + "); choose another port or set tributary.demo.enabled=false");
        }
        LOG.info(
                "Demo weather API listening on {} (tributary.demo.enabled=true)", server.baseUrl());
        return server;
    }

    private void stopSupportServices() {
        if (demo != null) {
            demo.stop();
        }
        if (quartzPool != null) {
            quartzPool.close();
        }
        if (dataSource != null) {
            dataSource.close();
        }
    }

    public static Properties defaults() {
        return io.tributary.config.Settings.builtInDefaults();
    }

    /**
     * The message that explains a failed start-up: Tributary's own (which name the connector or
     * setting, prefixed with the route file when known), else the root cause's.
     */
    private String startupProblem(Throwable e) {
        String route = null;
        String kamelet = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.apache.camel.FailedToCreateRouteException) {
                route = ((org.apache.camel.FailedToCreateRouteException) t).getRouteId();
            }
            if (t instanceof org.apache.camel.component.kamelet.FailedToCreateKameletException) {
                kamelet =
                        ((org.apache.camel.component.kamelet.FailedToCreateKameletException) t)
                                .getTemplateId();
            }
            if (t instanceof ConnectorConfigException) {
                return routeFiles
                                .of(((ConnectorConfigException) t).connector())
                                .map(f -> f + ": ")
                                .orElse("")
                        + t.getMessage();
            }
            if (t instanceof Settings.SettingException
                    || t.getMessage() != null && t.getMessage().startsWith("connector '")) {
                return t.getMessage();
            }
            String vault = t.getMessage() == null ? null : vaultKey(t.getMessage());
            if (vault != null) {
                // a {{aws:...}} (or another Camel vault function) placeholder: the secret's name
                // and
                // the vault's reason, which holds no value; the root cause alone names neither
                String where =
                        route == null ? "" : routeFiles.of(route).map(f -> f + ": ").orElse("");
                return where
                        + (route == null ? "" : "connector '" + route + "': ")
                        + "secret '"
                        + vault
                        + "' cannot be read from the vault: "
                        + rootMessage(t);
            }
            if (t instanceof org.apache.camel.PropertyBindingException b) {
                // Camel's own message repeats the value, which may be a secret: name the property
                // only
                Object target = b.getTarget();
                return "a bean of type "
                        + (target == null ? "?" : target.getClass().getSimpleName())
                        + " in a route file"
                        + " has no property '"
                        + b.getPropertyName()
                        + "' (or cannot take its value); the properties are"
                        + " the template parameters listed in docs/connector-parameters.md";
            }
            java.util.regex.Matcher mandatory =
                    t.getMessage() == null ? null : MANDATORY.matcher(t.getMessage());
            if (mandatory != null && mandatory.find()) {
                return kamelet != null
                        ? missingKameletParameters(kamelet, route, mandatory.group(2))
                        : missingParameters(mandatory.group(1), mandatory.group(2));
            }
            String key = Settings.camelMissingKey(t.getMessage());
            if (key != null && main.getCamelContext() != null) {
                String why = Settings.whyUnresolved(main.getCamelContext(), "{{" + key + "}}");
                return inFile(
                        "placeholder '{{"
                                + key
                                + "}}' cannot be resolved: "
                                + (why != null ? why : "it is not defined"));
            }
        }
        return inFile(rootMessage(e));
    }

    /** Camel's vault properties functions fail with this text, naming the secret. */
    private static final java.util.regex.Pattern VAULT_KEY =
            java.util.regex.Pattern.compile(
                    "^Error getting secret from vault using key: (\\S+) due to:");

    static String vaultKey(String message) {
        java.util.regex.Matcher m = VAULT_KEY.matcher(message);
        return m.find() ? m.group(1) : null;
    }

    private static final java.util.regex.Pattern MANDATORY =
            java.util.regex.Pattern.compile(
                    "Route template (\\S+) the following mandatory parameters must be provided: (.+)");

    /**
     * Camel names the template and the parameter; the file and connector come from the route files.
     */
    private String missingParameters(String template, String parameters) {
        StringBuilder b = new StringBuilder();
        for (String parameter : parameters.split("\\s*,\\s*")) {
            java.util.List<String> where = routeFiles.without(parameter.strip());
            String text =
                    "parameter '"
                            + parameter.strip()
                            + "' is required by template "
                            + template
                            + "; add"
                            + " - {name: "
                            + parameter.strip()
                            + ", value: ...} (docs/connector-parameters.md)";
            b.append(b.length() == 0 ? "" : "; ")
                    .append(where.isEmpty() ? text : String.join(", ", where) + ": " + text);
        }
        return b.toString();
    }

    /** A route's {@code kamelet:} step lacks what the Kamelet's definition requires. */
    private String missingKameletParameters(String kamelet, String route, String parameters) {
        java.util.List<String> missing =
                java.util.Arrays.stream(parameters.split("\\s*,\\s*")).map(String::strip).toList();
        java.util.List<String> routes =
                route != null ? java.util.List.of(route) : routesUsing(kamelet, missing);
        String where =
                routes.stream()
                        .map(
                                r ->
                                        routeFiles.of(r).map(f -> f + ": ").orElse("")
                                                + "route '"
                                                + r
                                                + "'")
                        .collect(java.util.stream.Collectors.joining(", "));
        where = where.isEmpty() ? "" : where + ": ";
        java.util.List<String> names = missing.stream().map(p -> "'" + p + "'").toList();
        return where
                + "kamelet:"
                + kamelet
                + " needs parameter"
                + (names.size() > 1 ? "s " : " ")
                + String.join(", ", names)
                + "; add "
                + (names.size() > 1 ? "them" : "it")
                + " under the step's parameters: (its definition lists them:"
                + " kamelets/"
                + kamelet
                + ".kamelet.yaml)";
    }

    /**
     * The routes with a {@code kamelet:<kamelet>} endpoint whose URI gives none of {@code missing}
     * (Camel does not name them).
     */
    private java.util.List<String> routesUsing(String kamelet, java.util.List<String> missing) {
        java.util.List<String> found = new java.util.ArrayList<>();
        if (!(main.getCamelContext() instanceof ModelCamelContext)) {
            return found;
        }
        for (RouteDefinition r :
                ((ModelCamelContext) main.getCamelContext()).getRouteDefinitions()) {
            java.util.List<String> uris = new java.util.ArrayList<>();
            if (r.getInput() != null) {
                uris.add(r.getInput().getEndpointUri());
            }
            org.apache.camel.model.ProcessorDefinitionHelper.filterTypeInOutputs(
                            r.getOutputs(), org.apache.camel.model.SendDefinition.class)
                    .forEach(send -> uris.add(send.getEndpointUri()));
            boolean lacks =
                    uris.stream()
                            .filter(
                                    u ->
                                            u != null
                                                    && (u.equals("kamelet:" + kamelet)
                                                            || u.startsWith(
                                                                    "kamelet:" + kamelet + "?")))
                            .anyMatch(
                                    u ->
                                            missing.stream()
                                                    .anyMatch(
                                                            p ->
                                                                    !u.contains("?" + p + "=")
                                                                            && !u.contains(
                                                                                    "&" + p
                                                                                            + "=")));
            if (lacks && r.getRouteId() != null) {
                found.add(r.getRouteId());
            }
        }
        return found;
    }

    /** A parse error names the line, not the file: prefix the file Camel was reading. */
    private String inFile(String problem) {
        String file = routeFiles.loading().orElse(null);
        return file == null || problem == null || problem.contains(file)
                ? problem
                : file + ": " + problem;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            if (t instanceof IllegalArgumentException) {
                break; // our configuration errors carry the whole story
            }
            t = t.getCause();
        }
        return t.getMessage();
    }
}
