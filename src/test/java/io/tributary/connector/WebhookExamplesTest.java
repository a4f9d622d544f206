package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.support.Database;
import io.tributary.support.PagedApi;
import io.tributary.support.PagedApi.Reply;
import io.tributary.support.RunningTributary;
import io.tributary.support.WebhookSender;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code examples/stripe-push-and-pull/} as shipped: Stripe events pushed to the webhook connector
 * and pulled from {@code GET /v1/events} (a loopback stand-in answering as Stripe's list does) into
 * one table; an event that comes both ways is one row.
 */
class WebhookExamplesTest {
    static final String WEBHOOK_SECRET = "whsec_example_4e1f";
    static final String API_KEY = "rk_test_example_77aa";

    static String event(String id, long created) {
        return "{\"id\":\""
                + id
                + "\",\"object\":\"event\",\"type\":\"charge.succeeded\",\"created\":"
                + created
                + ",\"livemode\":false,\"data\":{\"object\":{\"id\":\"ch_"
                + id.substring(4)
                + "\",\"object\":\"charge\",\"amount\":1999}}}";
    }

    @Test
    void anEventPushedAndPulledIsOneRowAndThePullBringsWhatThePushMissed() throws Exception {
        Database db = Database.h2();
        String pushed = event("evt_1PushedAndPulled", 1_764_590_000L);
        String missed = event("evt_2OnlyPulled", 1_764_590_060L);
        // newest first, as Stripe lists events
        PagedApi stripe =
                new PagedApi(
                        r ->
                                Reply.json(
                                        "{\"object\":\"list\",\"url\":\"/v1/events\",\"has_more\":false,\"data\":["
                                                + missed
                                                + ","
                                                + pushed
                                                + "]}"));
        try (stripe;
                RunningTributary tributary =
                        RunningTributary.start(
                                db,
                                Path.of("examples/stripe-push-and-pull"),
                                "--stripe.webhook-secret=" + WEBHOOK_SECRET,
                                "--stripe.api-key=" + API_KEY,
                                "--stripe.api-url=" + stripe.baseUrl(),
                                "--stripe.pull-schedule=timer:stripe-events-pull?repeatCount=1")) {
            WebhookSender push =
                    new WebhookSender(
                            tributary.server("/webhooks/stripe"), "stripe", WEBHOOK_SECRET);

            HttpResponse<String> answer =
                    push.deliver("evt_1PushedAndPulled", pushed, Duration.ofSeconds(30));
            awaitPulled(stripe, db);

            assertEquals(200, answer.statusCode());
            assertEquals(
                    List.of("evt_1PushedAndPulled", "evt_2OnlyPulled"),
                    db.column("SELECT id FROM stripe_events ORDER BY id"));
            assertEquals(
                    "ch_1PushedAndPulled",
                    db.single(
                            "SELECT object_id FROM stripe_events WHERE id = 'evt_1PushedAndPulled'"));
            assertEquals(
                    "Bearer " + API_KEY, stripe.requests().get(0).headers().get("authorization"));
            assertTrue(stripe.requests().get(0).path().endsWith("/v1/events"));
        }
    }

    static void awaitPulled(PagedApi stripe, Database db) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!stripe.requests().isEmpty()
                    && db.tableExists("stripe_events")
                    && db.count("SELECT COUNT(*) FROM stripe_events") == 2) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(
                "the pull never loaded its two events: "
                        + Map.of("requests", stripe.requests().size()));
    }
}
