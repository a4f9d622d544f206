package io.tributary.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A provider pushing events to a webhook endpoint on 127.0.0.1: it signs each request as that
 * provider documents (computed here, apart from Tributary's own classes), and {@link #deliver}
 * retries on anything but a 2xx as the providers do.
 *
 * <ul>
 *   <li>{@code github}: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>}, {@code
 *       X-GitHub-Delivery}, {@code X-GitHub-Event}
 *       (https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries)
 *   <li>{@code stripe}: {@code Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">}, the
 *       event id in the body's {@code id} (https://docs.stripe.com/webhooks#verify-manually)
 *   <li>{@code shopify}: {@code X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256 of the body>}, {@code
 *       X-Shopify-Webhook-Id} (https://shopify.dev/docs/apps/build/webhooks/subscribe/https,
 *       "Verify webhooks")
 *   <li>{@code hmac}: {@code X-Signature: sha256=<hex>} and {@code X-Event-Id}, a generic SaaS
 * </ul>
 */
public final class WebhookSender {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI url;
    private final String provider;
    private final String secret;

    public WebhookSender(URI url, String provider, String secret) {
        this.url = url;
        this.provider = provider;
        this.secret = secret;
    }

    /** One request as the provider sends it, signed now. */
    public HttpResponse<String> send(String eventId, String json)
            throws IOException, InterruptedException {
        return send(eventId, json, signed(eventId, json, Instant.now()));
    }

    /** One request with exactly these headers (a test's forged, missing or stale signature). */
    public HttpResponse<String> send(String eventId, String json, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(url)
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * As a provider delivers: again and again until a 2xx (a refused connection, a 503 from a
     * process going down), each attempt signed anew, with a short back-off; gives up after {@code
     * patience}.
     */
    public HttpResponse<String> deliver(String eventId, String json, Duration patience)
            throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        long backoff = 20;
        while (true) {
            try {
                HttpResponse<String> r = send(eventId, json);
                if (r.statusCode() / 100 == 2) {
                    return r;
                }
            } catch (IOException e) {
                // not listening (yet), or cut off: the provider tries again later
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("event " + eventId + " was never acknowledged");
            }
            Thread.sleep(backoff);
            backoff = Math.min(500, backoff * 2);
        }
    }

    /** The headers the provider sends with this event, signed at {@code at}. */
    public Map<String, String> signed(String eventId, String json, Instant at) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        switch (provider) {
            case "github":
                h.put("X-GitHub-Event", "issues");
                h.put("X-GitHub-Delivery", eventId);
                h.put("X-Hub-Signature-256", "sha256=" + hex(hmac(body)));
                break;
            case "stripe":
                long t = at.getEpochSecond();
                h.put(
                        "Stripe-Signature",
                        "t="
                                + t
                                + ",v1="
                                + hex(hmac((t + "." + json).getBytes(StandardCharsets.UTF_8))));
                break;
            case "shopify":
                h.put("X-Shopify-Topic", "orders/create");
                h.put("X-Shopify-Webhook-Id", eventId);
                h.put("X-Shopify-Hmac-Sha256", Base64.getEncoder().encodeToString(hmac(body)));
                break;
            case "hmac":
                h.put("X-Event-Id", eventId);
                h.put("X-Signature", "sha256=" + hex(hmac(body)));
                break;
            default:
                throw new IllegalArgumentException(provider);
        }
        return h;
    }

    private byte[] hmac(byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(data);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
