package io.tributary.status;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Times and durations as the status page words them: an instant as a {@code <time>} element whose
 * text is relative ({@code 3 min ago}, {@code in 5 min}) and whose {@code title} is the absolute
 * ISO time; a duration as {@code 850 ms}, {@code 2.4 s}, {@code 3 min 20 s}, {@code 1 h 5 min}.
 * Computed when the page is rendered (it reloads every 15 s), so no script is needed.
 */
final class TimeText {
    private TimeText() {}

    static String iso(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** {@code <time datetime title>3 min ago</time>}: relative text, absolute on hover. */
    static String relative(Instant at, Instant now) {
        String iso = iso(at);
        Duration d = Duration.between(at, now);
        String text;
        if (d.abs().toSeconds() < 1) {
            text = "now";
        } else if (d.isNegative()) {
            text = "in " + coarse(d.negated());
        } else {
            text = coarse(d) + " ago";
        }
        return "<time datetime=\"" + iso + "\" title=\"" + iso + "\">" + text + "</time>";
    }

    /** The ISO time itself (never wrapped), with how far it is in the title. */
    static String absolute(Instant at, Instant now) {
        String iso = iso(at);
        Duration d = Duration.between(at, now);
        String far = d.isNegative() ? "in " + coarse(d.negated()) : coarse(d) + " ago";
        return "<time class=\"iso\" datetime=\""
                + iso
                + "\" title=\""
                + far
                + "\">"
                + iso
                + "</time>";
    }

    /** A duration to the tenth of a second under a minute: {@code 2.4 s}, {@code 850 ms}. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        return coarse(d);
    }

    /**
     * Whole units, the two largest: {@code 41 s}, {@code 3 min 20 s}, {@code 2 h 5 min}, {@code 3 d
     * 4 h}.
     */
    static String coarse(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return two(s / 60, "min", s % 60, "s");
        }
        if (s < 86_400) {
            return two(s / 3600, "h", s % 3600 / 60, "min");
        }
        return two(s / 86_400, "d", s % 86_400 / 3600, "h");
    }

    private static String two(long a, String unitA, long b, String unitB) {
        return b == 0 ? a + " " + unitA : a + " " + unitA + " " + b + " " + unitB;
    }
}
