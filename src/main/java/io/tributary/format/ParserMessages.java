package io.tributary.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.regex.Pattern;

/**
 * A parser's message told without the body's text: Jackson and StAX quote what they could not read
 * ({@code Unrecognized token 'JaneDoe'}), which is record data. Only on the error path, so the
 * patterns cost nothing per record.
 */
final class ParserMessages {
    private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");
    private static final Pattern CODE = Pattern.compile("\\s*\\(code -?\\d+\\)");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private ParserMessages() {}

    /** Jackson's reason, e.g. {@code Unexpected end-of-input: expected close marker for Array}. */
    static String of(JsonProcessingException e) {
        return withoutText(e.getOriginalMessage());
    }

    /** The message's first line with every quoted part replaced by {@code '…'}. */
    static String withoutText(String message) {
        if (message == null) {
            return "";
        }
        int cut = message.indexOf('\n');
        String line = cut < 0 ? message : message.substring(0, cut);
        int source = line.indexOf(" (start marker at");
        if (source >= 0) {
            line = line.substring(0, source); // where the object began: the source, redacted
        }
        line = QUOTED.matcher(line).replaceAll(ParserMessages::withoutData);
        line = CODE.matcher(line).replaceAll("");
        return SPACES.matcher(line).replaceAll(" ").strip();
    }

    /** JSON's own words stay ({@code expecting 'null', 'true' or 'false'}); anything else goes. */
    private static String withoutData(java.util.regex.MatchResult quoted) {
        String inside = quoted.group().substring(1, quoted.group().length() - 1);
        return inside.equals("null") || inside.equals("true") || inside.equals("false")
                ? quoted.group()
                : "'…'";
    }
}
