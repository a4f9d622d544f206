package io.tributary.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.support.PagedApi.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One fault mechanism: a {@link Faults} breaks a {@link PagedApi} as it breaks the demo API. */
class FaultsTest {
    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> get(PagedApi api, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(api.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aFaultsFilterBreaksChosenRequestsOfAPagedApiAGivenNumberOfTimes() throws Exception {
        Faults faults = new Faults();
        try (PagedApi api = new PagedApi(r -> Reply.json(Map.of("items", "ok")))) {
            api.addFilter(faults);
            faults.answer(
                    r -> r.path().equals("/items"),
                    2,
                    503,
                    Map.of("Retry-After", "1"),
                    "{\"error\":\"busy\"}");

            HttpResponse<String> first = get(api, "/items");
            assertEquals(503, first.statusCode());
            assertEquals("1", first.headers().firstValue("Retry-After").orElseThrow());
            assertEquals("{\"error\":\"busy\"}", first.body());
            assertEquals(200, get(api, "/other").statusCode(), "not chosen");
            assertEquals(503, get(api, "/items").statusCode());
            assertEquals(200, get(api, "/items").statusCode(), "twice, then the handler");
            assertEquals(2, api.requests().size(), "answered by the filter: not recorded");
        }
    }

    @Test
    void pagedApiFaultsByNumberSendTheSameCannedAnswers() throws Exception {
        try (PagedApi api = new PagedApi(r -> Reply.json(Map.of("items", "ok")))) {
            api.faults(n -> n == 1 ? PagedApi.Fault.TOO_MANY_REQUESTS : PagedApi.Fault.STATUS_502);
            HttpResponse<String> first = get(api, "/items");
            assertEquals(429, first.statusCode());
            assertEquals("0", first.headers().firstValue("Retry-After").orElseThrow());
            assertEquals("{\"error\":\"slow down\"}", first.body());
            HttpResponse<String> second = get(api, "/items");
            assertEquals(502, second.statusCode());
            assertEquals(
                    "application/json; charset=utf-8",
                    second.headers().firstValue("Content-Type").orElseThrow());
        }
    }
}
