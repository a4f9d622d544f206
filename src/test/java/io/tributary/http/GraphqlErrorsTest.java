package io.tributary.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The error policy's GraphQL defaults on 2xx answers ({@code pagination: graphql}). */
class GraphqlErrorsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final ErrorPolicy policy = ErrorPolicy.parse("", Duration.ofMinutes(5)).withGraphqlErrors();

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void anAnswerWithDataAndNoErrorsPasses() throws Exception {
        String body = "{\"data\":{\"repository\":{\"issues\":{\"nodes\":[]}}}}";
        assertTrue(policy.matchSuccess(200, body, json(body)).isEmpty());
        assertTrue(policy.matchSuccess(200, "[]", json("{\"errors\":[]}")).isEmpty());
    }

    @Test
    void aThrottledErrorAnywhereInTheArrayIsRateLimited() throws Exception {
        String body =
                "{\"errors\":[{\"message\":\"Field 'x' doesn't exist\"},"
                        + "{\"type\":\"RATE_LIMITED\",\"message\":\"API rate limit exceeded\"}]}";
        ErrorPolicy.Match m = policy.matchSuccess(200, body, json(body)).orElseThrow();
        assertEquals(ResponseClass.RATE_LIMITED, m.action());
        assertEquals(null, m.askedWait(), "GitHub says when in its headers");
    }

    @Test
    void shopifysWaitIsTheMissingCostOverTheRestoreRate() throws Exception {
        String body =
                "{\"errors\":[{\"message\":\"Throttled\",\"extensions\":{\"code\":\"THROTTLED\"}}],"
                        + "\"extensions\":{\"cost\":{\"requestedQueryCost\":752,"
                        + "\"throttleStatus\":{\"maximumAvailable\":2000.0,"
                        + "\"currentlyAvailable\":2,\"restoreRate\":100.0}}}}";
        ErrorPolicy.Match m = policy.matchSuccess(200, body, json(body)).orElseThrow();
        assertEquals(ResponseClass.RATE_LIMITED, m.action());
        assertEquals(Duration.ofMillis(7500), m.askedWait());
    }

    @Test
    void theConnectorsOwnRulesComeFirst() throws Exception {
        ErrorPolicy ignoring =
                ErrorPolicy.parse("2xx:/errors/0/type==NOT_FOUND=ignore", Duration.ofMinutes(5))
                        .withGraphqlErrors();
        String body = "{\"data\":null,\"errors\":[{\"type\":\"NOT_FOUND\",\"message\":\"gone\"}]}";
        assertEquals(
                ResponseClass.IGNORE,
                ignoring.matchSuccess(200, body, json(body)).orElseThrow().action());
        assertEquals(
                ResponseClass.FAIL,
                policy.matchSuccess(200, body, json(body)).orElseThrow().action());
        assertEquals(
                "errors: NOT_FOUND: gone",
                policy.matchSuccess(200, body, json(body)).get().found());
    }
}
