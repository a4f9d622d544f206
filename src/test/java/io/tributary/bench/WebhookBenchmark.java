package io.tributary.bench;

import io.tributary.support.Database;
import io.tributary.support.FreePort;
import io.tributary.support.WebhookSender;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The webhook benchmark (a harness that prints figures, not a test): the packaged JAR ({@code
 * target/tributary.jar}) runs the shipped example {@code examples/github-webhooks/} (the
 * tributary-webhook-source Kamelet, GitHub's HMAC-SHA256 signature, append into {@code
 * github_events}) in a child JVM, into an embedded PostgreSQL and then an H2 file; 1, 4 and 16
 * senders ({@link WebhookSender}, signing each delivery as GitHub does, one in ten a redelivery of
 * the sender's previous id) post for {@code seconds} each. Prints the acknowledged events/s (each
 * answered 200 after its row committed), the child's CPU (from /proc/PID/stat), how many requests a
 * thread dump a second finds in the connector's sink step (PageSinkStep.process, synchronized) and
 * how many of those wait for its lock (BLOCKED on it), the load average, and at the end whether the
 * table holds exactly one row per distinct delivery.
 *
 * <pre>
 * bench/webhooks.sh            # 15 s per level
 * bench/webhooks.sh 30         # 30 s per level
 * </pre>
 */
public final class WebhookBenchmark {
    static final String SECRET = "bench-webhook-secret-5c1e";
    static final int[] SENDERS = {1, 4, 16};

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        Path jar = Path.of("target/tributary.jar").toAbsolutePath();
        System.out.printf(
                Locale.ROOT,
                "%-11s %7s %9s %9s %8s %9s %11s %10s  %s%n",
                "database",
                "senders",
                "events",
                "events/s",
                "CPU %",
                "CPU ms/ev",
                "in sink",
                "on lock",
                "load avg (1 5 15)");
        for (String kind : List.of("postgresql", "h2-file")) {
            Path dir = Files.createTempDirectory("tributary-webhooks");
            Database db = kind.equals("postgresql") ? Database.postgres() : Database.h2File(dir);
            run(kind, db, jar, dir, seconds);
        }
        System.exit(0);
    }

    static void run(String kind, Database db, Path jar, Path dir, int seconds) throws Exception {
        // the example's route with the endpoint's own request rate (50/s by default) lifted, so the
        // figure is what signature check + commit sustain, not the rate limit
        Path route = dir.resolve("github-events.camel.yaml");
        Files.writeString(
                route,
                Files.readString(Path.of("examples/github-webhooks/github-events.camel.yaml"))
                        .replace(
                                "        provider: github\n",
                                "        provider: github\n        rateLimit: "
                                        + Integer.getInteger("bench.webhookRate", 100_000)
                                        + "\n"));
        int port = FreePort.next();
        int management = FreePort.next();
        List<String> command =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx256m",
                                "-jar",
                                jar.toString(),
                                "--tributary.demo.enabled=false",
                                "--camel.main.routes-include-pattern=file:" + route,
                                "--camel.server.enabled=true",
                                "--camel.server.host=127.0.0.1",
                                "--camel.server.port=" + port,
                                "--camel.management.host=127.0.0.1",
                                "--camel.management.port=" + management));
        command.addAll(db.options());
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("GITHUB_WEBHOOK_SECRET", SECRET);
        pb.redirectErrorStream(true);
        File log = dir.resolve("tributary.log").toFile();
        pb.redirectOutput(log);
        Process child = pb.start();
        List<String> sent = new ArrayList<>();
        try {
            awaitLive(child, management, log);
            WebhookSender github =
                    new WebhookSender(
                            URI.create("http://127.0.0.1:" + port + "/webhooks/github"),
                            "github",
                            SECRET);
            level(github, child, 4, 5, "warm-" + kind, null); // JIT, pools: not counted
            for (int senders : SENDERS) {
                List<String> ids = new ArrayList<>();
                double[] figures =
                        level(github, child, senders, seconds, kind + "-" + senders, ids);
                sent.addAll(ids);
                System.out.printf(
                        Locale.ROOT,
                        "%-11s %7d %9d %9.0f %8.0f %9.2f %11.1f %10.1f  %s%n",
                        kind,
                        senders,
                        (long) figures[0],
                        figures[1],
                        figures[2],
                        figures[3],
                        figures[4],
                        figures[5],
                        loadAverage());
            }
        } finally {
            child.destroy();
            child.waitFor();
        }
        long distinct = sent.stream().distinct().count() + warmedUp;
        long rows = db.count("SELECT COUNT(*) FROM github_events");
        long ids = db.count("SELECT COUNT(DISTINCT delivery) FROM github_events");
        System.out.printf(
                Locale.ROOT,
                "%-11s rows at the end: %d, distinct deliveries %d, expected %d: %s%n",
                kind,
                rows,
                ids,
                distinct,
                rows == distinct && ids == distinct ? "exact" : "NOT EXACT");
        warmedUp = 0;
    }

    static long warmedUp;

    /**
     * One level: {@code senders} threads posting for {@code seconds}; returns events, events/s, CPU
     * %, CPU ms per event, % of thread dumps with a sink step running, % with one blocked on the
     * lock.
     */
    static double[] level(
            WebhookSender github,
            Process child,
            int senders,
            int seconds,
            String prefix,
            List<String> ids)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        AtomicLong events = new AtomicLong();
        List<List<String>> mine = new ArrayList<>();
        long cpuBefore = cpuTicks(child.pid());
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(seconds).toNanos();
        List<Future<?>> running = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            List<String> own = new ArrayList<>();
            mine.add(own);
            String sender = prefix + "-" + s + "-";
            running.add(
                    pool.submit(
                            () -> {
                                int n = 0;
                                String previous = null;
                                while (System.nanoTime() < deadline) {
                                    // one in ten a provider's redelivery: acknowledged, not stored
                                    String id =
                                            previous != null && n % 10 == 9 ? previous : sender + n;
                                    github.deliver(id, body(id), Duration.ofSeconds(60));
                                    own.add(id);
                                    events.incrementAndGet();
                                    previous = id;
                                    n++;
                                }
                                return null;
                            }));
        }
        int dumps = 0;
        int busy = 0;
        int blocked = 0;
        while (System.nanoTime() < deadline - Duration.ofMillis(500).toNanos()) {
            Thread.sleep(1000);
            String dump = threadDump(child.pid());
            dumps++;
            for (String thread : dump.split("\n\n")) {
                if (thread.contains("PageSinkStep.process")) {
                    busy++; // a request in the sink step, holding the lock or waiting for it
                    if (thread.contains("BLOCKED (on object monitor)")
                            && thread.contains("waiting to lock")
                            && thread.contains("(a io.tributary.connector.PageSinkStep)")) {
                        blocked++;
                    }
                }
            }
        }
        for (Future<?> f : running) {
            f.get();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long cpu = cpuTicks(child.pid()) - cpuBefore;
        pool.shutdown();
        long total = events.get();
        if (ids != null) {
            mine.forEach(ids::addAll);
        } else {
            warmedUp += mine.stream().flatMap(List::stream).distinct().count();
        }
        double cpuSeconds = cpu / 100.0; // USER_HZ
        return new double[] {
            total,
            total / elapsed,
            100 * cpuSeconds / elapsed,
            1000 * cpuSeconds / Math.max(1, total),
            dumps == 0 ? 0 : (double) busy / dumps,
            dumps == 0 ? 0 : (double) blocked / dumps
        };
    }

    static String body(String delivery) {
        return "{\"action\":\"opened\",\"issue\":{\"number\":1,\"title\":\""
                + delivery
                + "\",\"body\":\"A webhook benchmark's issue, about the size of a small real"
                + " one.\",\"labels\":[{\"name\":\"bug\"}]},"
                + "\"repository\":{\"full_name\":\"octo-org/octo-repo\"},\"sender\":{\"login\":\"octocat\"}}";
    }

    static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
    }

    static String threadDump(long pid) throws Exception {
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "Thread.print").start();
        String out = new String(jcmd.getInputStream().readAllBytes());
        jcmd.waitFor();
        return out;
    }

    static String loadAverage() throws Exception {
        String[] l = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return l[0] + " " + l[1] + " " + l[2];
    }

    static void awaitLive(Process child, int management, File log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new IllegalStateException("Tributary stopped; see " + log);
            }
            try {
                if (http.send(
                                        HttpRequest.newBuilder(
                                                        URI.create(
                                                                "http://127.0.0.1:"
                                                                        + management
                                                                        + "/observe/health/live"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not up yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Tributary did not start within 120 s; see " + log);
    }
}
