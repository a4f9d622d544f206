package io.tributary.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.metrics.SyncOutcome;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.ConnectorSpec;
import io.tributary.support.Database;
import io.tributary.support.LogCapture;
import io.tributary.support.MutableClock;
import io.tributary.support.PagedApi;
import io.tributary.support.PagedApi.Reply;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Budgets against a loopback server that counts the requests it receives, on a test clock that the
 * limiter's waits move forward (no real sleeping).
 */
class RateLimitTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
    final List<Duration> waits = new CopyOnWriteArrayList<>();
    final Database db = Database.h2();
    final List<ConnectorHarness> processes = new ArrayList<>();
    PagedApi api;

    @AfterEach
    void stop() throws Exception {
        for (ConnectorHarness p : processes) {
            p.close();
        }
        api.close();
    }

    static List<ObjectNode> items(int count) {
        List<ObjectNode> list = new ArrayList<>();
        Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
        for (int i = 0; i < count; i++) {
            list.add(
                    PagedApi.JSON
                            .createObjectNode()
                            .put("id", "i-" + i)
                            .put("name", "n" + i)
                            .put("updated_at", t0.plusSeconds(i).toString()));
        }
        return list;
    }

    /** page/page_size over records at or after since, on the test clock. */
    PagedApi.Builder pagesOf(List<ObjectNode> items) {
        return PagedApi.serving(items).since("since", "updated_at").totalPages().clock(clock);
    }

    /**
     * A process: its own Camel context and pool on the shared database; waits move the test clock.
     */
    ConnectorHarness process(Map<String, String> settings) throws Exception {
        ConnectorHarness p = new ConnectorHarness(db);
        settings.forEach(p::set);
        processes.add(p);
        p.start(
                context -> {
                    RateLimits limits =
                            new RateLimits(
                                    new JdbcBudgetStore(
                                            context.getRegistry()
                                                    .lookupByNameAndType(
                                                            "tributaryDataSource",
                                                            DataSource.class)),
                                    clock,
                                    clock::advance);
                    limits.addListener((connector, budget, wait) -> waits.add(wait));
                    context.getRegistry().bind(RateLimits.BEAN, limits);
                });
        p.add(
                ConnectorSpec.named("items")
                        .url(api.baseUrl() + "/v1/items")
                        .table("items")
                        .schema("src/test/resources/paging/items.schema.yaml")
                        .recordsPath("/items")
                        .pageSize(10)
                        .totalPagesPath("/total_pages")
                        .cursorParam("since")
                        .rateLimit(
                                settings.containsKey("tributary.ratelimit.api.per-day")
                                                || settings.containsKey(
                                                        "tributary.ratelimit.api.per-minute")
                                        ? "api"
                                        : ""));
        return p;
    }

    static Map<String, Long> perDay(List<PagedApi.Request> requests) {
        return requests.stream()
                .collect(
                        Collectors.groupingBy(
                                r -> r.at().truncatedTo(ChronoUnit.DAYS).toString(),
                                Collectors.counting()));
    }

    @Test
    void theDailyBudgetIsNeverExceededEvenAcrossARestart() throws Exception {
        List<ObjectNode> items = items(300);
        api = pagesOf(items).build();
        Map<String, String> settings =
                Map.of(
                        "tributary.ratelimit.api.per-day",
                        "10",
                        "tributary.ratelimit.api.max-wait",
                        "PT1H");

        ConnectorHarness first = process(settings);
        SyncOutcome spent = first.sync("items");
        assertFalse(spent.success());
        assertTrue(
                spent.error()
                                .contains(
                                        "quota 'api' (10 per day) is spent until 2026-11-27 00:00:00 UTC")
                        && spent.error().contains("next scheduled run tries again"),
                spent.error());
        assertEquals(10, api.requests().size());
        long rowsBefore = db.count("SELECT COUNT(*) FROM items");
        assertTrue(rowsBefore >= 90, "the pages the budget paid for are committed: " + rowsBefore);

        first.close(); // a restart during the same day
        ConnectorHarness second = process(settings);
        assertFalse(second.sync("items").success());
        assertEquals(
                10, api.requests().size(), "the restarted process knows today's budget is spent");

        clock.advance(Duration.ofDays(1));
        assertFalse(second.sync("items").success());
        assertEquals(20, api.requests().size());
        SyncOutcome done = null;
        for (int day = 3; day <= 6 && (done == null || !done.success()); day++) {
            clock.advance(Duration.ofDays(1));
            done = second.sync("items");
        }
        assertTrue(done.success(), done.summary());
        assertEquals(300, db.count("SELECT COUNT(*) FROM items"));
        assertTrue(
                perDay(api.requests()).values().stream().allMatch(n -> n <= 10),
                perDay(api.requests()).toString());
    }

    @Test
    void retriesSpendTheBudgetToo() throws Exception {
        List<ObjectNode> items = items(300);
        api = pagesOf(items).build();
        api.faults(n -> n % 2 == 0 ? PagedApi.Fault.STATUS_503 : PagedApi.Fault.NONE);
        ConnectorHarness p =
                process(
                        Map.of(
                                "tributary.ratelimit.api.per-day",
                                "12",
                                "tributary.ratelimit.api.max-wait",
                                "PT1M"));

        SyncOutcome outcome = p.sync("items");

        assertFalse(outcome.success());
        assertTrue(outcome.error().contains("quota 'api'"), outcome.error());
        assertEquals(
                12,
                api.requests().size(),
                "6 pages and their 6 retries: every call the server saw was paid for");
    }

    @Test
    void connectorsNamingTheSameBudgetShareIt() throws Exception {
        List<ObjectNode> items = items(95);
        api = pagesOf(items).build();
        Map<String, String> settings =
                Map.of(
                        "tributary.ratelimit.api.per-day",
                        "15",
                        "tributary.ratelimit.api.max-wait",
                        "PT1M");
        ConnectorHarness p = process(settings);
        p.add(
                ConnectorSpec.named("copy")
                        .url(api.baseUrl() + "/v1/items")
                        .table("items_copy")
                        .schema("src/test/resources/paging/items.schema.yaml")
                        .recordsPath("/items")
                        .pageSize(10)
                        .totalPagesPath("/total_pages")
                        .rateLimit("api"));

        assertTrue(p.sync("items").success(), "the first connector needs 10 or 11 requests");
        int firstSpent = api.requests().size();
        SyncOutcome second = p.sync("copy");

        assertFalse(second.success(), second.summary());
        assertEquals(
                15,
                api.requests().size(),
                "the second connector got what the first left: " + (15 - firstSpent));
    }

    @Test
    void aShortWaitForTheBudgetIsWaitedOutAndLogged() throws Exception {
        List<ObjectNode> items = items(100);
        api = pagesOf(items).build();
        ConnectorHarness p =
                process(
                        Map.of(
                                "tributary.ratelimit.api.per-minute",
                                "4",
                                "tributary.ratelimit.api.max-wait",
                                "PT2M"));

        SyncOutcome outcome;
        try (LogCapture log = LogCapture.open()) {
            outcome = p.sync("items");
            assertTrue(
                    log.all()
                            .contains(
                                    "connector=items waiting for quota 'api' (4 per minute) until 10:01:00 UTC"),
                    log.all());
        }

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(100, db.count("SELECT COUNT(*) FROM items"));
        Map<String, Long> perMinute =
                api.requests().stream()
                        .collect(
                                Collectors.groupingBy(
                                        r -> r.at().truncatedTo(ChronoUnit.MINUTES).toString(),
                                        Collectors.counting()));
        assertTrue(perMinute.values().stream().allMatch(n -> n <= 4), perMinute.toString());
        assertTrue(perMinute.size() >= 3, perMinute.toString());
        assertFalse(waits.isEmpty(), "listeners hear of every wait");
    }

    @Test
    void remainingZeroMakesTheNextRequestWaitForTheServersReset() throws Exception {
        List<ObjectNode> items = items(40);
        Instant reset = clock.instant().plusSeconds(90);
        AtomicBoolean told = new AtomicBoolean();
        api =
                pagesOf(items)
                        .headers(
                                r ->
                                        told.getAndSet(true)
                                                ? Map.of("X-RateLimit-Remaining", "37")
                                                : Map.of(
                                                        "X-RateLimit-Remaining",
                                                        "0",
                                                        "X-RateLimit-Reset",
                                                        Long.toString(reset.getEpochSecond())))
                        .build();
        ConnectorHarness p = process(Map.of("tributary.http.max-retry-after", "300"));

        SyncOutcome outcome;
        try (LogCapture log = LogCapture.open()) {
            outcome = p.sync("items");
            assertTrue(
                    log.all()
                            .contains(
                                    "waiting for the API's rate limit (X-RateLimit-Remaining: 0) until 10:01:30 UTC"),
                    log.all());
        }

        assertTrue(outcome.success(), outcome.summary());
        List<PagedApi.Request> requests = api.requests();
        assertFalse(
                requests.get(1).at().isBefore(reset),
                "the second request waited for the reset: " + requests.get(1).at());
        assertEquals(40, db.count("SELECT COUNT(*) FROM items"));
    }

    @Test
    void aRateLimitLongerThanTheLongestWaitEndsTheRunClearly() throws Exception {
        api =
                PagedApi.answering(
                                r ->
                                        Reply.status(
                                                429,
                                                "{\"message\":\"quota\"}",
                                                Map.of("Retry-After", "3600")))
                        .clock(clock)
                        .build();
        ConnectorHarness p = process(Map.of());

        SyncOutcome outcome = p.sync("items");

        assertFalse(outcome.success());
        assertTrue(
                outcome.error().contains("HTTP 429")
                        && outcome.error()
                                .contains("rate limited for longer than the longest wait"),
                outcome.error());
        assertEquals(1, api.requests().size());
    }
}
