package io.tributary.log;

/**
 * Values of the text log's {@code key=value} fields as logfmt parsers read them
 * (https://brandur.org/logfmt): a value with a space, {@code =} or {@code "} is quoted, and inside
 * the quotes {@code "} and {@code \} are escaped and line breaks written as {@code \n}, so a
 * failure's whole message comes back as one value, e.g. {@code error="HTTP 401 body
 * {\"error\":\"invalid_key\"}"}.
 */
public final class Logfmt {
    private Logfmt() {}

    /** The value as written after {@code key=}; {@code -} for none. */
    public static String value(Object value) {
        if (value == null) {
            return "-";
        }
        String text = value.toString();
        if (!text.isEmpty() && text.chars().allMatch(Logfmt::bare)) {
            return text;
        }
        StringBuilder b = new StringBuilder(text.length() + 8).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(c < ' ' ? ' ' : c); // other control characters: a space
            }
        }
        return b.append('"').toString();
    }

    private static boolean bare(int c) {
        return c > ' ' && c != '=' && c != '"' && c != '\\' && c != 0x7f;
    }
}
