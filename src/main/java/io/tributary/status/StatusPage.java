package io.tributary.status;

import io.tributary.metrics.ConnectorHealth;
import io.tributary.metrics.ConnectorMetrics;
import io.tributary.metrics.Monitoring;
import io.tributary.metrics.RunningSync;
import io.tributary.metrics.SyncOutcome;
import io.tributary.metrics.SyncOutcomes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTML page on the management server ({@value #PATH}, next to {@code /observe/metrics}): a
 * headline counting the connectors by state (failing as soon as the last sync failed, before
 * readiness says DOWN; running; ok; never run), then one row per connector: its state (a running
 * sync's pages and records so far, from the run itself), health, schedule, next run, last sync (ISO
 * time, how long ago, how long it took), records, cursor and outcome, a failure's error cut to one
 * line with the whole text in a {@code <details>}. Inline CSS, no script: fixed columns that fit
 * 1280 px; relative times computed as it renders (it reloads every 15 s). Everything comes from
 * memory; a failed sync's error was masked when the sync ended.
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

    /** A connector's state on the page, worst first: the headline counts each once. */
    enum State {
        FAILING("failing"),
        RUNNING("running"),
        OK("ok"),
        NEVER("never run");

        final String words;

        State(String words) {
            this.words = words;
        }

        String css() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public String render() {
        Instant now = clock.instant();
        StringBuilder rows = new StringBuilder();
        Map<State, Integer> counts = new EnumMap<>(State.class);
        int down = 0;
        Set<String> connectors = outcomes.connectors();
        for (String connector : connectors) {
            ConnectorHealth.Status status = health.status(connector);
            Optional<SyncOutcome> last = outcomes.latest(connector);
            Optional<RunningSync> running = outcomes.running(connector);
            // a failure shows as soon as the last sync failed, long before readiness says DOWN
            State state =
                    last.isPresent() && !last.get().success()
                            ? State.FAILING
                            : running.isPresent()
                                    ? State.RUNNING
                                    : last.isPresent() ? State.OK : State.NEVER;
            counts.merge(state, 1, Integer::sum);
            if (!status.up()) {
                down++;
            }
            row(rows, connector, state, status, last, running, now);
        }
        String headline = headline(connectors.size(), counts, down);
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Tributary: "
                + esc(headline.replaceAll("<[^>]+>", ""))
                + "</title>"
                + "<meta http-equiv=\"refresh\" content=\"15\">"
                + "<meta name=\"viewport\" content=\"width=device-width\">"
                + "<style>"
                + CSS
                + "</style></head><body>"
                + "<h1>Tributary</h1><p class=\"headline\">"
                + headline
                + "</p><p class=\"asof\">As of "
                + TimeText.iso(now)
                + " &middot; <a href=\"/observe/metrics\">metrics</a> &middot; "
                + "<a href=\"/observe/health/ready\">health</a></p>"
                + "<table><colgroup>"
                + "<col style=\"width:10%\"><col style=\"width:11%\"><col style=\"width:9%\">"
                + "<col style=\"width:9%\"><col style=\"width:13%\"><col style=\"width:13%\">"
                + "<col style=\"width:9%\"><col style=\"width:10%\"><col style=\"width:16%\">"
                + "</colgroup><thead><tr><th>Connector</th><th>State</th><th>Health</th>"
                + "<th>Schedule</th><th>Next run</th><th>Last sync</th><th>Records</th>"
                + "<th>Cursor</th><th>Outcome</th></tr></thead><tbody>\n"
                + rows
                + "</tbody></table>"
                + webhooks(now)
                + "</body></html>\n";
    }

    /**
     * The webhook connectors, which receive rather than sync: their events by outcome since start
     * and the last one stored; nothing when there are none.
     */
    private String webhooks(Instant now) {
        io.tributary.metrics.WebhookMetrics events =
                io.tributary.metrics.WebhookMetrics.of(context);
        if (events.connectors().isEmpty()) {
            return "";
        }
        StringBuilder b =
                new StringBuilder(
                        "<h2 class=\"webhooks\">Webhooks</h2><table class=\"webhooks\"><thead><tr>"
                                + "<th>Connector</th><th>Last event stored</th><th>Received</th><th>Stored</th>"
                                + "<th>Duplicate</th><th>Rejected</th></tr></thead><tbody>\n");
        for (String connector : events.connectors()) {
            b.append("<tr id=\"webhook-")
                    .append(esc(connector))
                    .append("\"><td class=\"name\">")
                    .append(esc(connector))
                    .append("</td><td>")
                    .append(
                            events.lastStored(connector)
                                    .map(
                                            at ->
                                                    TimeText.absolute(at, now)
                                                            + "<div class=\"sub\">"
                                                            + TimeText.relative(at, now)
                                                            + "</div>")
                                    .orElse("none yet"));
            for (String outcome :
                    java.util.List.of("received", "stored", "duplicate", "rejected")) {
                b.append("</td><td class=\"")
                        .append(outcome)
                        .append("\">")
                        .append(events.total(connector, outcome));
            }
            b.append("</td></tr>\n");
        }
        return b.append("</tbody></table>").toString();
    }

    // inline, no framework: fixed columns so a long error wraps inside its cell at 1280 px
    private static final String CSS =
            "body{font:13px system-ui,sans-serif;margin:16px;color:#222}"
                    + "h2{font-size:16px;margin:16px 0 4px}h1{font-size:20px;margin:0 0 4px}.headline{font-size:16px;margin:0 0 4px}"
                    + ".count{padding:1px 6px;border-radius:3px;margin-right:4px;white-space:nowrap}"
                    + ".count.failing{background:#b00020;color:#fff;font-weight:bold}"
                    + ".count.running{background:#e3ecfb;color:#0b4aa2}.count.down{background:#5c0011;color:#fff;font-weight:bold}"
                    + ".asof{color:#666;margin:0 0 12px}"
                    + "table{border-collapse:collapse;width:100%;table-layout:fixed}"
                    + "th,td{border-bottom:1px solid #ddd;padding:5px 6px;text-align:left;vertical-align:top;overflow:hidden}"
                    + "th{background:#f4f4f4}"
                    + "time,.nowrap{white-space:nowrap}.cursor{white-space:nowrap;text-overflow:ellipsis}"
                    + "tr.failing{background:#fff0f0}tr.failing .outcome .word{color:#b00020;font-weight:bold}"
                    + "tr.running{background:#f2f6fd}.state{font-weight:bold}"
                    + "tr.failing .state{color:#b00020}tr.running .state{color:#0b4aa2}tr.ok .state{color:#176f2c}"
                    + "tr.never .state{color:#777}.health.down{color:#b00020;font-weight:bold}.health.up{color:#176f2c}"
                    + ".why,.sub{font-size:12px;color:#555;font-weight:normal}"
                    + ".error,.error pre{overflow-wrap:anywhere;font-size:12px;color:#444}"
                    + ".error pre{white-space:pre-wrap;margin:4px 0 0;font-family:ui-monospace,monospace}"
                    + ".error summary{cursor:pointer}";

    private static String headline(int total, Map<State, Integer> counts, int down) {
        StringBuilder b = new StringBuilder();
        b.append(total).append(total == 1 ? " connector: " : " connectors: ");
        StringJoiner parts = new StringJoiner(" ");
        for (State s : State.values()) {
            int n = counts.getOrDefault(s, 0);
            if (n > 0 || s == State.FAILING) {
                parts.add(
                        "<span class=\"count "
                                + (n > 0 ? s.css() : "none")
                                + "\">"
                                + n
                                + " "
                                + s.words
                                + "</span>");
            }
        }
        b.append(parts);
        if (down > 0) {
            b.append(" <span class=\"count down\">").append(down).append(" DOWN</span>");
        }
        return b.toString();
    }

    private void row(
            StringBuilder rows,
            String connector,
            State state,
            ConnectorHealth.Status status,
            Optional<SyncOutcome> last,
            Optional<RunningSync> running,
            Instant now) {
        Trigger trigger = Trigger.of(context, connector);
        rows.append("<tr id=\"")
                .append(esc(connector))
                .append("\" class=\"")
                .append(state.css())
                .append(status.up() ? "" : " down")
                .append("\"><td class=\"name\">")
                .append(esc(connector))
                .append("</td><td><div class=\"state\">")
                .append(state.words)
                .append("</div>");
        running.ifPresent(
                r ->
                        rows.append("<div class=\"sub live\">")
                                .append(state == State.RUNNING ? "" : "running again, ")
                                .append("since ")
                                .append(TimeText.relative(r.startedAt(), now))
                                .append(": <span class=\"pages\">")
                                .append(r.pages())
                                .append(" pages</span>, <span class=\"records\">")
                                .append(r.records())
                                .append(" records</span>, ")
                                .append(r.written())
                                .append(" written</div>"));
        rows.append("</td><td class=\"health ")
                .append(status.up() ? "up\">UP" : "down\">DOWN")
                .append("<div class=\"why\">")
                .append(esc(why(connector, status)))
                .append("</div></td><td>")
                .append(esc(trigger.schedule()))
                .append("</td><td>")
                .append(trigger.nextRun(last, running.isPresent(), now))
                .append("</td><td>");
        if (last.isEmpty()) {
            rows.append(running.isPresent() ? "none yet" : "never");
        } else {
            SyncOutcome o = last.get();
            rows.append(TimeText.absolute(o.startedAt(), now))
                    .append("<div class=\"sub\">")
                    .append(TimeText.relative(o.startedAt(), now))
                    .append(", took <span class=\"nowrap\">")
                    .append(TimeText.duration(o.duration()))
                    .append("</span></div>");
        }
        rows.append("</td><td>");
        if (last.isPresent()) {
            SyncOutcome o = last.get();
            rows.append("<div class=\"nowrap\"><span class=\"read\">")
                    .append(o.recordsRead())
                    .append("</span> read</div><div class=\"nowrap\"><span class=\"written\">")
                    .append(o.rowsWritten())
                    .append("</span> written</div><div class=\"nowrap\"><span class=\"dead\">")
                    .append(o.deadLetters())
                    .append("</span> dead</div>");
        }
        rows.append("<div class=\"sub nowrap\">")
                .append((long) metrics.total(connector, "dead_lettered"))
                .append(" since start</div></td><td class=\"cursor\"");
        String cursor = last.map(SyncOutcome::cursor).orElse(null);
        if (cursor != null) {
            rows.append(" title=\"").append(esc(cursor)).append("\">").append(esc(cursor));
        } else {
            rows.append(">-");
        }
        rows.append("</td><td class=\"outcome\">");
        last.ifPresent(
                o ->
                        rows.append("<span class=\"word\">")
                                .append(o.outcome())
                                .append("</span>")
                                .append(o.success() ? "" : ErrorText.html(o.error())));
        rows.append("</td></tr>\n");
    }

    /** Why the health is what it is, without the error text: the Outcome column shows that once. */
    private String why(String connector, ConnectorHealth.Status status) {
        int failures = status.consecutiveFailures();
        if (failures == 0) {
            return status.up() ? "" : status.reason(); // stale: no error to repeat
        }
        int max;
        try {
            max = health.maxFailures(connector);
        } catch (RuntimeException e) {
            return status.reason(); // a bad setting: its message names it
        }
        return failures >= max
                ? "the last " + failures + " syncs failed"
                : failures + " failed in a row; DOWN at " + max;
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
