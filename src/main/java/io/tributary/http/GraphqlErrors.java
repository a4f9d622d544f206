package io.tributary.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The error policy's defaults for a GraphQL answer ({@code pagination: graphql}), which reports its
 * failures with HTTP 200 and an {@code errors} array
 * (https://spec.graphql.org/October2021/#sec-Errors):
 *
 * <ul>
 *   <li>an error of {@code "type": "RATE_LIMITED"} (GitHub, with {@code X-RateLimit-Remaining: 0}
 *       and {@code X-RateLimit-Reset}:
 *       docs.github.com/en/graphql/overview/rate-limits-and-node-limits-for-the-graphql-api) or
 *       {@code "extensions": {"code": "THROTTLED"}} (Shopify) is {@code rate-limited}; Shopify's
 *       wait is computed from the answer's {@code extensions.cost}: ({@code requestedQueryCost} -
 *       {@code throttleStatus.currentlyAvailable}) / {@code throttleStatus.restoreRate} seconds
 *       ({@link GraphqlCost});
 *   <li>any other error fails the run, naming the first error's message.
 * </ul>
 *
 * A connector's own {@code 2xx} rules are checked first, so {@code errorPolicy} can still say
 * otherwise (e.g. {@code 2xx:/errors/0/type==NOT_FOUND=ignore}).
 */
final class GraphqlErrors {
    static final String RATE_LIMITED_RULE =
            "2xx:/errors/*/type==RATE_LIMITED|/errors/*/extensions/code==THROTTLED=rate-limited"
                    + " (the graphql default)";
    static final String FAIL_RULE = "2xx:/errors=fail (the graphql default)";
    private static final int MESSAGE_EXCERPT = 200;

    private GraphqlErrors() {}

    /** The class of a 2xx GraphQL answer with errors; empty when it has none (or is not JSON). */
    static Optional<ErrorPolicy.Match> match(JsonNode body) {
        JsonNode errors = body == null ? null : body.get("errors");
        if (errors == null || !errors.isArray() || errors.isEmpty()) {
            return Optional.empty();
        }
        for (JsonNode error : errors) {
            if ("RATE_LIMITED".equals(error.path("type").asText())
                    || "THROTTLED".equals(error.at("/extensions/code").asText())) {
                return Optional.of(
                        new ErrorPolicy.Match(
                                RATE_LIMITED_RULE,
                                ResponseClass.RATE_LIMITED,
                                describe(error),
                                GraphqlCost.refill(body).orElse(null)));
            }
        }
        return Optional.of(
                new ErrorPolicy.Match(FAIL_RULE, ResponseClass.FAIL, describe(errors.get(0))));
    }

    /** The error's type or code and the start of its message: what the failure line shows. */
    private static String describe(JsonNode error) {
        String kind =
                error.hasNonNull("type")
                        ? error.get("type").asText()
                        : error.at("/extensions/code").asText("");
        String message = error.path("message").asText("");
        if (message.length() > MESSAGE_EXCERPT) {
            message = message.substring(0, MESSAGE_EXCERPT) + "...";
        }
        return "errors: " + (kind.isEmpty() ? "" : kind + ": ") + message;
    }
}
