package io.tributary.webhook;

import java.util.Optional;

/**
 * GitHub's signature: header {@code X-Hub-Signature-256: sha256=<hex>}, the HMAC-SHA256 of the raw
 * body under the webhook's secret, as "Validating webhook deliveries" says
 * (https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries). Its delivery
 * id, {@code X-GitHub-Delivery}, is the event id (a redelivery keeps it). The legacy SHA-1 {@code
 * X-Hub-Signature} is not accepted.
 */
public final class GithubSignature implements WebhookSignature {
    public static final String HEADER = "X-Hub-Signature-256";
    public static final String DELIVERY = "X-GitHub-Delivery";

    private final HmacSignature hmac;

    public GithubSignature(String secret) {
        hmac = new HmacSignature(HEADER, "sha256", "hex", "sha256=", secret);
    }

    @Override
    public Optional<String> refuse(byte[] body, Headers headers) {
        return hmac.refuse(body, headers);
    }

    /** The header's value for a body: {@code sha256=<hex>}. */
    public String sign(byte[] body) {
        return hmac.sign(body);
    }

    @Override
    public String header() {
        return HEADER;
    }
}
