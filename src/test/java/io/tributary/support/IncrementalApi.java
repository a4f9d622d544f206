package io.tributary.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.support.PagedApi.Reply;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A loopback source of records {@code {id, name, updated_at}} with an incremental filter, in the
 * shapes real APIs have:
 *
 * <ul>
 *   <li>Zendesk's incremental export
 *       (developer.zendesk.com/api-reference/ticketing/ticket-management/ incremental_exports/):
 *       {@code start_time} means at or after; the result is sorted by {@code updated_at}. Like a
 *       search-index backed API, a page's ids are chosen from the sorted index first and the
 *       records loaded afterwards ({@link #beforeLoad}), so a record updated while the sync pages
 *       shows up mid-page with its new time.
 *   <li>json-server 0.17.4 ({@code updated_at_gte}, {@code _sort}): filter and sort compare the
 *       stored <em>text</em> ({@link Compare#TEXT}), as many Node back ends and DynamoDB sort keys
 *       do.
 *   <li>A filter meaning strictly after ({@link Filter#AFTER}), and a source that filters by time
 *       but sorts by id ({@link Order#BY_ID}).
 * </ul>
 *
 * Requests: {@code GET /items?since=T&page=N&per_page=M}; the answer {@code {"items": [...]}}.
 */
public final class IncrementalApi implements AutoCloseable {
    public enum Filter {
        AT_OR_AFTER,
        AFTER
    }

    public enum Compare {
        TYPED,
        TEXT
    }

    public enum Order {
        BY_CURSOR,
        BY_ID
    }

    private final Map<String, ObjectNode> records = new ConcurrentHashMap<>();
    private final PagedApi server;
    private volatile Filter filter = Filter.AT_OR_AFTER;
    private volatile Compare compare = Compare.TYPED;
    private volatile Order order = Order.BY_CURSOR;
    private volatile Consumer<List<String>> beforeLoad = ids -> {};

    public IncrementalApi() {
        server = new PagedApi(this::serve);
    }

    public IncrementalApi filter(Filter f) {
        filter = f;
        return this;
    }

    public IncrementalApi compare(Compare c) {
        compare = c;
        return this;
    }

    public IncrementalApi order(Order o) {
        order = o;
        return this;
    }

    /**
     * Runs after a page's ids are chosen and before their records are read: a change there shows in
     * the page.
     */
    public IncrementalApi beforeLoad(Consumer<List<String>> hook) {
        beforeLoad = hook;
        return this;
    }

    /** Breaks requests by their number (1, 2, ...), as {@link PagedApi#faults} does. */
    public IncrementalApi faults(java.util.function.IntFunction<PagedApi.Fault> faults) {
        server.faults(faults);
        return this;
    }

    public void put(String id, String name, String updatedAt) {
        records.put(
                id,
                PagedApi.JSON
                        .createObjectNode()
                        .put("id", id)
                        .put("name", name)
                        .put("updated_at", updatedAt));
    }

    public ObjectNode get(String id) {
        return records.get(id);
    }

    public List<String> ids() {
        return new ArrayList<>(records.keySet());
    }

    public String url() {
        return server.baseUrl() + "/items";
    }

    public List<PagedApi.Request> requests() {
        return server.requests();
    }

    private Reply serve(PagedApi.Request r) {
        String since = r.param("since");
        int page = r.param("page") == null ? 1 : Integer.parseInt(r.param("page"));
        int size = r.param("per_page") == null ? 100 : Integer.parseInt(r.param("per_page"));
        Comparator<ObjectNode> byCursor =
                compare == Compare.TEXT
                        ? Comparator.comparing(o -> o.get("updated_at").asText())
                        : Comparator.comparing(o -> instant(o.get("updated_at").asText()));
        Comparator<ObjectNode> sort =
                order == Order.BY_ID
                        ? Comparator.comparing(o -> o.get("id").asText())
                        : byCursor.thenComparing(o -> o.get("id").asText());
        List<String> ids =
                records.values().stream()
                        .filter(o -> since == null || matches(o.get("updated_at").asText(), since))
                        .sorted(sort)
                        .map(o -> o.get("id").asText())
                        .collect(Collectors.toList());
        List<String> pageIds =
                ids.subList(
                        Math.min(ids.size(), (page - 1) * size), Math.min(ids.size(), page * size));
        beforeLoad.accept(List.copyOf(pageIds));
        ObjectNode body = PagedApi.JSON.createObjectNode();
        body.putArray("items")
                .addAll(
                        pageIds.stream()
                                .map(id -> records.get(id).deepCopy())
                                .collect(Collectors.toList()));
        return Reply.json(body);
    }

    private boolean matches(String value, String since) {
        int c =
                compare == Compare.TEXT
                        ? value.compareTo(since)
                        : instant(value).compareTo(instant(since));
        return filter == Filter.AT_OR_AFTER ? c >= 0 : c > 0;
    }

    static Instant instant(String text) {
        return OffsetDateTime.parse(text).toInstant();
    }

    @Override
    public void close() {
        server.close();
    }
}
