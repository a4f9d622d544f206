package io.tributary.webhook;

import java.util.Optional;

/**
 * How one provider signs a webhook request, checked over the request's raw bytes before anything
 * parses them: {@link GithubSignature}, {@link StripeSignature}, {@link ShopifySignature}, {@link
 * HmacSignature} (any other provider's header), made by name in {@link WebhookSignatures}. Every
 * comparison is constant-time ({@link java.security.MessageDigest#isEqual}).
 */
public interface WebhookSignature {
    /** A request header's value by name (case-insensitive), or null. */
    @FunctionalInterface
    interface Headers {
        String get(String name);
    }

    /**
     * Why the request is refused (a missing or wrong signature, a stale timestamp), in words that
     * never show the secret or the signature; empty when it is signed as the provider signs.
     */
    Optional<String> refuse(byte[] body, Headers headers);

    /** The header it reads, for messages and docs. */
    String header();
}
