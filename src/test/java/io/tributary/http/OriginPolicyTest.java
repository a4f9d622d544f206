package io.tributary.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {
    final OriginPolicy github =
            new OriginPolicy(URI.create("https://api.github.com/repos/o/r/issues"), null);

    @Test
    void theSameSchemeHostAndPortIsAllowed() {
        assertTrue(
                github.allows(
                        URI.create("https://api.github.com/repositories/1000/issues?page=2")));
        assertTrue(
                github.allows(URI.create("https://API.GITHUB.COM:443/x")),
                "host case and the default port do not matter");
    }

    @Test
    void anotherHostPortOrSchemeIsRefused() {
        assertFalse(github.allows(URI.create("https://uploads.github.com/x")));
        assertFalse(github.allows(URI.create("https://api.github.com:8443/x")));
        assertFalse(
                github.allows(URI.create("http://api.github.com/x")), "no downgrade to plain http");
        assertFalse(github.allows(URI.create("https://api.github.com.evil.example/x")));
    }

    @Test
    void allowedHostsOpensListedHostsOnly() {
        OriginPolicy policy =
                new OriginPolicy(
                        URI.create("https://api.github.com/x"),
                        "uploads.github.com, 127.0.0.1:8081");
        assertTrue(policy.allows(URI.create("https://uploads.github.com/y")));
        assertFalse(
                policy.allows(URI.create("http://uploads.github.com/y")),
                "a listed host still needs https when url has it");
        assertFalse(policy.allows(URI.create("https://127.0.0.1:8082/y")));
        assertTrue(policy.allows(URI.create("https://127.0.0.1:8081/y")));
    }

    @Test
    void anAllowedHostThatIsNotAHostIsRefusedAtStartUp() {
        IllegalArgumentException e =
                org.junit.jupiter.api.Assertions.assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                new OriginPolicy(
                                        java.net.URI.create("https://api.github.com/repos"),
                                        "uploads.github.com, http://x y"));
        org.junit.jupiter.api.Assertions.assertTrue(
                e.getMessage().contains("'http://x y' is not a host"), e.getMessage());
        new OriginPolicy(
                java.net.URI.create("https://api.github.com/repos"),
                "uploads.github.com,127.0.0.1:8443,[::1]:443");
    }
}
