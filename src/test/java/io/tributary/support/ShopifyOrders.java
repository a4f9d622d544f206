package io.tributary.support;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.support.PagedApi.Reply;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback imitation of Shopify's Admin REST "Retrieve a list of orders" ({@code GET
 * /admin/api/2024-10/orders.json},
 * https://shopify.dev/docs/api/admin-rest/2024-10/resources/order): the token in {@code
 * X-Shopify-Access-Token}, {@code status=any}, {@code updated_at_min} (at or after), {@code limit},
 * oldest change first, the next page in a {@code Link: <...page_info=...>; rel="next"} header
 * (which carries only {@code limit} and the opaque {@code page_info}, as Shopify's does). An order
 * has {@code line_items} (each with {@code discount_allocations}), {@code discount_codes} and
 * {@code shipping_lines}; prices are strings, as Shopify sends them.
 */
public final class ShopifyOrders implements PagedApi.Handler, AutoCloseable {
    public static final String TOKEN = "shpat_00000000000000000000000000000000";
    public static final String PATH = "/admin/api/2024-10/orders.json";
    private final Map<Long, ObjectNode> orders = new ConcurrentHashMap<>();
    private final Map<String, List<ObjectNode>> cursors = new ConcurrentHashMap<>();
    private volatile long delayMillis;
    public final PagedApi api = new PagedApi(this);

    /** An order with {@code lines} line items, each with one discount allocation of 1.00. */
    public ObjectNode order(long id, String updatedAt, int lines) {
        ObjectNode o =
                PagedApi.JSON
                        .createObjectNode()
                        .put("id", id)
                        .put("name", "#" + id)
                        .put("email", "buyer" + id + "@example.com")
                        .put("updated_at", updatedAt)
                        .put("total_price", lines * 10 + ".00")
                        .put("currency", "EUR")
                        .put("financial_status", "paid");
        ArrayNode items = o.putArray("line_items");
        for (int l = 0; l < lines; l++) {
            ObjectNode line =
                    items.addObject()
                            .put("id", id * 100 + l)
                            .put("sku", "SKU-" + l)
                            .put("title", "Item " + l)
                            .put("quantity", l + 1)
                            .put("price", "10.00");
            line.putArray("discount_allocations")
                    .addObject()
                    .put("amount", "1.00")
                    .put("discount_application_index", 0);
        }
        o.putArray("discount_codes")
                .addObject()
                .put("code", "WELCOME10")
                .put("amount", "1.00")
                .put("type", "fixed_amount");
        o.putArray("shipping_lines")
                .addObject()
                .put("id", id * 10)
                .put("title", "Standard")
                .put("price", "4.90")
                .put("code", "STD");
        orders.put(id, o);
        return o;
    }

    /** The order as the API serves it; change it to change what the next sync reads. */
    public ObjectNode get(long id) {
        return orders.get(id);
    }

    /** Line item {@code index} of an order, to change. */
    public ObjectNode line(long id, int index) {
        return (ObjectNode) orders.get(id).get("line_items").get(index);
    }

    /**
     * Deletes an order: the API no longer serves it (Shopify's {@code DELETE /orders/{id}.json}).
     */
    public void remove(long id) {
        orders.remove(id);
    }

    public int size() {
        return orders.size();
    }

    /** Each answer waits this long first (so a kill lands mid-sync). */
    public void delay(long millis) {
        delayMillis = millis;
    }

    public String baseUrl() {
        return api.baseUrl();
    }

    @Override
    public Reply handle(PagedApi.Request r) throws Exception {
        if (!TOKEN.equals(r.headers().get("x-shopify-access-token"))) {
            return Reply.status(
                    401,
                    "{\"errors\":\"[API] Invalid API key or access token (unrecognized login or wrong password)\"}",
                    Map.of());
        }
        if (!r.path().equals(PATH)) {
            return Reply.status(404, "{\"errors\":\"Not Found\"}", Map.of());
        }
        if (delayMillis > 0) {
            Thread.sleep(delayMillis);
        }
        int limit = Integer.parseInt(r.query().getOrDefault("limit", "50"));
        List<ObjectNode> matching;
        String pageInfo = r.param("page_info");
        if (pageInfo != null) {
            if (r.query().keySet().stream()
                    .anyMatch(k -> !k.equals("limit") && !k.equals("page_info"))) {
                // Shopify: "page_info - A unique ID used to access a certain page of results. ...
                // Other parameters ... cannot be used"
                return Reply.status(
                        400, "{\"errors\":{\"page_info\":\"Invalid value.\"}}", Map.of());
            }
            matching = cursors.get(pageInfo.substring(0, pageInfo.indexOf('.')));
            int from = Integer.parseInt(pageInfo.substring(pageInfo.indexOf('.') + 1));
            matching = matching.subList(from, matching.size());
        } else {
            if (!"any".equals(r.param("status"))) {
                return Reply.status(400, "{\"errors\":\"status=any expected here\"}", Map.of());
            }
            String min = r.param("updated_at_min");
            matching = new ArrayList<>(orders.values());
            if (min != null) {
                Instant from = Instant.parse(min);
                matching.removeIf(o -> Instant.parse(o.get("updated_at").asText()).isBefore(from));
            }
            matching.sort(
                    Comparator.comparing(
                                    (ObjectNode o) -> Instant.parse(o.get("updated_at").asText()))
                            .thenComparing(o -> o.get("id").asLong()));
            String snapshot = Integer.toString(r.number());
            cursors.put(snapshot, List.copyOf(matching));
            pageInfo = snapshot + ".0";
        }
        List<ObjectNode> page = matching.subList(0, Math.min(limit, matching.size()));
        ObjectNode body = PagedApi.JSON.createObjectNode();
        page.forEach(body.putArray("orders")::add);
        if (matching.size() <= limit) {
            return Reply.json(body);
        }
        String snapshot = pageInfo.substring(0, pageInfo.indexOf('.'));
        int next = Integer.parseInt(pageInfo.substring(pageInfo.indexOf('.') + 1)) + limit;
        String link =
                "<"
                        + api.baseUrl()
                        + PATH
                        + "?limit="
                        + limit
                        + "&page_info="
                        + snapshot
                        + "."
                        + next
                        + ">; rel=\"next\"";
        return Reply.json(body, Map.of("Link", link));
    }

    @Override
    public void close() {
        api.close();
    }
}
