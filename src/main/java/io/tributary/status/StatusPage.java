package io.tributary.status;

import io.tributary.metrics.ConnectorHealth;
import io.tributary.metrics.ConnectorMetrics;
import io.tributary.metrics.Monitoring;
import io.tributary.metrics.SyncOutcome;
import io.tributary.metrics.SyncOutcomes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.apache.camel.component.timer.TimerEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTML page on the management server ({@value #PATH}, next to {@code /observe/metrics}):
 * one row per connector with its health, schedule, last sync (time, outcome, records, dead letters,
 * error) and next run. It refreshes itself every 15 s. Everything on it comes from memory; a failed
 * sync's error was masked when the sync ended.
 */
public final class StatusPage {
    public static final String PATH = "/observe/status";
    private static final Logger LOG = LoggerFactory.getLogger(StatusPage.class);
    private final CamelContext context;
    private final SyncOutcomes outcomes;
    private final ConnectorHealth health;
    private final ConnectorMetrics metrics;
    private final Clock clock;

    /** After Camel started: the status page, when the management server runs. */
    public static void start(CamelContext context) {
        HealthEndpoint.mount(context); // the health JSON beside the page
        SyncOutcomes outcomes =
                context.getRegistry()
                        .lookupByNameAndType("tributarySyncOutcomes", SyncOutcomes.class);
        ConnectorHealth health =
                context.getRegistry()
                        .lookupByNameAndType(ConnectorHealth.BEAN, ConnectorHealth.class);
        if (outcomes != null && health != null) {
            new StatusPage(
                            context,
                            outcomes,
                            health,
                            ConnectorMetrics.of(context),
                            Monitoring.clock(context))
                    .mount();
        }
    }

    public StatusPage(
            CamelContext context,
            SyncOutcomes outcomes,
            ConnectorHealth health,
            ConnectorMetrics metrics,
            Clock clock) {
        this.context = context;
        this.outcomes = outcomes;
        this.health = health;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Serves the page on Camel's management server, when it runs. */
    public boolean mount() {
        ManagementHttpServer server = context.hasService(ManagementHttpServer.class);
        if (server == null || server.getRouter() == null) {
            return false;
        }
        server.getRouter()
                .route(io.vertx.core.http.HttpMethod.GET, PATH)
                .handler(
                        rc -> {
                            String html;
                            try {
                                html = render();
                            } catch (RuntimeException e) {
                                LOG.warn("status page failed: {}", e.toString());
                                rc.response()
                                        .setStatusCode(500)
                                        .end("status page failed; see the log");
                                return;
                            }
                            rc.response()
                                    .putHeader("Content-Type", "text/html; charset=utf-8")
                                    .putHeader("Cache-Control", "no-store")
                                    .end(html);
                        });
        LOG.info("Status page on the management port {} at {}", server.getPort(), PATH);
        return true;
    }

    public String render() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        StringBuilder rows = new StringBuilder();
        int down = 0;
        for (String connector : outcomes.connectors()) {
            ConnectorHealth.Status status = health.status(connector);
            if (!status.up()) {
                down++;
            }
            Optional<SyncOutcome> last = outcomes.latest(connector);
            rows.append("<tr id=\"")
                    .append(esc(connector))
                    .append("\" class=\"")
                    .append(status.up() ? "up" : "down")
                    .append("\">")
                    .append("<td class=\"name\">")
                    .append(esc(connector))
                    .append("</td>")
                    .append("<td class=\"health\">")
                    .append(status.up() ? "UP" : "DOWN")
                    .append("<div class=\"why\">")
                    .append(esc(status.reason()))
                    .append("</div></td>")
                    .append("<td>")
                    .append(esc(schedule(connector)))
                    .append("</td>")
                    .append("<td>")
                    .append(
                            last.map(
                                            o ->
                                                    esc(
                                                            o.startedAt()
                                                                    .truncatedTo(ChronoUnit.SECONDS)
                                                                    .toString()))
                                    .orElse("never"))
                    .append("</td>")
                    .append("<td class=\"outcome\">")
                    .append(last.map(o -> o.success() ? "success" : "failed").orElse("-"))
                    .append(
                            last.filter(o -> !o.success())
                                    .map(o -> "<div class=\"why\">" + esc(o.error()) + "</div>")
                                    .orElse(""))
                    .append("</td>")
                    .append("<td class=\"num\">")
                    .append(last.map(o -> Long.toString(o.recordsRead())).orElse("-"))
                    .append("</td>")
                    .append("<td class=\"num\">")
                    .append(last.map(o -> Long.toString(o.rowsWritten())).orElse("-"))
                    .append("</td>")
                    .append("<td class=\"num\">")
                    .append(last.map(o -> Long.toString(o.deadLetters())).orElse("-"))
                    .append(" <span class=\"total\">(")
                    .append((long) metrics.total(connector, "dead_lettered"))
                    .append(" since start)</span></td>")
                    .append("<td>")
                    .append(esc(last.map(SyncOutcome::cursor).orElse("-")))
                    .append("</td>")
                    .append("<td>")
                    .append(esc(nextRun(connector, last, now)))
                    .append("</td>")
                    .append("</tr>\n");
        }
        String title =
                down == 0
                        ? "Tributary: all connectors UP"
                        : "Tributary: " + down + " connector(s) DOWN";
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
                + esc(title)
                + "</title>"
                + "<meta http-equiv=\"refresh\" content=\"15\">"
                + "<style>body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;width:100%}"
                + "th,td{border-bottom:1px solid #ddd;padding:6px 8px;text-align:left;vertical-align:top}th{background:#f4f4f4}"
                + ".num{text-align:right}.up .health{color:#176f2c;font-weight:bold}.down .health{color:#b00020;font-weight:bold}"
                + ".down{background:#fff0f0}.why{font-size:12px;color:#555;font-weight:normal;max-width:32em}.total{color:#777;font-size:12px}"
                + "</style></head><body>"
                + "<h1>"
                + esc(title)
                + "</h1><p>As of "
                + now
                + " &middot; <a href=\"/observe/metrics\">metrics</a> &middot; "
                + "<a href=\"/observe/health/ready\">health</a></p>"
                + "<table><thead><tr><th>Connector</th><th>Health</th><th>Schedule</th><th>Last sync</th><th>Outcome</th>"
                + "<th>Records</th><th>Written</th><th>Dead letters</th><th>Cursor</th><th>Next run</th></tr></thead><tbody>\n"
                + rows
                + "</tbody></table></body></html>\n";
    }

    private String schedule(String connector) {
        Endpoint endpoint = endpoint(connector);
        if (endpoint instanceof QuartzEndpoint) {
            return "cron " + ((QuartzEndpoint) endpoint).getCron();
        }
        if (endpoint instanceof TimerEndpoint) {
            TimerEndpoint timer = (TimerEndpoint) endpoint;
            return timer.getRepeatCount() == 1
                    ? "once"
                    : "every "
                            + human(Duration.ofMillis(timer.getPeriod()))
                            + (timer.getRepeatCount() > 1
                                    ? ", " + timer.getRepeatCount() + " times"
                                    : "");
        }
        return endpoint == null ? "-" : endpoint.getEndpointBaseUri().split(":", 2)[0];
    }

    private String nextRun(String connector, Optional<SyncOutcome> last, Instant now) {
        Endpoint endpoint = endpoint(connector);
        try {
            if (endpoint instanceof QuartzEndpoint) {
                QuartzEndpoint quartz = (QuartzEndpoint) endpoint;
                var trigger =
                        quartz.getComponent().getScheduler().getTrigger(quartz.getTriggerKey());
                Date next = trigger == null ? null : trigger.getNextFireTime();
                return next == null ? "-" : next.toInstant().toString();
            }
        } catch (Exception e) {
            return "-";
        }
        if (endpoint instanceof TimerEndpoint) {
            TimerEndpoint timer = (TimerEndpoint) endpoint;
            if (timer.getRepeatCount() == 1 && last.isPresent()) {
                return "none";
            }
            Instant next =
                    last.map(o -> o.startedAt().plus(o.duration()).plusMillis(timer.getPeriod()))
                            .orElse(now);
            return (next.isBefore(now) ? now : next).truncatedTo(ChronoUnit.SECONDS).toString();
        }
        return "-";
    }

    private Endpoint endpoint(String connector) {
        Route route = context.getRoute(connector);
        return route == null ? null : route.getEndpoint();
    }

    static String human(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + " ms";
        }
        if (d.toSeconds() % 3600 == 0) {
            return d.toHours() + " h";
        }
        if (d.toSeconds() % 60 == 0) {
            return d.toMinutes() + " min";
        }
        return d.toSeconds() + " s";
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
