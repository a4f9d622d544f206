package io.tributary.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A provider that signs the raw body with an HMAC in a header of its own: {@code signatureHeader},
 * {@code sha256} or {@code sha1}, the digest as {@code hex} or {@code base64}, after an optional
 * prefix ({@code sha256=}). GitHub's and Shopify's schemes are two settings of it; Stripe's signs a
 * timestamp too ({@link StripeSignature}).
 *
 * <pre>
 * provider: hmac
 * signatureHeader: X-Signature
 * signatureAlgorithm: sha256
 * signatureEncoding: hex
 * signaturePrefix: "sha256="
 * </pre>
 */
public final class HmacSignature implements WebhookSignature {
    private final String header;
    private final String algorithm;
    private final boolean base64;
    private final String prefix;
    private final byte[] secret;

    /**
     * @param algorithm {@code sha256} or {@code sha1}
     * @param encoding {@code hex} or {@code base64}
     * @param prefix text before the digest in the header ({@code sha256=}), or null
     */
    public HmacSignature(
            String header, String algorithm, String encoding, String prefix, String secret) {
        this.header = header;
        this.algorithm = macName(algorithm);
        this.base64 = "base64".equals(encoding);
        this.prefix = prefix == null ? "" : prefix;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        mac(this.algorithm, this.secret); // an unknown algorithm fails at start-up, not per request
    }

    @Override
    public Optional<String> refuse(byte[] body, Headers headers) {
        String given = headers.get(header);
        if (given == null || given.isBlank()) {
            return Optional.of("no " + header + " header");
        }
        given = given.trim();
        if (!given.startsWith(prefix)) {
            return Optional.of(header + " does not start with '" + prefix + "'");
        }
        byte[] expected = digest(body);
        byte[] sent = decode(given.substring(prefix.length()));
        if (sent == null || !MessageDigest.isEqual(expected, sent)) {
            return Optional.of(header + " does not match the body");
        }
        return Optional.empty();
    }

    /** The digest as the provider writes it in the header (for a sender: tests, the examples). */
    public String sign(byte[] body) {
        byte[] d = digest(body);
        return prefix
                + (base64 ? Base64.getEncoder().encodeToString(d) : HexFormat.of().formatHex(d));
    }

    private byte[] digest(byte[] body) {
        return hmac(algorithm, secret, body);
    }

    /** The header's digest as bytes; null when it is not hex / base64 (then it cannot match). */
    private byte[] decode(String text) {
        try {
            return base64
                    ? Base64.getDecoder().decode(text)
                    : HexFormat.of().parseHex(text.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String header() {
        return header;
    }

    /** HMAC of the parts, one after the other, under {@code secret}. */
    static byte[] hmac(String macName, byte[] secret, byte[]... parts) {
        Mac mac = mac(macName, secret);
        for (byte[] part : parts) {
            mac.update(part);
        }
        return mac.doFinal();
    }

    private static Mac mac(String macName, byte[] secret) {
        try {
            Mac mac = Mac.getInstance(macName);
            // an empty secret is refused by the parameter check; the JDK refuses an empty key too
            mac.init(new SecretKeySpec(secret.length == 0 ? new byte[1] : secret, macName));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalArgumentException(macName + ": " + e.getMessage(), e);
        }
    }

    static String macName(String algorithm) {
        switch (algorithm == null ? "sha256" : algorithm) {
            case "sha256":
                return "HmacSHA256";
            case "sha1":
                return "HmacSHA1";
            default:
                throw new IllegalArgumentException(
                        "signatureAlgorithm '" + algorithm + "' is not sha256 or sha1");
        }
    }
}
