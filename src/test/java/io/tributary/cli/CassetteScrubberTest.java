package io.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.auth.SecretMasker;
import io.tributary.http.RecordedCall;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the scrubber takes out of a call before a cassette holds it. */
class CassetteScrubberTest {
    final CassetteScrubber scrubber =
            new CassetteScrubber(new SecretMasker(List.of("known-secret-4471")));

    RecordedCall call(String url, String requestBody, String responseBody, boolean token) {
        return new RecordedCall(
                "POST",
                url,
                Map.of("X-Session-Token", List.of("st-1"), "Accept", List.of("application/json")),
                requestBody,
                200,
                Map.of("Set-Cookie", List.of("sid=abc"), "X-Echo", List.of("known-secret-4471")),
                responseBody,
                token);
    }

    @Test
    void aRotatedRefreshTokenAndTheRefreshTokenSentAreScrubbedFromATokenCall() {
        RecordedCall c =
                scrubber.scrub(
                        call(
                                "https://login.example.com/oauth/token",
                                "grant_type=refresh_token&refresh_token=rt-old-991",
                                "{\"access_token\":\"at-1\",\"refresh_token\":\"rt-new-992\","
                                        + "\"token_type\":\"Bearer\",\"expires_in\":60}",
                                true));

        assertEquals("grant_type=refresh_token&refresh_token=<scrubbed>", c.requestBody());
        assertFalse(c.responseBody().contains("rt-new-992") || c.responseBody().contains("at-1"));
        assertTrue(c.responseBody().contains("\"token_type\":\"Bearer\""), c.responseBody());
    }

    @Test
    void aJsonLoginBodyIsScrubbedWhole() {
        RecordedCall c =
                scrubber.scrub(
                        call(
                                "https://api.example.com/login",
                                "{\"user\":\"jane\",\"password\":\"pw-9\"}",
                                "{\"session\":{\"token\":\"s-1\"}}",
                                true));

        assertEquals("<scrubbed>", c.requestBody());
        assertEquals("{\"session\":{\"token\":\"<scrubbed>\"}}", c.responseBody());
    }

    @Test
    void credentialHeadersQueryParametersAndKnownSecretsAreScrubbedFromAnyCall() {
        RecordedCall c =
                scrubber.scrub(
                        call(
                                "https://api.example.com/v1/items?page=2&api_key=k-77&sig=s-8",
                                "",
                                "{\"echo\":\"known-secret-4471\"}",
                                false));

        assertEquals(
                "https://api.example.com/v1/items?page=2&api_key=%3Cscrubbed%3E&sig=%3Cscrubbed%3E",
                c.url());
        assertEquals(List.of("<scrubbed>"), c.requestHeaders().get("X-Session-Token"));
        assertEquals(List.of("application/json"), c.requestHeaders().get("Accept"));
        assertEquals(List.of("<scrubbed>"), c.responseHeaders().get("Set-Cookie"));
        assertEquals(List.of("****"), c.responseHeaders().get("X-Echo"));
        assertEquals("{\"echo\":\"****\"}", c.responseBody());
    }

    @Test
    void aScrubbedQueryValueMatchesAnyValueOnReplay() {
        assertTrue(
                CassetteServer.matches(
                        java.net.URI.create("https://x/v1/items?api_key=%3Cscrubbed%3E&page=2"),
                        java.net.URI.create("/v1/items?page=2&api_key=anything")));
        assertFalse(
                CassetteServer.matches(
                        java.net.URI.create("https://x/v1/items?api_key=%3Cscrubbed%3E&page=2"),
                        java.net.URI.create("/v1/items?page=3&api_key=anything")));
    }
}
