package io.tributary;

import com.zaxxer.hikari.HikariDataSource;
import io.tributary.cli.Options;
import io.tributary.cli.SettingsFolders;
import io.tributary.cluster.ClusteredQuartz;
import io.tributary.connector.Connector;
import io.tributary.connector.ConnectorConfigException;
import io.tributary.connector.HttpToJdbcTemplate;
import io.tributary.connector.OnceTrigger;
import io.tributary.connector.RouteFiles;
import io.tributary.connector.SyncOutcome;
import io.tributary.connector.SyncOutcomes;
import io.tributary.demo.WeatherApiServer;
import io.tributary.demo.WeatherApiSettings;
import io.tributary.http.ConnectorErrorPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.model.ModelCamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tributary's entry point: a camel-main application that loads the connectors in {@code routes/}
 * and runs them on their schedules, or once with {@code --once}.
 *
 * <p>Exit codes: 0 success; 1 a connector failed under {@code --once}; 2 bad command line or settings.
 */
public final class Tributary {
    private static final Logger LOG = LoggerFactory.getLogger(Tributary.class);
    public static final int OK = 0;
    public static final int SYNC_FAILED = 1;
    public static final int BAD_USAGE = 2;

    private final Main main = new Main();
    private volatile SyncOutcomes outcomes;
    private volatile int exitCode = OK;
    private volatile WeatherApiServer demo;
    private volatile HikariDataSource dataSource;
    private volatile HikariDataSource quartzPool;
    private final RouteFiles routeFiles = new RouteFiles();

    public static void main(String[] args) {
        System.exit(new Tributary().run(args));
    }

    /** Runs until stopped (or, with --once, until every connector ran once) and returns the exit code. */
    public int run(String... args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("tributary: " + e.getMessage() + "\n\n" + Options.USAGE);
            return BAD_USAGE;
        }
        if (options.help) {
            System.out.println(Options.USAGE);
            return OK;
        }
        main.setInitialProperties(defaults());
        if (Files.exists(Path.of(options.config))) {
            main.setDefaultPropertyPlaceholderLocation("file:" + options.config);
        } else if (!options.config.equals("application.properties")) {
            System.err.println("tributary: settings file " + Path.of(options.config).toAbsolutePath() + " not found");
            return BAD_USAGE;
        } else {
            main.setDefaultPropertyPlaceholderLocation("false"); // built-in defaults only
        }
        try { // mounted ConfigMaps and Secrets, then the command line, which wins
            SettingsFolders.read(System.getenv(SettingsFolders.VARIABLE)).forEach(main::addOverrideProperty);
        } catch (IllegalArgumentException e) {
            System.err.println("tributary: " + e.getMessage());
            return BAD_USAGE;
        }
        options.overrides.forEach(main::addOverrideProperty);
        main.configure().addRoutesBuilder(new ConnectorErrorPolicy());
        main.configure().addRoutesBuilder(new HttpToJdbcTemplate());
        main.addMainListener(new Lifecycle(options.once));
        try {
            main.run();
        } catch (Exception e) {
            LOG.error("Tributary could not start: {}", startupProblem(e));
            return exitCode == OK ? BAD_USAGE : exitCode;
        } finally {
            stopSupportServices();
        }
        return exitCode;
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
            context.getRegistry().bind("tributaryRouteFiles", routeFiles);
            outcomes = context.getRegistry().lookupByNameAndType("tributarySyncOutcomes", SyncOutcomes.class);
            if (ClusteredQuartz.enabled(context)) {
                if (once) {
                    LOG.info("--once runs every connector in this process now; {} does not apply", ClusteredQuartz.ENABLED);
                } else {
                    quartzPool = ClusteredQuartz.configure(context, dataSource);
                }
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
            if (quartzPool != null) {
                ClusteredQuartz.adjustRoutes((ModelCamelContext) context);
            }
            if (once) {
                int n = OnceTrigger.apply((ModelCamelContext) context);
                LOG.info("--once: {} scheduled route(s) will run once", n);
            }
        }

        @Override
        public void afterStart(BaseMainSupport m) {
            if (!once) {
                if (outcomes.connectors().isEmpty()) {
                    LOG.warn("{}; nothing will sync", noConnectors(m.getCamelContext()));
                }
                return;
            }
            Instant started = Instant.now().minusSeconds(1);
            Thread waiter = new Thread(() -> {
                try {
                    Set<String> connectors = outcomes.connectors();
                    if (connectors.isEmpty()) {
                        LOG.error("--once: {}", noConnectors(m.getCamelContext()));
                        exitCode = SYNC_FAILED;
                    } else {
                        Duration timeout = Duration.ofSeconds(
                                new Settings(m.getCamelContext()).number("tributary.once.timeout-seconds", 21_600));
                        if (!outcomes.awaitAll(connectors, started, timeout)) {
                            LOG.error("--once: not every connector finished within {}", timeout);
                            exitCode = SYNC_FAILED;
                        }
                        boolean anyFailed = connectors.stream()
                                .map(outcomes::latest)
                                .anyMatch(o -> o.map(SyncOutcome::success).map(ok -> !ok).orElse(true));
                        if (anyFailed) {
                            exitCode = SYNC_FAILED;
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    exitCode = SYNC_FAILED;
                }
                main.completed();
            }, "tributary-once");
            waiter.setDaemon(true);
            waiter.start();
        }
    }

    private static String noConnectors(CamelContext context) {
        return "no connectors found (camel.main.routes-include-pattern="
                + new Settings(context).text("camel.main.routes-include-pattern", "?") + ")";
    }

    private WeatherApiServer startDemo(CamelContext context) {
        Settings s = new Settings(context);
        WeatherApiSettings defaults = WeatherApiSettings.defaults();
        WeatherApiSettings settings = new WeatherApiSettings(
                s.integer("tributary.demo.port", 18089),
                s.text("tributary.demo.api-key", defaults.apiKey()),
                s.integer("tributary.demo.daily-quota", defaults.dailyQuota()),
                s.duration("tributary.demo.interval", defaults.interval()),
                s.duration("tributary.demo.history", defaults.history()));
        WeatherApiServer server = new WeatherApiServer(settings, Clock.systemUTC());
        try {
            server.start();
        } catch (RuntimeException e) {
            throw new Settings.SettingException("tributary.demo.port", Integer.toString(settings.port()),
                    "the demo API cannot listen on 127.0.0.1 there (" + e.getMessage()
                    + "); choose another port or set tributary.demo.enabled=false");
        }
        LOG.info("Demo weather API listening on {} (tributary.demo.enabled=true)", server.baseUrl());
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

    static Properties defaults() {
        Properties p = new Properties();
        try (InputStream in = Tributary.class.getResourceAsStream("/tributary-defaults.properties")) {
            p.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("tributary-defaults.properties is missing from the jar", e);
        }
        return p;
    }

    /**
     * The message that explains a failed start-up: Tributary's own (which name the connector or
     * setting, prefixed with the route file when known), else the root cause's.
     */
    private String startupProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectorConfigException) {
                return routeFiles.of(((ConnectorConfigException) t).connector()).map(f -> f + ": ").orElse("") + t.getMessage();
            }
            if (t instanceof Settings.SettingException || t.getMessage() != null && t.getMessage().startsWith("connector '")) {
                return t.getMessage();
            }
        }
        return rootMessage(e);
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
