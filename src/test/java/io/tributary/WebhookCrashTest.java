package io.tributary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.support.Database;
import io.tributary.support.FreePort;
import io.tributary.support.WebhookSender;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * SIGKILL while GitHub is pushing: a child JVM runs {@code examples/github-webhooks/} on PostgreSQL
 * and receives a stream of signed deliveries from four senders that, as GitHub does, send each
 * delivery again until it is answered 2xx. It is killed mid-stream; every delivery a sender saw
 * acknowledged is then in the table exactly once. Another child starts on the same port, the
 * senders' retries get through, and in the end every delivery is in the table exactly once — in
 * {@code append}, whose table has no key that could refuse a second row.
 */
class WebhookCrashTest {
    static final String ROUTE = "examples/github-webhooks/github-events.camel.yaml";
    static final String SECRET = "crash-test-secret-9b2d";
    static final int SENDERS = 4;
    static final int PER_SENDER = 100;

    @org.junit.jupiter.api.io.TempDir Path dir;
    Database db;
    String kind;
    final int port = FreePort.next();
    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"postgresql", "h2-file"})
    void everyAcknowledgedDeliverySurvivesAKillAndEveryOtherArrivesOnRetryEachExactlyOnce(
            String kind) throws Exception {
        // H2 as the default configuration keeps it, in a file: a commit reaches the file up to a
        // second later unless the sink checkpoints it, which it does before the 200
        this.kind = kind;
        db = kind.equals("postgresql") ? Database.postgres() : Database.h2File(dir);
        WebhookSender github =
                new WebhookSender(
                        URI.create("http://127.0.0.1:" + port + "/webhooks/github"),
                        "github",
                        SECRET);
        Process first = startChild("first");
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        List<Future<?>> sent = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            List<String> mine = new ArrayList<>();
            for (int i = 0; i < PER_SENDER; i++) {
                mine.add("delivery-" + s + "-" + i);
            }
            all.addAll(mine);
            sent.add(
                    senders.submit(
                            () -> {
                                for (String delivery : mine) {
                                    github.deliver(
                                            delivery, body(delivery), Duration.ofSeconds(120));
                                    acknowledged.add(delivery);
                                }
                                return null;
                            }));
        }
        Set<String> ackedBeforeKill;
        try {
            awaitAcknowledged(100, first);
        } finally {
            first.destroyForcibly(); // SIGKILL: no shutdown hook, in the middle of requests
            first.waitFor(30, TimeUnit.SECONDS);
            ackedBeforeKill = Set.copyOf(acknowledged);
        }
        assertTrue(ackedBeforeKill.size() < SENDERS * PER_SENDER, "killed mid-stream");
        for (String delivery : ackedBeforeKill) {
            assertEquals(1, rows(delivery), delivery + " was acknowledged before the kill");
        }

        Process second = startChild("second");
        try {
            for (Future<?> f : sent) {
                f.get(
                        180,
                        TimeUnit.SECONDS); // each sender retried until every delivery was answered
            }
        } finally {
            senders.shutdownNow();
            second.destroy();
            second.waitFor(30, TimeUnit.SECONDS);
        }

        assertEquals(SENDERS * PER_SENDER, acknowledged.size());
        assertEquals(
                SENDERS * PER_SENDER, db.count("SELECT COUNT(*) FROM github_events"), "each once");
        assertEquals(
                SENDERS * PER_SENDER,
                db.count("SELECT COUNT(DISTINCT delivery) FROM github_events"),
                "every delivery is there");
        assertEquals(
                0,
                db.count(
                        "SELECT COUNT(*) FROM (SELECT delivery FROM github_events GROUP BY delivery HAVING COUNT(*) > 1) d"),
                "none twice");
        for (String log : List.of("first", "second")) {
            assertFalse(
                    Files.readString(logFile(log)).contains(SECRET),
                    "the secret in the " + log + " child's log");
        }
    }

    static String body(String delivery) {
        return "{\"action\":\"opened\",\"issue\":{\"number\":1,\"title\":\""
                + delivery
                + "\"},"
                + "\"repository\":{\"full_name\":\"octo-org/octo-repo\"},\"sender\":{\"login\":\"octocat\"}}";
    }

    long rows(String delivery) {
        return db.count("SELECT COUNT(*) FROM github_events WHERE delivery = ?", delivery);
    }

    Path logFile(String name) {
        return Path.of("target", "webhook-crash-" + kind + "-" + name + ".log");
    }

    Process startChild(String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb =
                new ProcessBuilder(
                        List.of(
                                java,
                                "-cp",
                                System.getProperty("java.class.path"),
                                Tributary.class.getName(),
                                "--tributary.demo.enabled=false",
                                "--camel.main.routes-include-pattern=file:" + ROUTE,
                                "--camel.server.enabled=true",
                                "--camel.server.port=" + port,
                                "--camel.management.port=" + FreePort.next(),
                                "--tributary.db.url=" + db.url,
                                "--tributary.db.user=" + db.user,
                                "--tributary.db.password=" + db.password));
        pb.environment().put("GITHUB_WEBHOOK_SECRET", SECRET);
        pb.redirectErrorStream(true);
        pb.redirectOutput(new File(logFile(name).toString()));
        return pb.start();
    }

    void awaitAcknowledged(int n, Process child) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new AssertionError(
                        "the first child ended by itself (exit "
                                + child.exitValue()
                                + "); see "
                                + logFile("first"));
            }
            if (acknowledged.size() >= n) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError(
                "the first child never acknowledged " + n + " deliveries; see " + logFile("first"));
    }
}
