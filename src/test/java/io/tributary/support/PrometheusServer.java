package io.tributary.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (the {@code prometheus} binary from Debian's package, which {@code .ci/run}
 * installs with promtool) on 127.0.0.1, scraping Tributary's {@code /observe/metrics} every second
 * as job {@code tributary} (the job the alert rules expect), queried through its HTTP API ({@code
 * /api/v1/query}).
 */
public final class PrometheusServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private PrometheusServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts Prometheus scraping {@code 127.0.0.1:targetPort/observe/metrics}; waits until ready.
     */
    public static PrometheusServer scraping(int targetPort, Path dir) throws Exception {
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "global: {scrape_interval: 1s, evaluation_interval: 1s}",
                        "scrape_configs:",
                        "  - job_name: tributary",
                        "    metrics_path: /observe/metrics",
                        "    static_configs: [{targets: ['127.0.0.1:" + targetPort + "']}]",
                        ""));
        int port = FreePort.next();
        Process process =
                new ProcessBuilder(
                                "prometheus",
                                "--config.file=" + config,
                                "--storage.tsdb.path=" + dir.resolve("tsdb"),
                                "--web.listen-address=127.0.0.1:" + port,
                                "--storage.tsdb.retention.time=1h")
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("prometheus.log").toFile())
                        .start();
        PrometheusServer server = new PrometheusServer(process, port);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!server.ready()) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                server.close();
                throw new IllegalStateException(
                        "Prometheus did not start: "
                                + Files.readString(dir.resolve("prometheus.log")));
            }
            Thread.sleep(200);
        }
        return server;
    }

    private boolean ready() {
        try {
            return http.send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            "http://127.0.0.1:"
                                                                    + port
                                                                    + "/-/ready"))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * An instant query's whole answer ({@code status}, {@code data.result}, or {@code error} when
     * the expression does not parse).
     */
    public JsonNode query(String promql) throws IOException, InterruptedException {
        return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    /** The values of a label on the series a selector matches (Grafana's {@code label_values}). */
    public JsonNode labelValues(String label, String match)
            throws IOException, InterruptedException {
        return get(
                "/api/v1/label/"
                        + label
                        + "/values?match[]="
                        + URLEncoder.encode(match, StandardCharsets.UTF_8));
    }

    private JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + port + pathAndQuery))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
