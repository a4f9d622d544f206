package io.tributary.webhook;

import java.util.Optional;

/**
 * Shopify's signature: header {@code X-Shopify-Hmac-Sha256}, the base64 HMAC-SHA256 of the raw body
 * under the app's client secret, as "Verify webhooks" says
 * (https://shopify.dev/docs/apps/build/webhooks/subscribe/https, section "Verify webhooks"). Its
 * {@code X-Shopify-Webhook-Id} is the same on every retry of a delivery: the event id.
 */
public final class ShopifySignature implements WebhookSignature {
    public static final String HEADER = "X-Shopify-Hmac-Sha256";
    public static final String WEBHOOK_ID = "X-Shopify-Webhook-Id";

    private final HmacSignature hmac;

    public ShopifySignature(String secret) {
        hmac = new HmacSignature(HEADER, "sha256", "base64", null, secret);
    }

    @Override
    public Optional<String> refuse(byte[] body, Headers headers) {
        return hmac.refuse(body, headers);
    }

    /** The header's value for a body: base64. */
    public String sign(byte[] body) {
        return hmac.sign(body);
    }

    @Override
    public String header() {
        return HEADER;
    }
}
