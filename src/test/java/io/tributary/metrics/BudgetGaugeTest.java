package io.tributary.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.ratelimit.Limit;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.ConnectorSpec;
import io.tributary.support.Database;
import io.tributary.support.MutableClock;
import io.tributary.support.PagedApi;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tributary's own budgets as gauges beside the source's quota: {@code
 * tributary_budget_remaining{budget,window}} and {@code tributary_budget_limit}.
 */
class BudgetGaugeTest {

    @Test
    void aBudgetOfFiftyADayReadsFiftyMinusTheRequestsSent() throws Exception {
        List<ObjectNode> items = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
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
        try (PagedApi api = PagedApi.serving(items).totalPages().build();
                ConnectorHarness tributary = new ConnectorHarness(Database.h2())) {
            tributary.set("tributary.ratelimit.items-api.per-day", "50").start();
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

            MeterRegistry registry = ConnectorMetrics.of(tributary.context()).registry();
            int sent = api.requests().size();
            assertEquals(3, sent, "three pages of ten");
            assertEquals(
                    50 - sent,
                    registry.get("tributary.budget.remaining")
                            .tags("budget", "items-api", "window", "day")
                            .gauge()
                            .value());
            assertEquals(
                    50,
                    registry.get("tributary.budget.limit")
                            .tags("budget", "items-api", "window", "day")
                            .gauge()
                            .value());
        }
    }

    @Test
    void aSpentWindowReadsZeroAndTheNextWindowTheWholeLimit() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:20:00Z"));
        MeterRegistry registry = new SimpleMeterRegistry();
        ConnectorMetrics metrics = new ConnectorMetrics(registry, clock);
        Limit perHour = new Limit("hour", Duration.ofHours(1), 100);
        long windowStart = perHour.windowStart(clock.instant().getEpochSecond());

        metrics.counted("weather", perHour, windowStart, 100);
        assertEquals(0, remaining(registry));

        clock.advance(Duration.ofMinutes(40)); // 11:00: a new window, no request yet
        assertEquals(100, remaining(registry));
    }

    static double remaining(MeterRegistry registry) {
        return registry.get("tributary.budget.remaining")
                .tags("budget", "weather", "window", "hour")
                .gauge()
                .value();
    }
}
