package io.tributary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/troubleshooting.md quotes messages Tributary prints: each fixed part of each quoted message
 * (what lies between its {@code <...>} stand-ins, quotes, placeholders and {@code ...}) is text of
 * the code, so a page that names a message no one prints any more fails here.
 */
class TroubleshootingDocsTest {
    static final Path PAGE = Path.of("docs/troubleshooting.md");

    /** Where a message's variable parts may have been joined in: the fixed text is between them. */
    static final Pattern BETWEEN = Pattern.compile("<[^>]*>|\\.\\.\\.|'|\\{\\{|}}|\\?|;|: |\\[|]");

    /** The code's string literals, each message's concatenated pieces joined as it prints them. */
    static String code() throws Exception {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                all.append(Files.readString(f));
            }
        }
        return all.toString().replaceAll("\"\\s*\\+\\s*\"", "").replace("\\\"", "\"");
    }

    /** The fixed parts of the first cell's quoted messages of each table row. */
    static List<String> fixedParts(String page) {
        List<String> parts = new ArrayList<>();
        for (String row : page.lines().filter(l -> l.startsWith("| `")).toList()) {
            String cell = row.substring(2, row.indexOf(" | ", 2));
            Matcher quoted = Pattern.compile("`([^`]+)`").matcher(cell);
            while (quoted.find()) {
                for (String part : BETWEEN.split(quoted.group(1))) {
                    String fixed = part.replaceAll("^[\\s:,()]+|[\\s:,()]+$", "");
                    if (fixed.length() >= 12) {
                        parts.add(fixed);
                    }
                }
            }
        }
        return parts;
    }

    @Test
    void everyMessageThePageQuotesIsOneTheCodePrints() throws Exception {
        String code = code();
        List<String> parts = fixedParts(Files.readString(PAGE));

        assertTrue(parts.size() > 50, "the page's messages were found: " + parts.size());
        assertEquals(List.of(), parts.stream().filter(p -> !code.contains(p)).toList());
    }

    @Test
    void aMessageNoOnePrintsIsFound() throws Exception {
        List<String> parts =
                fixedParts("| `connector '<id>': the page was eaten by a grue` | never |\n");

        assertEquals(List.of("the page was eaten by a grue"), parts);
        assertTrue(!code().contains(parts.get(0)));
    }
}
