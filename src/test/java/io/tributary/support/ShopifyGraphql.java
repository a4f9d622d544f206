package io.tributary.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.support.PagedApi.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback imitation of Shopify's Admin GraphQL API ({@code POST
 * /admin/api/2024-10/graphql.json}, the token in {@code X-Shopify-Access-Token},
 * shopify.dev/docs/api/admin-graphql) serving the {@code orders} connection
 * (shopify.dev/docs/api/admin-graphql/latest/queries/orders: {@code first}, {@code after}, {@code
 * sortKey: UPDATED_AT}, a search {@code query} such as {@code updated_at:>='2024-01-01T00:00:00Z'},
 * {@code pageInfo { hasNextPage endCursor }}, {@code nodes}) behind Shopify's cost limit
 * (shopify.dev/docs/api/usage/rate-limits#graphql-admin-api-rate-limits): a leaky bucket of {@code
 * maximumAvailable} points refilled {@code restoreRate} per second, every query costing {@code
 * cost} points, every answer carrying {@code extensions.cost} with the bucket as it stands after
 * the query, and a query the bucket cannot pay for answered HTTP 200 with {@code errors: [{message:
 * "Throttled", extensions: {code: "THROTTLED"}}]}, which {@link #throttled()} counts. Shopify's
 * bucket is 1000 points restoring 50/s (Standard plan); a test makes it small to reach it quickly.
 */
public final class ShopifyGraphql implements PagedApi.Handler, AutoCloseable {
    public static final String TOKEN = "shpat_11111111111111111111111111111111";
    public static final String PATH = "/admin/api/2024-10/graphql.json";
    private static final Pattern FIRST = Pattern.compile("orders\\(first: (\\d+), after: \\$after");
    private static final Pattern SINCE = Pattern.compile("updated_at:>='([^']+)'");
    private final List<ObjectNode> orders = new CopyOnWriteArrayList<>();
    private final AtomicInteger throttled = new AtomicInteger();
    private final double maximum;
    private final double restoreRate;
    private final double cost;
    private double available;
    private long refilledAt = System.nanoTime();
    public final PagedApi api = new PagedApi(this);

    public ShopifyGraphql(double maximumAvailable, double restoreRate, double queryCost) {
        this.maximum = maximumAvailable;
        this.restoreRate = restoreRate;
        this.cost = queryCost;
        this.available = maximumAvailable;
    }

    /** An order as the connection's nodes carry it ({@code gid://shopify/Order/<n>}). */
    public void order(long n, String updatedAt) {
        orders.add(
                PagedApi.JSON
                        .createObjectNode()
                        .put("id", "gid://shopify/Order/" + n)
                        .put("name", "#" + n)
                        .put("email", "buyer" + n + "@example.com")
                        .put("updatedAt", updatedAt));
    }

    /** How many queries the bucket could not pay for. */
    public int throttled() {
        return throttled.get();
    }

    public String url() {
        return api.baseUrl() + PATH;
    }

    @Override
    public Reply handle(PagedApi.Request r) throws Exception {
        if (!TOKEN.equals(r.headers().get("x-shopify-access-token"))) {
            return Reply.status(
                    401,
                    "{\"errors\":\"[API] Invalid API key or access token (unrecognized login or wrong"
                            + " password)\"}",
                    Map.of());
        }
        JsonNode request = PagedApi.JSON.readTree(r.body());
        Matcher first = FIRST.matcher(request.path("query").asText());
        if (!r.method().equals("POST") || !r.path().equals(PATH) || !first.find()) {
            return Reply.status(
                    400, "{\"errors\":{\"query\":\"Required parameter missing\"}}", Map.of());
        }
        ObjectNode body = PagedApi.JSON.createObjectNode();
        synchronized (this) {
            long now = System.nanoTime();
            available = Math.min(maximum, available + (now - refilledAt) / 1e9 * restoreRate);
            refilledAt = now;
            if (available < cost) {
                throttled.incrementAndGet();
                body.putArray("errors")
                        .addObject()
                        .put("message", "Throttled")
                        .putObject("extensions")
                        .put("code", "THROTTLED")
                        .put("documentation", "https://shopify.dev/api/usage/rate-limits");
                costs(body, null);
                return Reply.json(body);
            }
            available -= cost;
            costs(body, cost);
        }
        JsonNode variables = request.path("variables");
        Matcher since = SINCE.matcher(variables.path("filter").asText(""));
        Instant from = since.find() ? Instant.parse(since.group(1)) : Instant.EPOCH;
        List<ObjectNode> matching =
                orders.stream()
                        .filter(o -> !updated(o).isBefore(from))
                        .sorted(Comparator.comparing(ShopifyGraphql::updated))
                        .toList();
        JsonNode after = variables.get("after");
        int at =
                after == null || after.isNull()
                        ? 0
                        : Integer.parseInt(
                                        new String(
                                                Base64.getDecoder().decode(after.asText()),
                                                StandardCharsets.UTF_8))
                                + 1;
        int to = Math.min(matching.size(), at + Integer.parseInt(first.group(1)));
        ObjectNode connection = PagedApi.JSON.createObjectNode();
        connection
                .putObject("pageInfo")
                .put("hasNextPage", to < matching.size())
                .put(
                        "endCursor",
                        to > at
                                ? Base64.getEncoder()
                                        .encodeToString(
                                                Integer.toString(to - 1)
                                                        .getBytes(StandardCharsets.UTF_8))
                                : null);
        connection.putArray("nodes").addAll(matching.subList(at, to));
        body.putObject("data").set("orders", connection);
        // Shopify puts extensions after data; keep that order
        body.set("extensions", body.remove("extensions"));
        return Reply.json(body);
    }

    /** {@code extensions.cost} as Shopify sends it: the bucket after this query. */
    private void costs(ObjectNode body, Double actual) {
        ObjectNode c = body.putObject("extensions").putObject("cost");
        c.put("requestedQueryCost", cost);
        if (actual == null) {
            c.putNull("actualQueryCost");
        } else {
            c.put("actualQueryCost", actual);
        }
        c.putObject("throttleStatus")
                .put("maximumAvailable", maximum)
                .put("currentlyAvailable", available)
                .put("restoreRate", restoreRate);
    }

    private static Instant updated(JsonNode order) {
        return Instant.parse(order.path("updatedAt").asText());
    }

    @Override
    public void close() {
        api.close();
    }
}
