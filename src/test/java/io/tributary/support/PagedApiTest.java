package io.tributary.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.support.PagedApi.Fault;
import io.tributary.support.PagedApi.Paging;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A fake API built from its records pages, filters and breaks them as it was told. */
class PagedApiTest {
    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> get(PagedApi api, String pathAndQuery) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(api.baseUrl() + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static List<ObjectNode> records(int count) {
        List<ObjectNode> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(
                    PagedApi.JSON
                            .createObjectNode()
                            .put("id", "r" + i)
                            .put("updated_at", "2026-01-01T00:00:0" + (9 - i) + "Z"));
        }
        return list;
    }

    static List<String> ids(JsonNode page, String field) {
        List<String> ids = new ArrayList<>();
        page.get(field).forEach(o -> ids.add(o.get("id").asText()));
        return ids;
    }

    @Test
    void pagesByNumberOverTheRecordsSinceACursorSortedByTime() throws Exception {
        try (PagedApi api =
                PagedApi.serving(records(5))
                        .pageSizeParam("per_page")
                        .since("since", "updated_at")
                        .sortedBy("updated_at")
                        .totalPages()
                        .build()) {
            JsonNode first =
                    PagedApi.tree(
                            get(api, "/items?page=1&per_page=2&since=2026-01-01T00:00:06Z").body());
            assertEquals(List.of("r3", "r2"), ids(first, "items"));
            assertEquals(1, first.get("page").asInt());
            assertEquals(2, first.get("total_pages").asInt(), "r3, r2, r1, r0 at or after 06");
            JsonNode second =
                    PagedApi.tree(
                            get(api, "/items?page=2&per_page=2&since=2026-01-01T00:00:06Z").body());
            assertEquals(List.of("r1", "r0"), ids(second, "items"));
            assertEquals(400, get(api, "/items?page=1").statusCode(), "no page size: refused");
        }
    }

    @Test
    void aFixedPageSizeAFailingPageAndHeadersPerAnswer() throws Exception {
        List<ObjectNode> records = new ArrayList<>(records(3));
        try (PagedApi api =
                        PagedApi.serving(records)
                                .recordsField("data")
                                .pageSize(2)
                                .failingPages(p -> p == 2, Fault.STATUS_503)
                                .headers(r -> Map.of("X-Page", r.param("page")))
                                .build();
                PagedApi all = PagedApi.serving(records).paging(Paging.NONE).build()) {
            HttpResponse<String> first = get(api, "/x?page=1&page_size=50");
            assertEquals(List.of("r0", "r1"), ids(PagedApi.tree(first.body()), "data"));
            assertEquals("1", first.headers().firstValue("X-Page").orElseThrow());
            HttpResponse<String> second = get(api, "/x?page=2");
            assertEquals(503, second.statusCode());
            assertEquals(Fault.STATUS_503.answer().body(), second.body());

            records.add(PagedApi.JSON.createObjectNode().put("id", "late"));

            assertEquals(
                    List.of("r0", "r1", "r2", "late"),
                    ids(PagedApi.tree(get(all, "/x?page=7").body()), "items"),
                    "the records are read when a request comes, all of them without paging");
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> PagedApi.serving(records(1)).failingPages(p -> true, Fault.CONNECTION_RESET));
    }
}
