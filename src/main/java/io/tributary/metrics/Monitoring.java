package io.tributary.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tributary.config.Settings;
import java.net.URI;
import java.time.Clock;
import org.apache.camel.CamelContext;

/**
 * Binds the monitoring beans before routes load (the Prometheus registry Camel's management server
 * scrapes, {@link ConnectorMetrics}, {@link ConnectorHealth}, the optional {@link
 * WebhookNotifier}); the status page, which shows them, is put on the management server by {@code
 * status.StatusPage.start}.
 */
public final class Monitoring {
    /** An optional {@link Clock} bean for health and lag; tests bind one they can move. */
    public static final String CLOCK = "tributaryClock";

    private Monitoring() {}

    public static void bind(CamelContext context, SyncOutcomes outcomes) {
        Clock clock = clock(context);
        Object existing = context.getRegistry().lookupByName("metricsRegistry");
        PrometheusMeterRegistry registry =
                existing instanceof PrometheusMeterRegistry
                        ? (PrometheusMeterRegistry) existing
                        : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        context.getRegistry()
                .bind("metricsRegistry", registry); // camel-micrometer-prometheus serves this one
        Settings settings = new Settings(context);
        if (settings.flag("camel.management.enabled", false)) {
            // only a running process's scrape shows them; a command or --once would pay for nothing
            context.getRegistry().bind(ProcessMetrics.BEAN, new ProcessMetrics().bindTo(registry));
        }
        ConnectorMetrics metrics = new ConnectorMetrics(registry, clock);
        ConnectorHealth health = new ConnectorHealth(context, clock, registry);
        health.maxFailures(""); // a bad default setting stops start-up, named
        health.freshness("");
        context.getRegistry().bind(ConnectorMetrics.BEAN, metrics);
        context.getRegistry().bind(ConnectorHealth.BEAN, health);
        outcomes.addListener(metrics);
        outcomes.addListener(health);
        String webhook = settings.text("tributary.notify.webhook-url", null);
        if (webhook != null) {
            URI url;
            try {
                url = URI.create(webhook);
                if (url.getHost() == null || !url.getScheme().startsWith("http")) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                // the URL is a secret (whoever has it can post): name the setting, not the value
                throw new Settings.SettingException(
                        "tributary.notify.webhook-url", null, "must be an http(s) URL");
            }
            WebhookNotifier notifier =
                    new WebhookNotifier(
                            url,
                            settings.integer("tributary.notify.attempts", 3),
                            java.time.Duration.ofMillis(
                                    settings.number("tributary.notify.backoff-ms", 1000)));
            context.getRegistry().bind("tributaryWebhookNotifier", notifier);
            outcomes.addListener(notifier);
        }
    }

    /**
     * Before start: fails with the setting's name when the management port is taken. Camel would
     * only log a warning and run on without metrics, health or status page.
     */
    public static void checkManagementPort(CamelContext context) {
        Settings settings = new Settings(context);
        if (!settings.flag("camel.management.enabled", false)) {
            return;
        }
        checkAuthentication(settings);
        int port = settings.integer("camel.management.port", 9876);
        String host = settings.text("camel.management.host", "127.0.0.1");
        if (port == 0) {
            return;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(host, port));
        } catch (java.io.IOException e) {
            throw new Settings.SettingException(
                    "camel.management.port",
                    Integer.toString(port),
                    "cannot listen on "
                            + host
                            + " there ("
                            + e.getMessage()
                            + "); choose another port or set camel.management.enabled=false");
        }
    }

    /**
     * Camel turns authentication on only with a credentials file or a JWT keystore; with neither it
     * serves every path to anyone, silently. A file that is not there would fail later, unnamed.
     */
    private static void checkAuthentication(Settings settings) {
        String enabled = camel(settings, "authenticationEnabled", "authentication-enabled");
        if (!"true".equalsIgnoreCase(enabled)) {
            return;
        }
        String file = camel(settings, "basicPropertiesFile", "basic-properties-file");
        if (file == null && camel(settings, "jwtKeystoreType", "jwt-keystore-type") == null) {
            throw new Settings.SettingException(
                    "camel.management.authenticationEnabled",
                    "true",
                    "needs camel.management.basicPropertiesFile (a file of user.NAME=PASSWORD,ROLE"
                            + " lines, e.g. mounted from a Secret) or camel.management.jwtKeystoreType;"
                            + " without either Camel would serve the management port to anyone");
        }
        if (file != null && !java.nio.file.Files.isReadable(java.nio.file.Path.of(file))) {
            throw new Settings.SettingException(
                    "camel.management.basicPropertiesFile",
                    file,
                    "cannot be read (is the secret mounted?)");
        }
    }

    /** A camel-main setting, as written in either of its spellings. */
    private static String camel(Settings settings, String camelCase, String kebab) {
        String value = settings.text("camel.management." + camelCase, null);
        return value != null ? value : settings.text("camel.management." + kebab, null);
    }

    /** Lets a pending notification go out before the process ends; unbinds the GC listener. */
    public static void stop(CamelContext context) {
        ProcessMetrics process =
                context.getRegistry()
                        .lookupByNameAndType(ProcessMetrics.BEAN, ProcessMetrics.class);
        if (process != null) {
            process.close();
        }
        WebhookNotifier notifier =
                context.getRegistry()
                        .lookupByNameAndType("tributaryWebhookNotifier", WebhookNotifier.class);
        if (notifier != null) {
            notifier.close();
        }
    }

    /** The clock bound as {@value #CLOCK} (a test's), else the system's. */
    public static Clock clock(CamelContext context) {
        Clock clock = context.getRegistry().lookupByNameAndType(CLOCK, Clock.class);
        return clock != null ? clock : Clock.systemUTC();
    }
}
