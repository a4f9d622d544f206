package io.tributary.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.regex.Pattern;

/**
 * Jackson's parse errors told without the body's content: its messages quote the token it could not
 * read ({@code Unrecognized token 'JaneDoe'}), which is record data. What is kept: the kind of
 * error and where it is (line, column).
 */
public final class JsonErrors {
    private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");

    private JsonErrors() {}

    public static String describe(Throwable e) {
        if (!(e instanceof JsonProcessingException j)) {
            return e.getClass().getSimpleName();
        }
        String message = j.getOriginalMessage() == null ? "" : j.getOriginalMessage();
        int cut = message.indexOf('\n');
        message = QUOTED.matcher(cut < 0 ? message : message.substring(0, cut)).replaceAll("'…'");
        message = message.replaceAll("\\(code \\d+\\)", "").replaceAll("\\s+", " ").strip();
        JsonLocation at = j.getLocation();
        return at == null || at.getLineNr() < 0
                ? message
                : message + " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }
}
