package io.tributary.metrics;

import io.tributary.config.Settings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRepository;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * One Camel readiness check per connector ({@code connector:weather-observations} under {@code
 * /observe/health/ready}), DOWN with the reason when the connector's last {@code max-failures}
 * syncs all failed, or when its last success (or, before the first one, the start of the process)
 * is older than its freshness threshold; UP again after the next success.
 *
 * <p>Settings, with a per-connector override by suffix:
 *
 * <pre>
 * tributary.health.max-failures=3                        tributary.health.max-failures.weather-stations=1
 * tributary.health.freshness=PT24H                       tributary.health.freshness.weather-observations=PT10M
 * </pre>
 *
 * The verdict is also the gauge {@code tributary.connector.healthy}. Liveness stays with Camel's
 * own context check: restarting the process does not mend a revoked key.
 */
public final class ConnectorHealth implements HealthCheckRepository, SyncOutcomes.Listener {
    public static final String BEAN = "tributaryConnectorHealth";
    private final Clock clock;
    private final Instant startedAt;
    private final Settings settings;
    private final Map<String, Track> tracks = new ConcurrentHashMap<>();
    private final Map<String, HealthCheck> checks = new ConcurrentHashMap<>();
    private volatile boolean enabled = true;

    private final io.micrometer.core.instrument.MeterRegistry meters;

    public ConnectorHealth(
            CamelContext context, Clock clock, io.micrometer.core.instrument.MeterRegistry meters) {
        this.meters = meters;
        this.settings = new Settings(context);
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    /** A connector's health right now: UP, or DOWN with why. */
    public record Status(
            boolean up,
            String reason,
            int consecutiveFailures,
            Instant lastSuccess,
            String lastError) {}

    @Override
    public void registered(String connector) {
        tracks.computeIfAbsent(connector, c -> new Track());
        checks.computeIfAbsent(
                connector,
                c -> {
                    // the same verdict for Prometheus: tributary_connector_healthy 1 (UP) or 0
                    // (DOWN)
                    io.micrometer.core.instrument.Gauge.builder(
                                    "tributary.connector.healthy",
                                    this,
                                    h -> h.status(c).up() ? 1 : 0)
                            .description(
                                    "1 while the connector's health check is UP, 0 while DOWN (failing or stale)")
                            .tag("connector", c)
                            .register(meters);
                    return new ConnectorCheck(c);
                });
    }

    @Override
    public void finished(SyncOutcome outcome) {
        Track t = tracks.computeIfAbsent(outcome.connector(), c -> new Track());
        synchronized (t) {
            if (outcome.success()) {
                t.consecutiveFailures = 0;
                t.lastSuccess = outcome.startedAt().plus(outcome.duration());
            } else {
                t.consecutiveFailures++;
                t.lastError = outcome.error();
            }
        }
    }

    public Status status(String connector) {
        Track t = tracks.computeIfAbsent(connector, c -> new Track());
        synchronized (t) {
            int max;
            Duration freshness;
            try {
                max = maxFailures(connector);
                freshness = freshness(connector);
            } catch (Settings.SettingException e) {
                return new Status(
                        false, e.getMessage(), t.consecutiveFailures, t.lastSuccess, t.lastError);
            }
            if (t.consecutiveFailures >= max) {
                return new Status(
                        false,
                        "the last "
                                + t.consecutiveFailures
                                + " syncs failed; the latest: "
                                + t.lastError,
                        t.consecutiveFailures,
                        t.lastSuccess,
                        t.lastError);
            }
            Instant since = t.lastSuccess != null ? t.lastSuccess : startedAt;
            Duration age = Duration.between(since, clock.instant());
            // in a cluster another replica may run the connector: this one's clock of successes
            // says
            // nothing; freshness is then judged over all replicas by the TributaryConnectorStale
            // alert
            if (age.compareTo(freshness) > 0
                    && !settings.flag("tributary.cluster.enabled", false)) {
                return new Status(
                        false,
                        (t.lastSuccess != null
                                        ? "the last successful sync ended "
                                        : "no successful sync in the ")
                                + age.toSeconds()
                                + " s"
                                + (t.lastSuccess != null ? " ago" : " since start")
                                + ", more than tributary.health.freshness "
                                + freshness,
                        t.consecutiveFailures,
                        t.lastSuccess,
                        t.lastError);
            }
            return new Status(
                    true,
                    t.consecutiveFailures == 0
                            ? "ok"
                            : t.consecutiveFailures + " failed sync(s) in a row, fewer than " + max,
                    t.consecutiveFailures,
                    t.lastSuccess,
                    t.lastError);
        }
    }

    public int maxFailures(String connector) {
        int n =
                settings.integer(
                        "tributary.health.max-failures." + connector,
                        settings.integer("tributary.health.max-failures", 3));
        if (n < 1) {
            throw new Settings.SettingException(
                    "tributary.health.max-failures", Integer.toString(n), "must be 1 or more");
        }
        return n;
    }

    public Duration freshness(String connector) {
        return settings.duration(
                "tributary.health.freshness." + connector,
                settings.duration("tributary.health.freshness", Duration.ofHours(24)));
    }

    // ---- Camel's HealthCheckRepository: found in the registry by the health-check registry ----

    @Override
    public String getId() {
        return "tributary-connectors";
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public Stream<HealthCheck> stream() {
        return checks.values().stream();
    }

    @Override
    public Optional<HealthCheck> getCheck(String id) {
        return stream().filter(c -> c.getId().equals(id)).findFirst();
    }

    private static final class Track {
        int consecutiveFailures;
        Instant lastSuccess;
        String lastError;
    }

    private final class ConnectorCheck extends AbstractHealthCheck {
        private final String connector;

        ConnectorCheck(String connector) {
            super("tributary", "connector:" + connector);
            this.connector = connector;
        }

        @Override
        public boolean isLiveness() {
            return false;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            Status s = status(connector);
            builder.detail("connector", connector);
            builder.detail("consecutive.failures", s.consecutiveFailures());
            if (s.lastSuccess() != null) {
                builder.detail("last.success", s.lastSuccess().toString());
            }
            if (s.lastError() != null) {
                builder.detail("last.error", s.lastError()); // masked when the sync ended
            }
            builder.message(s.reason());
            if (s.up()) {
                builder.up();
            } else {
                builder.down();
            }
        }
    }
}
