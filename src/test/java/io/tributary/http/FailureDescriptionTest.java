package io.tributary.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.auth.SecretMasker;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;

class FailureDescriptionTest {
    private static final String KEY = "owm-4f9a2c7e";
    private static final SecretMasker MASKER = new SecretMasker(List.of(KEY));
    private static final String URL =
            "https://api.openweathermap.org/data/2.5/weather?q=Oslo&appid=" + KEY;

    private static HttpOperationFailedException http(
            int status, String text, Map<String, String> headers, String body) {
        return new HttpOperationFailedException(URL, status, text, null, headers, body);
    }

    @Test
    void describesAnHttpFailureWithStatusMaskedUrlAndBody() {
        String line =
                FailureDescription.of(
                        http(
                                401,
                                "Unauthorized",
                                Map.of(),
                                "{\"cod\":401,\"message\":\"Invalid API key\"}"),
                        MASKER);
        assertEquals(
                "HTTP 401 Unauthorized from GET https://api.openweathermap.org/data/2.5/weather?q=Oslo&appid=****: "
                        + "{\"cod\":401,\"message\":\"Invalid API key\"}",
                line);
    }

    @Test
    void masksTheKeyWhenTheBodyEchoesIt() {
        String line =
                FailureDescription.of(
                        http(401, "Unauthorized", Map.of(), "key " + KEY + " is revoked"), MASKER);
        assertFalse(line.contains(KEY), line);
        assertTrue(line.endsWith(": key **** is revoked"), line);
    }

    @Test
    void putsAMultiLineBodyOnOneLine() {
        String line =
                FailureDescription.of(
                        http(500, "", Map.of(), "\n  <html>\n\t<body>oops</body>\n</html>\n"),
                        MASKER);
        assertTrue(line.startsWith("HTTP 500 from GET "), line);
        assertTrue(line.endsWith(": <html> <body>oops</body> </html>"), line);
    }

    @Test
    void truncatesALongBody() {
        String line =
                FailureDescription.of(http(502, "Bad Gateway", Map.of(), "y".repeat(1000)), MASKER);
        assertTrue(line.endsWith(": " + "y".repeat(FailureDescription.BODY_EXCERPT) + "..."), line);
    }

    @Test
    void showsTheRetryAfterDelay() {
        String line =
                FailureDescription.of(
                        http(429, "Too Many Requests", Map.of("Retry-After", "42"), null), MASKER);
        assertTrue(
                line.contains("HTTP 429 Too Many Requests") && line.endsWith("(Retry-After 42 s)"),
                line);
    }

    @Test
    void describesOtherFailuresByTypeAndMessage() {
        assertEquals(
                "IOException: Connection refused",
                FailureDescription.of(new IOException("Connection refused"), MASKER));
    }

    @Test
    void describesAWrapperWithoutMessageByItsCause() {
        Exception e = new RuntimeException((String) null, new IOException("reset fetching " + URL));
        String line = FailureDescription.of(e, MASKER);
        assertTrue(line.startsWith("IOException: reset fetching"), line);
        assertFalse(line.contains(KEY), line);
    }

    @Test
    void describesANullFailure() {
        assertEquals("unknown failure", FailureDescription.of(null, MASKER));
    }

    @Test
    void masksAKeyThatStraddlesTheEndOfTheBodyExcerpt() {
        String body = "x".repeat(296) + KEY + " tail";
        String line = FailureDescription.of(http(500, "Server Error", Map.of(), body), MASKER);
        assertTrue(!line.contains(KEY.substring(0, 4) + "...") && !line.contains(KEY), line);
    }
}
