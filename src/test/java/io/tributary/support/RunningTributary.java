package io.tributary.support;

import io.tributary.Tributary;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Tributary running its route files in this JVM, as {@code tributary run} does, with Camel's main
 * HTTP server (webhooks) and the management server (metrics, status page) each on a free port of
 * 127.0.0.1. {@link #start} returns once the management server answers.
 */
public final class RunningTributary implements AutoCloseable {
    public final int serverPort = FreePort.next();
    public final int managementPort = FreePort.next();
    private final Tributary tributary = new Tributary();
    private final HttpClient http = HttpClient.newHttpClient();
    private Thread thread;
    private volatile int exit = -1;

    public static RunningTributary start(Database db, Path routes, String... more)
            throws Exception {
        RunningTributary t = new RunningTributary();
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--tributary.demo.enabled=false",
                                "--camel.main.routes-include-pattern=file:"
                                        + routes
                                        + "/*.camel.yaml",
                                "--camel.server.enabled=true",
                                "--camel.server.host=127.0.0.1",
                                "--camel.server.port=" + t.serverPort,
                                "--camel.management.host=127.0.0.1",
                                "--camel.management.port=" + t.managementPort));
        args.addAll(db.options());
        args.addAll(List.of(more));
        t.thread =
                new Thread(
                        () -> t.exit = t.tributary.run(args.toArray(String[]::new)),
                        "tributary-run");
        t.thread.start();
        t.awaitStarted();
        return t;
    }

    private void awaitStarted() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!thread.isAlive()) {
                throw new AssertionError("Tributary stopped before it started: exit " + exit);
            }
            try {
                if (http.send(
                                        HttpRequest.newBuilder(management("/observe/health/live"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not up yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError("Tributary did not start within 60 s");
    }

    /** A URL on the main HTTP server, where webhook endpoints are. */
    public URI server(String path) {
        return URI.create("http://127.0.0.1:" + serverPort + path);
    }

    public URI management(String path) {
        return URI.create("http://127.0.0.1:" + managementPort + path);
    }

    /** A page of the management server, as text. */
    public String get(String path) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(management(path)).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    public int exitCode() {
        return exit;
    }

    @Override
    public void close() throws Exception {
        tributary.stop();
        thread.join(30_000);
    }
}
