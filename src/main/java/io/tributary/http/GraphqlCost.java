package io.tributary.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;

/**
 * Shopify's GraphQL cost budget as every Admin API answer reports it, in {@code extensions.cost}
 * (shopify.dev/docs/api/usage/rate-limits#graphql-admin-api-rate-limits): {@code
 * requestedQueryCost}, {@code actualQueryCost} and {@code throttleStatus {maximumAvailable,
 * currentlyAvailable, restoreRate}}, a leaky bucket of points that refills {@code restoreRate} per
 * second. A query whose requested cost the bucket does not hold is answered {@code THROTTLED}.
 */
public final class GraphqlCost {
    private GraphqlCost() {}

    /**
     * The time until the bucket holds {@code requestedQueryCost} again: ({@code requestedQueryCost}
     * - {@code currentlyAvailable}) / {@code restoreRate} seconds, zero when it holds it already;
     * empty when the answer has no cost.
     */
    public static Optional<Duration> refill(JsonNode body) {
        if (body == null) {
            return Optional.empty();
        }
        JsonNode cost = body.at("/extensions/cost");
        JsonNode status = cost.path("throttleStatus");
        double requested = cost.path("requestedQueryCost").asDouble(Double.NaN);
        double available = status.path("currentlyAvailable").asDouble(Double.NaN);
        double restore = status.path("restoreRate").asDouble(Double.NaN);
        if (Double.isNaN(requested) || Double.isNaN(available) || !(restore > 0)) {
            return Optional.empty();
        }
        double seconds = Math.max(0, requested - available) / restore;
        return Optional.of(Duration.ofMillis((long) Math.ceil(seconds * 1000)));
    }

    /**
     * What the next request waits for, shown in the log line, e.g. "the GraphQL cost budget
     * (extensions.cost: 20 points available of the 40 the query asks, restoring 50/s)"; null when
     * the answer has no cost.
     */
    public static String shortfall(JsonNode body) {
        JsonNode cost = body == null ? null : body.at("/extensions/cost");
        if (cost == null || cost.isMissingNode()) {
            return null;
        }
        JsonNode status = cost.path("throttleStatus");
        return "the GraphQL cost budget (extensions.cost: "
                + points(status.path("currentlyAvailable"))
                + " points available of the "
                + points(cost.path("requestedQueryCost"))
                + " the query asks, restoring "
                + points(status.path("restoreRate"))
                + "/s)";
    }

    private static String points(JsonNode n) {
        return String.format(java.util.Locale.ROOT, "%.0f", n.asDouble());
    }
}
