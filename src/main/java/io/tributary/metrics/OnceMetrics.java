package io.tributary.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tributary.config.Settings;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics of a {@code --once} run, which no scrape reaches before the process exits: at the end
 * of the run the Prometheus registry's text goes to a node-exporter textfile ({@value #TEXTFILE},
 * written whole or not at all) and/or a Pushgateway ({@value #PUSHGATEWAY}, PUT to {@code
 * /metrics/job/<job>}, which replaces the job's previous push).
 */
public final class OnceMetrics {
    public static final String TEXTFILE = "tributary.metrics.textfile";
    public static final String PUSHGATEWAY = "tributary.metrics.pushgateway";
    public static final String JOB = "tributary.metrics.pushgateway-job";
    private static final Logger LOG = LoggerFactory.getLogger(OnceMetrics.class);
    private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

    private OnceMetrics() {}

    /**
     * Before the run: a textfile's folder must exist and a Pushgateway must be an http(s) URL, so a
     * mistake stops start-up, named, instead of hours later.
     */
    public static void check(CamelContext context) {
        Settings settings = new Settings(context);
        String file = settings.text(TEXTFILE, null);
        if (file != null) {
            Path folder = Path.of(file).toAbsolutePath().getParent();
            if (!file.endsWith(".prom")) {
                throw new Settings.SettingException(
                        TEXTFILE, file, "must end in .prom (node-exporter reads only those)");
            }
            if (folder == null || !Files.isDirectory(folder)) {
                throw new Settings.SettingException(
                        TEXTFILE, file, "its folder does not exist (mount one, e.g. an emptyDir)");
            }
        }
        pushUrl(settings);
    }

    /** Writes and pushes what the settings ask for; a failure is logged, naming the setting. */
    public static void publish(CamelContext context) {
        PrometheusMeterRegistry registry =
                context.getRegistry()
                        .lookupByNameAndType("metricsRegistry", PrometheusMeterRegistry.class);
        if (registry == null) {
            return; // start-up failed before monitoring was bound
        }
        Settings settings = new Settings(context);
        String file = settings.text(TEXTFILE, null);
        URI push = pushUrl(settings);
        if (file == null && push == null) {
            return;
        }
        String text = registry.scrape();
        if (file != null) {
            try {
                writeAtomically(Path.of(file), text);
                LOG.info("--once: metrics written to {} ({})", file, TEXTFILE);
            } catch (IOException e) {
                LOG.error(
                        "--once: cannot write the metrics to {} ({}): {}",
                        file,
                        TEXTFILE,
                        e.toString());
            }
        }
        if (push != null) {
            push(push, text);
        }
    }

    /** node-exporter may read the file at any moment: it sees the old one or the new one whole. */
    static void writeAtomically(Path file, String text) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        // not *.prom, so node-exporter skips the half-written temp file
        Path temp = Files.createTempFile(folder, ".tributary-", ".tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(
                    temp,
                    file,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void push(URI url, String text) {
        // the URL may carry credentials (user:password@host): log the host only
        String where = url.getHost() + ":" + url.getPort();
        try {
            HttpClient client =
                    HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> response =
                    client.send(
                            HttpRequest.newBuilder(url)
                                    .timeout(Duration.ofSeconds(30))
                                    .header("Content-Type", TEXT_FORMAT)
                                    .PUT(HttpRequest.BodyPublishers.ofString(text))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                LOG.error(
                        "--once: the Pushgateway at {} ({}) answered HTTP {}",
                        where,
                        PUSHGATEWAY,
                        response.statusCode());
            } else {
                LOG.info("--once: metrics pushed to the Pushgateway at {}", where);
            }
        } catch (IOException e) {
            LOG.error(
                    "--once: cannot push the metrics to {} ({}): {}",
                    where,
                    PUSHGATEWAY,
                    e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code <pushgateway>/metrics/job/<job>}, or null when no Pushgateway is set. */
    static URI pushUrl(Settings settings) {
        String base = settings.text(PUSHGATEWAY, null);
        if (base == null) {
            return null;
        }
        String job = settings.text(JOB, "tributary");
        URI url;
        try {
            url =
                    URI.create(
                            base.replaceAll("/+$", "")
                                    + "/metrics/job/"
                                    + URLEncoder.encode(job, StandardCharsets.UTF_8)
                                            .replace("+", "%20"));
        } catch (IllegalArgumentException e) {
            url = null;
        }
        if (url == null
                || url.getHost() == null
                || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            // may carry credentials: name the setting, not the value
            throw new Settings.SettingException(
                    PUSHGATEWAY, null, "must be an http(s) URL such as http://pushgateway:9091");
        }
        return url;
    }
}
