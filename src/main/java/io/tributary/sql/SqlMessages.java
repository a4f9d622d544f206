package io.tributary.sql;

import java.util.regex.Pattern;

/**
 * Database messages told without the record values drivers quote in them (batch entries, rows,
 * keys).
 */
public final class SqlMessages {
    private static final Pattern BATCH_ENTRY =
            Pattern.compile("(?s)Batch entry \\d+ .*? was aborted: ");
    private static final Pattern LEADING_ERROR = Pattern.compile("^(?:ERROR|FATAL):\\s*");
    private static final Pattern IDENTIFIER = Pattern.compile("\"[A-Za-z_][\\w.$]{0,62}\"");

    private SqlMessages() {}

    /**
     * A database message without the values it quotes: only its leading words, up to where
     * databases start quoting data (a colon, a quote, a bracket, a new line), keeping double-quoted
     * names such as {@code "people_pkey"}. "duplicate key value violates unique constraint
     * "people_pkey"" stays; "Check constraint violation: row [1, Jane Doe, ...]" becomes "Check
     * constraint violation".
     */
    public static String withoutValues(String message) {
        if (message == null) {
            return "";
        }
        String m = BATCH_ENTRY.matcher(message).replaceAll("");
        m = LEADING_ERROR.matcher(m.strip()).replaceFirst("");
        int end = 0;
        while (end < m.length()) {
            char c = m.charAt(end);
            if (c == '"') {
                java.util.regex.Matcher name = IDENTIFIER.matcher(m).region(end, m.length());
                if (!name.lookingAt()) {
                    break;
                }
                end = name.end();
                continue;
            }
            if (":'([{=;\r\n".indexOf(c) >= 0) {
                break;
            }
            end++;
        }
        return m.substring(0, end).strip();
    }
}
