package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.http.SourceResponseException;
import io.tributary.schema.Column;
import io.tributary.schema.ColumnType;
import io.tributary.schema.TargetSchema;
import io.tributary.support.PagedApi;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A parent's values in a child's url, request body and records. */
class ParentSlicesTest {
    static final TargetSchema ISSUES =
            new TargetSchema(
                    "issues.schema.yaml",
                    List.of(
                            new Column("id", ColumnType.STRING, "/id", true, null, null),
                            new Column(
                                    "project_id",
                                    ColumnType.STRING,
                                    "/project/id",
                                    true,
                                    null,
                                    null),
                            new Column(
                                    "project_seq",
                                    ColumnType.INTEGER,
                                    "/project_seq",
                                    false,
                                    null,
                                    null)),
                    List.of("id"),
                    null);
    final ParentSlices slices =
            new ParentSlices(
                    "issues",
                    "projects",
                    null,
                    "id,name,seq",
                    "project_id=id,project_seq=seq",
                    ISSUES);
    final ParentSlices.Slice p1 =
            new ParentSlices.Slice("P 1", Map.of("id", "P 1", "name", "say \"hi\"", "seq", 7));

    /** The child's requests for one parent, as {@link RequestTemplate} fills them. */
    static io.tributary.http.PageRequest request(
            String url, String body, ParentSlices.Slice slice) {
        return new RequestTemplate("issues", url, null, body, "json", null, null)
                .request(new RequestTemplate.Values(slice, null, null, null, null));
    }

    @Test
    void placeholdersInAUrlBecomeTheParentsEncodedValues() {
        io.tributary.http.PageRequest r =
                request(
                        "https://tracker.example.com/api/projects/{parent.id}/issues?name={parent.name}&key={parent}",
                        null,
                        p1);

        assertEquals(
                "https://tracker.example.com/api/projects/P%201/issues?name=say%20%22hi%22&key=P%201",
                r.endpoint() + "?" + r.encodedQuery());
    }

    @Test
    void placeholdersInARequestBodyStayInsideTheirJsonString() {
        assertEquals(
                "{\"filter\": {\"project\": \"say \\\"hi\\\"\"}}",
                request(
                                "https://tracker.example.com/api/issues",
                                "{\"filter\": {\"project\": \"{parent.name}\"}}",
                                p1)
                        .body());
    }

    @Test
    void aFieldTheParentDoesNotHaveFailsNamingItsFields() {
        SourceResponseException e =
                assertThrows(
                        SourceResponseException.class,
                        () -> request("https://tracker.example.com/{parent.owner}", null, p1));
        assertTrue(e.getMessage().contains("parent P 1 has no field 'owner'"), e.getMessage());
    }

    @Test
    void aStreamRunWithoutAParentIsToldHowToGiveOne() {
        SourceResponseException e =
                assertThrows(
                        SourceResponseException.class,
                        () ->
                                request(
                                        "https://tracker.example.com/{parent}",
                                        null,
                                        ParentSlices.Slice.NONE));
        assertTrue(
                e.getMessage()
                        .contains(
                                "declare parent or parentQuery, or call it with header TributaryParent"),
                e.getMessage());
    }

    @Test
    void parentColumnsAreWrittenAtTheirColumnsPathsInACopyOfTheRecord() {
        JsonNode record =
                PagedApi.tree("{\"id\":\"I-1\",\"project\":{\"id\":\"wrong\",\"name\":\"kept\"}}");

        JsonNode filled = slices.withParent(record, p1);

        assertEquals(
                "{\"id\":\"I-1\",\"project\":{\"id\":\"P 1\",\"name\":\"kept\"},\"project_seq\":7}",
                filled.toString());
        assertEquals(
                "wrong",
                record.at("/project/id").asText(),
                "the page's record itself is unchanged");
    }

    @Test
    void aParentNamedByItsKeyAloneFillsItsKey() {
        JsonNode filled =
                new ParentSlices("issues", "projects", null, "id", "project_id=id", ISSUES)
                        .withParent(
                                PagedApi.tree("{\"id\":\"I-1\"}"),
                                new ParentSlices.Slice("P7", Map.of()));

        assertEquals("P7", filled.at("/project/id").asText());
    }
}
