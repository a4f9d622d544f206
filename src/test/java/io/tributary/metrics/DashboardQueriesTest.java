package io.tributary.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tributary.metrics.MonitoringFiles.PanelQuery;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.ConnectorSpec;
import io.tributary.support.Database;
import io.tributary.support.PagedApi;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shipped Grafana dashboard's queries: counters that move once a sync (hourly, daily
 * connectors) are never shown as a rate over {@code $__rate_interval}, which leaves such a panel
 * empty between syncs; and every series a query names is one Tributary registers.
 */
class DashboardQueriesTest {
    static final Path DASHBOARD = Path.of("monitoring/grafana/tributary-dashboard.json");

    /** Counters that move only when a sync runs: per sync, per record, per failure. */
    static final Set<String> SPARSE =
            Set.of(
                    "tributary_syncs_total",
                    "tributary_sync_records_total",
                    "tributary_sync_duration_seconds_sum",
                    "tributary_sync_duration_seconds_count",
                    "tributary_errors_total",
                    "tributary_retries_total",
                    "tributary_rate_limit_wait_seconds_sum");

    static final Pattern RATE = Pattern.compile("\\b(i?rate)\\(");

    @Test
    void noPanelOverASyncRecordOrErrorCounterUsesARateOverTheRateInterval() throws IOException {
        int sparse = 0;
        for (PanelQuery q : MonitoringFiles.dashboardQueries(DASHBOARD)) {
            if (MonitoringFiles.metricsIn(q.expr()).stream().noneMatch(SPARSE::contains)) {
                continue;
            }
            sparse++;
            assertFalse(RATE.matcher(q.expr()).find(), q.panel() + ": " + q.expr());
            assertFalse(q.expr().contains("$__rate_interval"), q.panel() + ": " + q.expr());
            assertTrue(q.expr().contains("increase("), q.panel() + ": counts with increase()");
        }
        assertTrue(sparse >= 5, "the panels over syncs, records, errors and retries: " + sparse);
    }

    @Test
    void aQueryOverTheWholeRangeIsInstant() throws IOException {
        for (PanelQuery q : MonitoringFiles.dashboardQueries(DASHBOARD)) {
            if (q.expr().contains("$__range")) {
                // as a time series each point would sum the whole range behind it
                assertTrue(q.instant(), q.panel() + ": " + q.expr() + " must be instant");
            }
        }
    }

    @Test
    void everySeriesTheDashboardNamesIsRegisteredAfterASyncWithABudget() throws Exception {
        List<ObjectNode> items = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            items.add(
                    PagedApi.JSON
                            .createObjectNode()
                            .put("id", "i-" + i)
                            .put("name", "n" + i)
                            .put(
                                    "updated_at",
                                    Instant.parse("2026-11-01T00:00:00Z")
                                            .plusSeconds(i)
                                            .toString()));
        }
        TreeSet<String> scraped = new TreeSet<>();
        try (PagedApi api =
                        PagedApi.serving(items)
                                .totalPages()
                                .headers(
                                        r ->
                                                java.util.Map.of(
                                                        "X-RateLimit-Limit", "5000",
                                                        "X-RateLimit-Remaining", "4999"))
                                .build();
                ConnectorHarness tributary = new ConnectorHarness(Database.h2())) {
            tributary.set("tributary.ratelimit.items-api.per-hour", "100").start();
            tributary.add(
                    ConnectorSpec.named("items")
                            .url(api.baseUrl() + "/v1/items")
                            .table("items")
                            .schema("src/test/resources/paging/items.schema.yaml")
                            .recordsPath("/items")
                            .pageSize(10)
                            .totalPagesPath("/total_pages")
                            .rateLimit("items-api"));
            assertEquals("success", tributary.sync("items").outcome());
            String text =
                    ((PrometheusMeterRegistry) ConnectorMetrics.of(tributary.context()).registry())
                            .scrape();
            for (String line : text.split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    scraped.add(line.split("[{ ]", 2)[0]);
                }
            }
        }
        List<String> named = MonitoringFiles.metricsInDashboard(DASHBOARD);
        assertTrue(named.contains("tributary_budget_remaining"), named.toString());
        for (String name : named) {
            assertTrue(scraped.contains(name), name + " is not registered: " + scraped);
        }
    }
}
