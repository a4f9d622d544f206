package io.tributary.status;

/**
 * A failed sync's error on the status page: one line of at most {@value #SHORT} characters, and,
 * when that had to cut it, the whole text in a {@code <details>} element that opens on demand. The
 * text was masked as the sync ended (the same masking as its log line), so it is shown as given.
 */
final class ErrorText {
    static final int SHORT = 160;

    private ErrorText() {}

    /** The first line's worth: whitespace folded, cut at {@value #SHORT} characters. */
    static String shorten(String error) {
        String line = error.strip().replaceAll("\\s+", " ");
        if (line.length() <= SHORT) {
            return line;
        }
        int end = SHORT;
        if (Character.isHighSurrogate(line.charAt(end - 1))) {
            end--; // never half a character
        }
        return line.substring(0, end) + "\u2026";
    }

    static String html(String error) {
        if (error == null || error.isBlank()) {
            return "";
        }
        String shortened = shorten(error);
        if (shortened.equals(error)) {
            return "<div class=\"error\">" + StatusPage.esc(error) + "</div>";
        }
        return "<details class=\"error\"><summary>"
                + StatusPage.esc(shortened)
                + "</summary><pre>"
                + StatusPage.esc(error)
                + "</pre></details>";
    }
}
