package io.tributary.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a GraphQL page's {@code extensions.cost} asks of the next request
 * (shopify.dev/docs/api/usage/rate-limits#graphql-admin-api-rate-limits).
 */
class GraphqlPaginationHoldTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static Pagination.Hold holdAfter(String extensions) throws Exception {
        Pagination.Pager pager =
                new GraphqlPagination(
                                GraphqlPagination.parseRequest("{\"query\": \"query { x }\"}"),
                                "/data/orders/pageInfo/endCursor",
                                "/data/orders/pageInfo/hasNextPage",
                                null)
                        .begin();
        JsonNode body =
                JSON.readTree(
                        "{\"data\":{\"orders\":{\"pageInfo\":{\"hasNextPage\":true,\"endCursor\":\"c1\"},"
                                + "\"nodes\":[]}}"
                                + extensions
                                + "}");
        pager.advance(new PageResponse(body, Map.of(), 0));
        return pager.hold();
    }

    @Test
    void aBucketHoldingLessThanTheQueryCostHoldsTheNextRequestUntilItRefills() throws Exception {
        Pagination.Hold hold =
                holdAfter(
                        ",\"extensions\":{\"cost\":{\"requestedQueryCost\":40,\"actualQueryCost\":40,"
                                + "\"throttleStatus\":{\"maximumAvailable\":100.0,\"currentlyAvailable\":20,"
                                + "\"restoreRate\":50.0}}}");

        assertEquals(Duration.ofMillis(400), hold.delay(), "(40 - 20) / 50 s");
        assertEquals(
                "the GraphQL cost budget (extensions.cost: 20 points available of the 40 the query"
                        + " asks, restoring 50/s)",
                hold.reason());
    }

    @Test
    void aBucketHoldingTheQueryCostOrAnAnswerWithoutACostHoldsNothing() throws Exception {
        assertNull(
                holdAfter(
                        ",\"extensions\":{\"cost\":{\"requestedQueryCost\":40,\"actualQueryCost\":12,"
                                + "\"throttleStatus\":{\"maximumAvailable\":1000.0,\"currentlyAvailable\":988,"
                                + "\"restoreRate\":50.0}}}"));
        assertNull(holdAfter(""), "GitHub's answers carry no cost");
    }
}
