package io.tributary.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Each provider's signature over the raw bytes, with the providers' own examples where they give
 * one.
 */
class WebhookSignaturesTest {
    static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.UTF_8);

    static WebhookSignature.Headers headers(String... pairs) {
        Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map::get;
    }

    @Test
    void githubsOwnExampleFromValidatingWebhookDeliveriesIsAccepted() {
        // https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries,
        // "Testing
        // the webhook payload validation": this secret and payload give this signature
        GithubSignature github = new GithubSignature("It's a Secret to Everybody");
        String documented =
                "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

        assertEquals(
                Optional.empty(), github.refuse(HELLO, headers("x-hub-signature-256", documented)));
        assertEquals(documented, github.sign(HELLO));
    }

    @Test
    void aGithubSignatureOneDigitOffMissingOrWithoutItsPrefixIsRefused() {
        GithubSignature github = new GithubSignature("It's a Secret to Everybody");
        String off = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e18";

        assertEquals(
                Optional.of("X-Hub-Signature-256 does not match the body"),
                github.refuse(HELLO, headers("X-Hub-Signature-256", off)));
        assertEquals(Optional.of("no X-Hub-Signature-256 header"), github.refuse(HELLO, headers()));
        assertTrue(
                github.refuse(HELLO, headers("X-Hub-Signature-256", off.substring(7))).isPresent());
        assertTrue(
                github.refuse(HELLO, headers("X-Hub-Signature-256", "sha256=not-hex")).isPresent());
    }

    @Test
    void aStripeSignatureIsOverTheTimestampADotAndTheBodyWithinTheTolerance() {
        Instant signedAt = Instant.parse("2026-12-01T12:00:00Z");
        StripeSignature signer =
                new StripeSignature(
                        "whsec_test",
                        StripeSignature.DEFAULT_TOLERANCE,
                        Clock.fixed(signedAt, ZoneOffset.UTC));
        String header = signer.sign(HELLO, signedAt.getEpochSecond());

        assertEquals(
                Optional.empty(),
                at(signedAt.plusSeconds(299)).refuse(HELLO, headers("Stripe-Signature", header)));
        assertTrue(
                at(signedAt.plusSeconds(301))
                        .refuse(HELLO, headers("Stripe-Signature", header))
                        .orElseThrow()
                        .contains("301 s old"));
        assertTrue(
                at(signedAt.minusSeconds(301))
                        .refuse(HELLO, headers("Stripe-Signature", header))
                        .orElseThrow()
                        .contains("ahead"));
        // the signed payload is "t.body": the same body at another time is another signature
        String retimed =
                "t=" + (signedAt.getEpochSecond() + 1) + header.substring(header.indexOf(','));
        assertTrue(at(signedAt).refuse(HELLO, headers("Stripe-Signature", retimed)).isPresent());
    }

    @Test
    void anyOfSeveralV1SignaturesMayMatchAndOtherSchemesAreIgnored() {
        Instant now = Instant.parse("2026-12-01T12:00:00Z");
        StripeSignature stripe = at(now);
        String signed = stripe.sign(HELLO, now.getEpochSecond());
        String t = signed.substring(0, signed.indexOf(','));
        String v1 = signed.substring(signed.indexOf(',') + 1);

        assertEquals(
                Optional.empty(),
                stripe.refuse(
                        HELLO,
                        headers(
                                "Stripe-Signature",
                                t + ",v1=" + "ab".repeat(32) + "," + v1 + ",v0=6ffbb59b")));
        assertTrue(
                stripe.refuse(HELLO, headers("Stripe-Signature", t + ",v0=" + v1.substring(3)))
                        .isPresent(),
                "v0 is not v1");
        assertTrue(
                stripe.refuse(HELLO, headers("Stripe-Signature", v1))
                        .orElseThrow()
                        .contains("no t= timestamp"));
    }

    static StripeSignature at(Instant now) {
        return new StripeSignature(
                "whsec_test", StripeSignature.DEFAULT_TOLERANCE, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void shopifysSignatureIsTheBase64HmacOfTheBody() {
        ShopifySignature shopify = new ShopifySignature("hush");
        String base64 =
                java.util.Base64.getEncoder()
                        .encodeToString(
                                HmacSignature.hmac(
                                        "HmacSHA256",
                                        "hush".getBytes(StandardCharsets.UTF_8),
                                        HELLO));

        assertEquals(
                Optional.empty(), shopify.refuse(HELLO, headers("X-Shopify-Hmac-SHA256", base64)));
        assertTrue(
                shopify.refuse(
                                "Hello, World?".getBytes(StandardCharsets.UTF_8),
                                headers("X-Shopify-Hmac-Sha256", base64))
                        .isPresent());
        assertTrue(shopify.refuse(HELLO, headers()).isPresent());
    }

    @Test
    void aGenericHmacTakesItsHeaderAlgorithmEncodingAndPrefix() {
        HmacSignature sha1 = new HmacSignature("X-Signature", "sha1", "base64", null, "s3cret");
        HmacSignature prefixed = new HmacSignature("X-Signature", "sha256", "hex", "v1=", "s3cret");

        assertEquals(
                Optional.empty(), sha1.refuse(HELLO, headers("X-Signature", sha1.sign(HELLO))));
        assertEquals(28, sha1.sign(HELLO).length(), "20 bytes in base64");
        assertEquals(
                Optional.empty(),
                prefixed.refuse(HELLO, headers("X-Signature", prefixed.sign(HELLO))));
        assertEquals(
                Optional.of("X-Signature does not start with 'v1='"),
                prefixed.refuse(HELLO, headers("X-Signature", prefixed.sign(HELLO).substring(3))));
        assertThrows(
                IllegalArgumentException.class,
                () -> new HmacSignature("X-Signature", "md5", "hex", null, "s3cret"));
    }

    @Test
    void theRateTakesAsManyAtOnceAsASecondsWorthThenRefillsAndSaysHowLongToWait() {
        AtomicLong nanos = new AtomicLong();
        RequestRate rate = new RequestRate(2, nanos::get);

        assertEquals(0, rate.take());
        assertEquals(0, rate.take());
        assertEquals(1, rate.take(), "a third at once waits");
        nanos.addAndGet(Duration.ofMillis(500).toNanos());
        assertEquals(0, rate.take(), "half a second later one is free");
    }
}
