package io.tributary.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts a Slack-compatible message ({@code {"text": "..."}}, also understood by Mattermost,
 * Rocket.Chat, Teams workflows and most chat webhooks) when a connector starts failing and when it
 * recovers; not on every failed run, so a broken source under a two-minute schedule does not flood
 * the channel.
 *
 * <pre>
 * tributary.notify.webhook-url={{env:SLACK_WEBHOOK_URL}}     e.g. https://hooks.slack.com/services/T000/B000/XXXX
 * tributary.notify.attempts=3                                 tries per message, 1 s, 2 s, 4 s apart
 * </pre>
 *
 * The message carries the connector, the outcome and the already-masked error: never a key, never
 * the webhook URL (itself a secret, so it is not logged either). Sending happens on a thread of its
 * own, retried, and a failure to send is logged and dropped: a notification can never fail or slow
 * a sync.
 */
public final class WebhookNotifier implements SyncOutcomes.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI url;
    private final int attempts;
    private final Duration firstBackoff;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ExecutorService sender =
            Executors.newSingleThreadExecutor(
                    r -> {
                        Thread t = new Thread(r, "tributary-webhook");
                        t.setDaemon(true);
                        return t;
                    });
    private final Map<String, Boolean> failing = new ConcurrentHashMap<>();

    public WebhookNotifier(URI url, int attempts, Duration firstBackoff) {
        this.url = url;
        this.attempts = Math.max(1, attempts);
        this.firstBackoff = firstBackoff;
    }

    @Override
    public void finished(SyncOutcome outcome) {
        Boolean wasFailing = failing.put(outcome.connector(), !outcome.success());
        if (!outcome.success() && !Boolean.TRUE.equals(wasFailing)) {
            send(
                    outcome,
                    ":red_circle: Tributary connector *"
                            + outcome.connector()
                            + "* failed: "
                            + outcome.error());
        } else if (outcome.success() && Boolean.TRUE.equals(wasFailing)) {
            send(
                    outcome,
                    ":large_green_circle: Tributary connector *"
                            + outcome.connector()
                            + "* recovered: "
                            + outcome.rowsWritten()
                            + " rows written, cursor "
                            + (outcome.cursor() == null ? "-" : outcome.cursor()));
        }
    }

    private void send(SyncOutcome outcome, String text) {
        ObjectNode body = JSON.createObjectNode();
        body.put("text", text);
        body.put("connector", outcome.connector());
        body.put("outcome", outcome.success() ? "recovered" : "failed");
        if (outcome.error() != null) {
            body.put("error", outcome.error());
        }
        byte[] payload = body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try {
            sender.execute(() -> deliver(outcome.connector(), payload));
        } catch (RuntimeException e) {
            LOG.warn(
                    "webhook notification for connector={} dropped: {}",
                    outcome.connector(),
                    e.toString());
        }
    }

    private void deliver(String connector, byte[] payload) {
        Duration backoff = firstBackoff;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            String problem;
            try {
                HttpResponse<Void> response =
                        client.send(
                                HttpRequest.newBuilder(url)
                                        .timeout(Duration.ofSeconds(10))
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofByteArray(payload))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 == 2) {
                    return;
                }
                problem = "HTTP " + response.statusCode();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                problem = e.getClass().getSimpleName(); // the message may carry the webhook URL
            }
            if (attempt == attempts) {
                LOG.warn(
                        "webhook notification for connector={} not delivered after {} attempt(s): {}",
                        connector,
                        attempts,
                        problem);
                return;
            }
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            backoff = backoff.multipliedBy(2);
        }
    }

    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
