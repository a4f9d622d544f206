package io.tributary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every relative link of README.md and docs/*.md (outside code) names an existing file and, after
 * {@code #}, one of its headings, as GitHub makes their anchors.
 */
class DocsLinksTest {
    static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    @Test
    void everyRelativeLinkOfTheDocsNamesAFileAndOneOfItsHeadings() throws Exception {
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path page : DocsExamplesTest.pages()) {
            boolean fenced = false;
            int n = 0;
            for (String line : Files.readAllLines(page)) {
                n++;
                if (line.startsWith("```")) {
                    fenced = !fenced;
                }
                if (fenced || line.startsWith("```")) {
                    continue;
                }
                Matcher m = LINK.matcher(line.replaceAll("`[^`]*`", ""));
                while (m.find()) {
                    String target = m.group(1);
                    if (target.matches("^[a-z]+:.*")) {
                        continue; // https:, mailto:
                    }
                    links++;
                    String problem = resolve(page, target);
                    if (problem != null) {
                        broken.add(page + ":" + n + ": (" + target + ") " + problem);
                    }
                }
            }
        }
        assertTrue(links > 100, "the docs' links were found: " + links);
        assertEquals(List.of(), broken);
    }

    /** Null when {@code target} leads somewhere from {@code page}, else why not. */
    static String resolve(Path page, String target) throws Exception {
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        Path file = path.isEmpty() ? page : page.resolveSibling(path).normalize();
        if (!Files.exists(file)) {
            return "no such file " + file;
        }
        if (hash < 0) {
            return null;
        }
        String anchor = target.substring(hash + 1);
        return anchors(file).contains(anchor) ? null : "no heading #" + anchor + " in " + file;
    }

    /**
     * A page's headings as GitHub makes their anchors: lower case, punctuation gone, '-' for ' '.
     */
    static Set<String> anchors(Path page) throws Exception {
        Set<String> anchors = new java.util.HashSet<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(page)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            }
            Matcher m = Pattern.compile("^#{1,6} (.*)").matcher(line);
            if (!fenced && m.matches()) {
                anchors.add(
                        m.group(1)
                                .strip()
                                .toLowerCase(java.util.Locale.ROOT)
                                .replaceAll("[^\\p{L}\\p{N}_\\- ]", "")
                                .replace(' ', '-'));
            }
        }
        return anchors;
    }

    @Test
    void aMissingHeadingOrFileIsFound() throws Exception {
        assertEquals(null, resolve(Path.of("README.md"), "docs/pagination.md#graphql"));
        assertTrue(resolve(Path.of("README.md"), "docs/pagination.md#graph-ql") != null);
        assertTrue(
                resolve(Path.of("docs/README.md"), "pagination.md#parent---child-streams") == null);
        assertTrue(resolve(Path.of("docs/README.md"), "../docs/nothing.md") != null);
    }

    @Test
    void theEditorSettingsOfTheParametersPageNameTheSchemasTributaryWrites() throws Exception {
        String page = Files.readString(Path.of("docs/connector-parameters.md"));
        int start = page.indexOf("```json\n", page.indexOf("## Editor support")) + 8;
        com.fasterxml.jackson.databind.JsonNode schemas =
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(page.substring(start, page.indexOf("```", start)))
                        .get("yaml.schemas");

        assertEquals(
                "routes/*.camel.yaml",
                schemas.get(io.tributary.cli.NewCommand.ROUTE_SCHEMA).get(0).asText(),
                "the route files' schema is the one `new` names");
        assertEquals(
                "routes/*.schema.yaml",
                schemas.get("./" + io.tributary.cli.NewCommand.SCHEMA_FILE_SCHEMA).get(0).asText());
        assertTrue(Files.exists(Path.of(io.tributary.cli.NewCommand.SCHEMA_FILE_SCHEMA)));
    }
}
