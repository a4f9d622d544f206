package io.tributary.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;

class ErrorPolicyTest {
    final ErrorPolicy defaults = ErrorPolicy.defaults(Duration.ofSeconds(60));

    static HttpOperationFailedException status(int code, String body, Map<String, String> headers) {
        return new HttpOperationFailedException(
                "http://127.0.0.1/x", code, "status", headers.get("Location"), headers, body);
    }

    @Test
    void classifiesStatusesByTheDefaults() {
        assertEquals(ResponseClass.RETRY, defaults.classify(status(500, "", Map.of())));
        assertEquals(ResponseClass.RETRY, defaults.classify(status(503, "", Map.of())));
        assertEquals(ResponseClass.RETRY, defaults.classify(status(408, "", Map.of())));
        assertEquals(ResponseClass.FAIL, defaults.classify(status(501, "", Map.of())));
        assertEquals(ResponseClass.RATE_LIMITED, defaults.classify(status(429, "", Map.of())));
        assertEquals(ResponseClass.REFRESH_AUTH, defaults.classify(status(401, "", Map.of())));
        assertEquals(
                ResponseClass.REDIRECT,
                defaults.classify(status(302, "", Map.of("Location", "/next"))));
        assertEquals(ResponseClass.FAIL, defaults.classify(status(404, "", Map.of())));
        assertEquals(
                ResponseClass.FAIL,
                defaults.classify(status(403, "{\"message\":\"Forbidden\"}", Map.of())));
    }

    @Test
    void treatsGitHubsForbiddenWithNoRequestsRemainingAsRateLimited() {
        String reset = Long.toString(Instant.now().plusSeconds(30).getEpochSecond());
        assertEquals(
                ResponseClass.RATE_LIMITED,
                defaults.classify(
                        status(
                                403,
                                "{}",
                                Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", reset))));
        assertEquals(
                ResponseClass.RATE_LIMITED,
                defaults.classify(
                        status(
                                403,
                                "{\"message\":\"You have exceeded a secondary rate limit\"}",
                                Map.of())));
    }

    @Test
    void treatsConnectionResetsAndCutBodiesAsRetry() {
        assertEquals(
                ResponseClass.RETRY, defaults.classify(new SocketException("Connection reset")));
        assertEquals(ResponseClass.RETRY, defaults.classify(new MalformedBodyException("cut")));
        assertEquals(
                ResponseClass.RETRY,
                defaults.classify(new RuntimeException(new IOException("Premature end"))));
        assertEquals(ResponseClass.FAIL, defaults.classify(new IllegalStateException("bug")));
    }

    @Test
    void connectorOverridesComeBeforeTheDefaults() {
        ErrorPolicy policy =
                ErrorPolicy.parse(
                        "404=ignore, 409=retry, 5xx=fail, 403:secondary rate limit=rate-limited",
                        Duration.ofSeconds(60));
        assertEquals(ResponseClass.IGNORE, policy.classify(status(404, "", Map.of())));
        assertEquals(ResponseClass.RETRY, policy.classify(status(409, "", Map.of())));
        assertEquals(ResponseClass.FAIL, policy.classify(status(503, "", Map.of())));
        assertEquals(
                ResponseClass.RATE_LIMITED,
                policy.classify(status(403, "You have exceeded a SECONDARY RATE LIMIT", Map.of())));
        assertEquals(ResponseClass.FAIL, policy.classify(status(403, "Forbidden", Map.of())));
    }

    @Test
    void rejectsAnUnreadableRuleNamingIt() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ErrorPolicy.parse("404=skip", Duration.ZERO));
        assertTrue(e.getMessage().contains("'404=skip'"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> ErrorPolicy.parse("4o4=ignore", Duration.ZERO));
    }

    @Test
    void retriesARateLimitOnlyWithinTheLongestWait() {
        assertTrue(defaults.retries(status(429, "", Map.of("Retry-After", "60"))));
        assertFalse(defaults.retries(status(429, "", Map.of("Retry-After", "61"))));
        String farReset = Long.toString(Instant.now().plusSeconds(3600).getEpochSecond());
        assertFalse(
                defaults.retries(
                        status(
                                429,
                                "",
                                Map.of(
                                        "X-RateLimit-Remaining",
                                        "0",
                                        "X-RateLimit-Reset",
                                        farReset))));
        assertTrue(
                defaults.retries(status(429, "", Map.of())),
                "no wait named: back off and try again");
    }

    static com.fasterxml.jackson.databind.JsonNode json(String text) throws IOException {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
    }

    @Test
    void aPointerRuleOn2xxMatchesAPresentValueNotAnEmptyOrNullOne() throws IOException {
        ErrorPolicy policy = ErrorPolicy.parse("2xx:/errors=fail", Duration.ZERO);
        assertTrue(policy.hasSuccessRules());
        String body = "{\"data\":{},\"errors\":[{\"message\":\"boom\"}]}";
        ErrorPolicy.Match m = policy.matchSuccess(200, body, json(body)).orElseThrow();
        assertEquals(ResponseClass.FAIL, m.action());
        assertEquals("2xx:/errors=fail", m.rule());
        assertTrue(m.found().contains("boom"), m.found());
        for (String ok : new String[] {"{\"data\":{}}", "{\"errors\":[]}", "{\"errors\":null}"}) {
            assertTrue(policy.matchSuccess(200, ok, json(ok)).isEmpty(), ok);
        }
        assertTrue(policy.matchSuccess(200, "not json", null).isEmpty());
    }

    @Test
    void anEqualsRuleComparesTheValueAtThePointer() throws IOException {
        ErrorPolicy policy =
                ErrorPolicy.parse(
                        "2xx:/success==false=retry, 2xx:/status==\"partial\"=fail", Duration.ZERO);
        assertEquals(
                ResponseClass.RETRY,
                policy.matchSuccess(200, "", json("{\"success\":false}")).orElseThrow().action());
        assertTrue(policy.matchSuccess(200, "", json("{\"success\":true}")).isEmpty());
        assertEquals(
                ResponseClass.FAIL,
                policy.matchSuccess(200, "", json("{\"status\":\"partial\"}"))
                        .orElseThrow()
                        .action());
        assertFalse(ErrorPolicy.parse("404=ignore", Duration.ZERO).hasSuccessRules());
    }

    @Test
    void aPointerRuleAppliesToErrorBodiesToo() {
        ErrorPolicy policy =
                ErrorPolicy.parse("400:/error/code==RATE_LIMIT=rate-limited", Duration.ZERO);
        assertEquals(
                ResponseClass.RATE_LIMITED,
                policy.classify(status(400, "{\"error\":{\"code\":\"RATE_LIMIT\"}}", Map.of())));
        assertEquals(
                ResponseClass.FAIL,
                policy.classify(status(400, "{\"error\":{\"code\":\"BAD\"}}", Map.of())));
    }

    @Test
    void classifiesPermanentFailuresAsFailThoughTheyArriveAsIoErrors() {
        assertEquals(
                ResponseClass.FAIL, defaults.classify(new IOException("No space left on device")));
        assertEquals(
                ResponseClass.FAIL,
                defaults.classify(
                        new RuntimeException(
                                new java.nio.file.AccessDeniedException("/data/x.jsonl"))));
        assertEquals(
                ResponseClass.FAIL,
                defaults.classify(
                        new java.sql.SQLException(
                                "Database is already closed", "90121", new IOException("closed"))));
        assertEquals(
                ResponseClass.FAIL,
                defaults.classify(new UndecodableBodyException("not valid UTF-8")));
        assertEquals(
                ResponseClass.RETRY,
                defaults.classify(
                        new RequestDeadlineException(
                                Duration.ofSeconds(2), new IOException("closed"))));
        assertEquals(
                ResponseClass.RETRY,
                defaults.classify(
                        new java.sql.SQLException(
                                "This connection has been closed.",
                                "08003",
                                new java.net.SocketException("Broken pipe"))),
                "a broken connection: the pool gives a new one");
    }
}
