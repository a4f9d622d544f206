package io.tributary.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.CamelContext;

/**
 * The webhook sources' events: {@code tributary_webhook_events_total{connector, outcome}}, outcome
 * {@code received} (every request that reached the endpoint), {@code rejected} (refused: signature,
 * size, type, rate, no event id; or not stored: the sink failed, 503), {@code duplicate} (its event
 * id was stored before: acknowledged, not written), {@code stored}; each registered at zero with
 * its connector. Also the last stored event's time, for the status page.
 */
public final class WebhookMetrics {
    public static final String BEAN = "tributaryWebhookMetrics";
    public static final List<String> OUTCOMES =
            List.of("received", "rejected", "duplicate", "stored");

    private final MeterRegistry registry;
    private final Map<String, Map<String, Counter>> counters = new ConcurrentHashMap<>();
    private final Map<String, AtomicReference<Instant>> lastStored = new ConcurrentHashMap<>();

    public WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The process's, bound on first use beside {@link ConnectorMetrics}' registry. */
    public static WebhookMetrics of(CamelContext context) {
        synchronized (context) {
            WebhookMetrics bound =
                    context.getRegistry().lookupByNameAndType(BEAN, WebhookMetrics.class);
            if (bound == null) {
                bound = new WebhookMetrics(ConnectorMetrics.of(context).registry());
                context.getRegistry().bind(BEAN, bound);
            }
            return bound;
        }
    }

    /** Every outcome's counter at zero, so increase() sees the first event. */
    public void register(String connector) {
        counters.computeIfAbsent(
                connector,
                c -> {
                    Map<String, Counter> byOutcome = new ConcurrentHashMap<>();
                    for (String outcome : OUTCOMES) {
                        byOutcome.put(
                                outcome,
                                Counter.builder("tributary.webhook.events")
                                        .description(
                                                "Webhook requests received, rejected (refused or not stored), "
                                                        + "duplicate (acknowledged, not written again) and stored")
                                        .tag("connector", c)
                                        .tag("outcome", outcome)
                                        .register(registry));
                    }
                    return byOutcome;
                });
        lastStored.computeIfAbsent(connector, c -> new AtomicReference<>());
    }

    public void count(String connector, String outcome, Instant at) {
        register(connector);
        Counter counter = counters.get(connector).get(outcome);
        if (counter == null) {
            throw new IllegalArgumentException(outcome);
        }
        counter.increment();
        if (outcome.equals("stored")) {
            lastStored.get(connector).set(at);
        }
    }

    /** The webhook connectors, sorted. */
    public java.util.Set<String> connectors() {
        return new java.util.TreeSet<>(counters.keySet());
    }

    public long total(String connector, String outcome) {
        Map<String, Counter> byOutcome = counters.get(connector);
        return byOutcome == null ? 0 : (long) byOutcome.get(outcome).count();
    }

    public Optional<Instant> lastStored(String connector) {
        AtomicReference<Instant> at = lastStored.get(connector);
        return at == null ? Optional.empty() : Optional.ofNullable(at.get());
    }
}
