package io.tributary.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.tributary.support.FreePort;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook against a loopback receiver that can be told to fail. */
class WebhookNotifierTest {
    final List<String> received = new CopyOnWriteArrayList<>();
    final AtomicInteger failFirst = new AtomicInteger();
    final AtomicInteger calls = new AtomicInteger();
    HttpServer receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext(
                "/hook",
                exchange -> {
                    calls.incrementAndGet();
                    String body =
                            new String(
                                    exchange.getRequestBody().readAllBytes(),
                                    StandardCharsets.UTF_8);
                    boolean fail = failFirst.getAndDecrement() > 0;
                    if (!fail) {
                        received.add(body);
                    }
                    exchange.sendResponseHeaders(fail ? 503 : 200, -1);
                    exchange.close();
                });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    WebhookNotifier notifier(int attempts) {
        return new WebhookNotifier(
                URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"),
                attempts,
                Duration.ofMillis(20));
    }

    static SyncOutcome outcome(boolean success) {
        return new SyncOutcome(
                "inventory",
                success,
                Instant.now(),
                Duration.ofSeconds(1),
                1,
                5,
                5,
                0,
                "2026-11-20T06:00:00Z",
                success
                        ? null
                        : "page 1: HTTP 401 Unauthorized from GET https://api.example.com/items?key=****");
    }

    @Test
    void itTellsOfTheFirstFailureOnlyAndThenOfTheRecovery() throws Exception {
        try (WebhookNotifier n = notifier(3)) {
            n.finished(outcome(true));
            n.finished(outcome(false));
            n.finished(outcome(false));
            n.finished(outcome(false));
            n.finished(outcome(true));
            n.finished(outcome(true));
        }
        assertEquals(2, received.size(), received.toString());
        assertTrue(
                received.get(0)
                        .startsWith(
                                "{\"text\":\":red_circle: Tributary connector *inventory* failed: page 1: HTTP 401"),
                received.get(0));
        assertTrue(received.get(0).contains("\"outcome\":\"failed\""), received.get(0));
        assertTrue(
                received.get(1).contains("recovered") && received.get(1).contains("5 rows written"),
                received.get(1));
    }

    @Test
    void aReceiverThatFailsIsRetried() {
        failFirst.set(2);
        try (WebhookNotifier n = notifier(3)) {
            n.finished(outcome(false));
        }
        assertEquals(3, calls.get());
        assertEquals(1, received.size());
    }

    @Test
    void aReceiverThatNeverAnswersCostsTheSyncNothing() {
        int closed = FreePort.next(); // nobody listens there
        long start = System.nanoTime();
        try (WebhookNotifier n =
                new WebhookNotifier(
                        URI.create("http://127.0.0.1:" + closed + "/hook"),
                        3,
                        Duration.ofMillis(10))) {
            n.finished(outcome(false)); // returns at once; sending happens on the notifier's thread
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 1000);
        }
        assertEquals(0, received.size());
    }
}
