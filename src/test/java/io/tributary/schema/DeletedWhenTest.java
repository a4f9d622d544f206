package io.tributary.schema;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The schema file's {@code deletedWhen}: its two forms, what they match, and its mistakes. */
class DeletedWhenTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String WHERE = "routes/tickets.schema.yaml";
    private static final String COLUMNS = "primaryKey: id\ncolumns:\n  id: integer\n";

    private static DeletedWhen flag(String spec) throws IOException {
        return TargetSchema.parse(WHERE, YAML.readTree(COLUMNS + "deletedWhen: " + spec))
                .deletedWhen();
    }

    private static JsonNode record(String json) throws IOException {
        return new ObjectMapper().readTree(json);
    }

    private static String fails(String spec) {
        return assertThrows(SchemaException.class, () -> flag(spec)).getMessage();
    }

    @Test
    void equalsMatchesTheFlagsValueAsText() throws IOException {
        DeletedWhen zendesk = flag("{path: /status, equals: deleted}");
        assertTrue(zendesk.matches(record("{\"id\": 1, \"status\": \"deleted\"}")));
        assertFalse(zendesk.matches(record("{\"id\": 1, \"status\": \"solved\"}")));
        assertFalse(zendesk.matches(record("{\"id\": 1}")));
        DeletedWhen salesforce = flag("{path: $.IsDeleted, equals: true}");
        assertTrue(salesforce.matches(record("{\"IsDeleted\": true}")));
        assertTrue(salesforce.matches(record("{\"IsDeleted\": \"true\"}")));
        assertFalse(salesforce.matches(record("{\"IsDeleted\": false}")));
        assertFalse(salesforce.matches(record("{\"IsDeleted\": {\"v\": true}}")));
    }

    @Test
    void notNullMatchesAFieldPresentAndNotNull() throws IOException {
        DeletedWhen archived = flag("{path: /archived_at, notNull: true}");
        assertTrue(archived.matches(record("{\"archived_at\": \"2026-03-01T10:00:00Z\"}")));
        assertFalse(archived.matches(record("{\"archived_at\": null}")));
        assertFalse(archived.matches(record("{}")));
    }

    @Test
    void aSchemaWithoutItHasNoFlag() throws IOException {
        assertNull(TargetSchema.parse(WHERE, YAML.readTree(COLUMNS)).deletedWhen());
    }

    @Test
    void itsMistakesNameTheFileAndTheField() {
        assertTrue(
                fails("{path: /deleted}").contains(WHERE + ": field 'deletedWhen' needs one of"));
        assertTrue(fails("{path: /a, equals: x, notNull: true}").contains("needs one of"));
        assertTrue(
                fails("{path: /a, notNull: false}")
                        .contains("'deletedWhen.notNull' value 'false' must be true"));
        assertTrue(fails("{path: /a, equals: [1, 2]}").contains("must be a single value"));
        assertTrue(fails("{path: deleted, equals: true}").contains("must be a JSON pointer"));
        assertTrue(fails("{path: /a, equal: true}").contains("'deletedWhen.equal' is unknown"));
        assertTrue(fails("deleted").contains("must be {path: /deleted, equals: true}"));
    }
}
