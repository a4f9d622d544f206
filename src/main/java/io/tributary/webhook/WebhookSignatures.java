package io.tributary.webhook;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** A provider's name ({@code provider}) to its {@link WebhookSignature}. */
public final class WebhookSignatures {
    public static final List<String> NAMES = List.of("github", "stripe", "shopify", "hmac");

    private WebhookSignatures() {}

    /**
     * @param header, algorithm, encoding, prefix the {@code hmac} provider's settings (else unused)
     * @param tolerance Stripe's timestamp tolerance
     */
    public static WebhookSignature of(
            String provider,
            String secret,
            String header,
            String algorithm,
            String encoding,
            String prefix,
            Duration tolerance,
            Clock clock) {
        switch (provider) {
            case "github":
                return new GithubSignature(secret);
            case "stripe":
                return new StripeSignature(secret, tolerance, clock);
            case "shopify":
                return new ShopifySignature(secret);
            case "hmac":
                return new HmacSignature(header, algorithm, encoding, prefix, secret);
            default:
                throw new IllegalArgumentException(
                        "provider '" + provider + "' is not one of " + NAMES);
        }
    }

    /**
     * The header a provider sends its event id in, or null (Stripe's is the body's {@code /id}).
     */
    public static String eventIdHeader(String provider) {
        switch (provider) {
            case "github":
                return GithubSignature.DELIVERY;
            case "shopify":
                return ShopifySignature.WEBHOOK_ID;
            default:
                return null;
        }
    }

    /** The JSON pointer of a provider's event id in the body, or null. */
    public static String eventIdPath(String provider) {
        return provider.equals("stripe") ? "/id" : null;
    }
}
