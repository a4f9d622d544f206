package io.tributary.cli;

import io.tributary.config.Settings;
import io.tributary.metrics.ConnectorMetrics;
import io.tributary.metrics.SyncOutcome;
import io.tributary.metrics.SyncOutcomes;
import java.io.PrintStream;
import java.time.Duration;
import java.util.StringJoiner;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live progress of running syncs, read from the connector metrics: on a terminal one line redrawn
 * twice a second ({@code weather-observations: 12 pages, 5400 records, 2310 records/s}); otherwise
 * ({@code System.console() == null}: a pipe, a file, a container log) a log line every {@code
 * tributary.progress.log-interval} (PT30S) while a sync runs, and nothing while none does.
 */
public final class Progress implements SyncOutcomes.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("io.tributary.progress");
    private final ConnectorMetrics metrics;
    private final PrintStream terminal;
    private ScheduledExecutorService ticker;
    private volatile int lastWidth;

    public Progress(ConnectorMetrics metrics, PrintStream terminal) {
        this.metrics = metrics;
        this.terminal = terminal;
    }

    public static Progress start(CamelContext context) {
        SyncOutcomes outcomes =
                context.getRegistry()
                        .lookupByNameAndType("tributarySyncOutcomes", SyncOutcomes.class);
        Progress progress =
                new Progress(
                        ConnectorMetrics.of(context), System.console() != null ? System.out : null);
        Duration every =
                progress.terminal != null
                        ? Duration.ofMillis(500)
                        : new Settings(context)
                                .duration(
                                        "tributary.progress.log-interval", Duration.ofSeconds(30));
        if (outcomes != null) {
            outcomes.addListener(progress);
        }
        progress.ticker =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "tributary-progress");
                            t.setDaemon(true);
                            return t;
                        });
        progress.ticker.scheduleAtFixedRate(
                progress::tick, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return progress;
    }

    /** The progress of every sync that has fetched a page, or "" when none runs. */
    public String line() {
        StringJoiner all = new StringJoiner(" | ");
        for (String connector : metrics.connectors()) {
            metrics.live(connector)
                    .ifPresent(
                            live ->
                                    all.add(
                                            String.format(
                                                    java.util.Locale.ROOT,
                                                    "%s: %d pages, %d records, %d records/s",
                                                    connector,
                                                    live.pages(),
                                                    live.records(),
                                                    Math.round(
                                                            live.records()
                                                                    / Math.max(
                                                                            0.001,
                                                                            live.seconds())))));
        }
        return all.toString();
    }

    void tick() {
        try {
            String line = line();
            if (line.isEmpty()) {
                return;
            }
            if (terminal != null) {
                String padded =
                        line.length() < lastWidth
                                ? line + " ".repeat(lastWidth - line.length())
                                : line;
                lastWidth = line.length();
                terminal.print("\r" + padded);
                terminal.flush();
            } else {
                LOG.info("progress {}", line);
            }
        } catch (RuntimeException e) {
            LOG.debug("progress line failed", e);
        }
    }

    @Override
    public void finished(SyncOutcome outcome, boolean triggerGoesOn) {
        if (!triggerGoesOn) { // a parent done while others run: the line goes on counting
            finished(outcome);
        }
    }

    @Override
    public void finished(SyncOutcome outcome) {
        if (terminal != null && lastWidth > 0) {
            terminal.print("\r" + " ".repeat(lastWidth) + "\r");
            terminal.flush();
            lastWidth = 0;
        }
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }
}
