package io.tributary.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Stripe's signature, as "Verify webhook signatures manually" says
 * (https://docs.stripe.com/webhooks#verify-manually): header {@code Stripe-Signature:
 * t=1492774577,v1=5257a869...,v0=...}; the signed payload is the timestamp, a {@code .} and the raw
 * body; each {@code v1} is its HMAC-SHA256 in hex under the endpoint's secret ({@code whsec_...},
 * used whole as the key). Any one {@code v1} may match (Stripe sends two while a secret rolls);
 * {@code v0} and other schemes are ignored. A timestamp further than {@code tolerance} from now
 * (default 5 minutes, Stripe's) is refused, so a captured request cannot be replayed later.
 */
public final class StripeSignature implements WebhookSignature {
    public static final String HEADER = "Stripe-Signature";
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private final byte[] secret;
    private final Duration tolerance;
    private final Clock clock;

    public StripeSignature(String secret, Duration tolerance, Clock clock) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.tolerance = tolerance;
        this.clock = clock;
    }

    @Override
    public Optional<String> refuse(byte[] body, Headers headers) {
        String given = headers.get(HEADER);
        if (given == null || given.isBlank()) {
            return Optional.of("no " + HEADER + " header");
        }
        String timestamp = null;
        List<String> signatures = new ArrayList<>();
        for (String item : given.split(",")) {
            int eq = item.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = item.substring(0, eq).trim();
            String value = item.substring(eq + 1).trim();
            if (key.equals("t")) {
                timestamp = value;
            } else if (key.equals("v1")) {
                signatures.add(value);
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            return Optional.of(HEADER + " has no t= timestamp or no v1= signature");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return Optional.of(HEADER + "'s t= is not a Unix time");
        }
        long age = clock.instant().getEpochSecond() - seconds;
        if (Math.abs(age) > tolerance.toSeconds()) {
            return Optional.of(
                    HEADER
                            + "'s timestamp is "
                            + Math.abs(age)
                            + " s "
                            + (age > 0 ? "old" : "ahead")
                            + ", beyond the tolerance of "
                            + tolerance.toSeconds()
                            + " s (a replay, or a clock to fix)");
        }
        byte[] expected =
                HmacSignature.hmac(
                        "HmacSHA256",
                        secret,
                        timestamp.getBytes(StandardCharsets.US_ASCII),
                        new byte[] {'.'},
                        body);
        boolean match = false;
        for (String signature : signatures) {
            byte[] sent;
            try {
                sent = HexFormat.of().parseHex(signature.toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                continue;
            }
            // every v1 is compared, so the time taken does not tell which one matched
            match |= MessageDigest.isEqual(expected, sent);
        }
        return match ? Optional.empty() : Optional.of(HEADER + " does not match the body");
    }

    /** The header's value for a body signed at {@code epochSecond} (a sender: tests, examples). */
    public String sign(byte[] body, long epochSecond) {
        String t = Long.toString(epochSecond);
        byte[] d =
                HmacSignature.hmac(
                        "HmacSHA256",
                        secret,
                        t.getBytes(StandardCharsets.US_ASCII),
                        new byte[] {'.'},
                        body);
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(d);
    }

    @Override
    public String header() {
        return HEADER;
    }
}
