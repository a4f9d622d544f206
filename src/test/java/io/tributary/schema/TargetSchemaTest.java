package io.tributary.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetSchemaTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String WHERE = "routes/weather.schema.yaml";

    @TempDir Path dir;

    private static TargetSchema parse(String yaml) throws IOException {
        return TargetSchema.parse(WHERE, YAML.readTree(yaml));
    }

    private static SchemaException parseFails(String yaml) {
        return assertThrows(SchemaException.class, () -> parse(yaml));
    }

    private static void assertMentions(SchemaException e, String... parts) {
        for (String part : parts) {
            assertTrue(
                    e.getMessage().contains(part),
                    () -> "expected '" + part + "' in: " + e.getMessage());
        }
    }

    @Test
    void loadsAValidSchemaFile() throws IOException {
        Path file =
                Files.writeString(
                        dir.resolve("weather.schema.yaml"),
                        String.join(
                                "\n",
                                "primaryKey: [id]",
                                "cursorField: observed_at",
                                "columns:",
                                "  id:            {type: string, required: true}",
                                "  station_id:    {type: string, path: /station/id, required: true}",
                                "  observed_at:   {type: timestamp, required: true, format: epoch-seconds}",
                                "  wind_speed:    {type: decimal, path: $.wind.speed_kmh}",
                                "  unit:          {type: string, default: celsius}",
                                "  tags:          json",
                                ""));

        TargetSchema schema = TargetSchema.load(file);

        assertEquals(file.toString(), schema.source());
        assertEquals(List.of("id"), schema.primaryKey());
        assertEquals("observed_at", schema.cursorField());
        assertEquals(
                List.of(
                        new Column("id", ColumnType.STRING, "/id", true, null, null),
                        new Column(
                                "station_id", ColumnType.STRING, "/station/id", true, null, null),
                        new Column(
                                "observed_at",
                                ColumnType.TIMESTAMP,
                                "/observed_at",
                                true,
                                "epoch-seconds",
                                null),
                        new Column(
                                "wind_speed",
                                ColumnType.DECIMAL,
                                "/wind/speed_kmh",
                                false,
                                null,
                                null),
                        new Column("unit", ColumnType.STRING, "/unit", false, null, "celsius"),
                        new Column("tags", ColumnType.JSON, "/tags", false, null, null)),
                schema.columns());
    }

    @Test
    void makesPrimaryKeyColumnsRequired() throws IOException {
        TargetSchema schema = parse("primaryKey: code\ncolumns:\n  code: string\n");
        assertTrue(schema.columns().get(0).required());
    }

    @Test
    void hasNoCursorFieldWhenNoneIsDeclared() throws IOException {
        assertNull(parse("primaryKey: id\ncolumns:\n  id: string\n").cursorField());
    }

    @Test
    void findsTheIndexOfAColumnByName() throws IOException {
        TargetSchema schema = parse("primaryKey: id\ncolumns:\n  id: string\n  n: integer\n");
        assertEquals(1, schema.indexOf("n"));
        assertEquals(-1, schema.indexOf("missing"));
    }

    @Test
    void rejectsAnUnknownTypeNamingFileFieldAndValue() {
        assertMentions(
                parseFails("primaryKey: id\ncolumns:\n  id: {type: text}\n"),
                WHERE,
                "columns.id.type",
                "'text'",
                "string, integer");
    }

    @Test
    void rejectsAnUnknownTypeInTheShorthandForm() {
        assertMentions(
                parseFails("primaryKey: id\ncolumns:\n  id: varchar\n"),
                WHERE,
                "columns.id",
                "'varchar'");
    }

    @Test
    void rejectsAColumnWithoutAType() {
        assertMentions(
                parseFails("primaryKey: id\ncolumns:\n  id: {required: true}\n"),
                WHERE,
                "columns.id.type");
    }

    @Test
    void rejectsAnUnknownColumnKeyNamingFileAndField() {
        assertMentions(
                parseFails("primaryKey: id\ncolumns:\n  id: {type: string, nullable: false}\n"),
                WHERE,
                "columns.id.nullable",
                "unknown");
    }

    @Test
    void rejectsAColumnNameThatIsNotAValidIdentifier() {
        assertMentions(
                parseFails("primaryKey: id\ncolumns:\n  id: string\n  Bad-Name: string\n"),
                WHERE,
                "columns.Bad-Name",
                "'Bad-Name'",
                "not a valid identifier");
    }

    @Test
    void rejectsAPrimaryKeyNamingAnUndeclaredColumn() {
        assertMentions(
                parseFails("primaryKey: [id, uuid]\ncolumns:\n  id: string\n"),
                WHERE,
                "primaryKey",
                "'uuid'",
                "not a declared column");
    }

    @Test
    void rejectsASchemaWithoutAPrimaryKey() {
        assertMentions(parseFails("columns:\n  id: string\n"), WHERE, "primaryKey", "required");
    }

    @Test
    void rejectsACursorFieldNamingAnUndeclaredColumn() {
        assertMentions(
                parseFails("primaryKey: id\ncursorField: updated_at\ncolumns:\n  id: string\n"),
                WHERE,
                "cursorField",
                "'updated_at'",
                "not a declared column");
    }

    @Test
    void rejectsADefaultThatIsNotValidForTheColumnType() {
        assertMentions(
                parseFails(
                        "primaryKey: id\ncolumns:\n  id: string\n  n: {type: integer, default: many}\n"),
                WHERE,
                "columns.n.default",
                "'many'",
                "integer");
    }

    @Test
    void rejectsAPathThatIsNotAJsonPointer() {
        assertMentions(
                parseFails("primaryKey: id\ncolumns:\n  id: {type: string, path: station.id}\n"),
                WHERE,
                "columns.id.path",
                "'station.id'");
    }

    @Test
    void rejectsARequiredFlagThatIsNotABoolean() {
        assertMentions(
                parseFails("primaryKey: id\ncolumns:\n  id: {type: string, required: maybe}\n"),
                WHERE,
                "columns.id.required",
                "'maybe'");
    }

    @Test
    void rejectsAnUnknownTopLevelField() {
        assertMentions(
                parseFails("primaryKey: id\ntable: x\ncolumns:\n  id: string\n"), WHERE, "'table'");
    }

    @Test
    void rejectsASchemaWithoutColumns() {
        assertMentions(parseFails("primaryKey: id\n"), WHERE, "columns");
    }

    @Test
    void reportsAMissingFileWithItsPath() {
        Path missing = dir.resolve("nope.schema.yaml");
        SchemaException e = assertThrows(SchemaException.class, () -> TargetSchema.load(missing));
        assertMentions(e, missing.toString(), "not found");
    }

    @Test
    void reportsInvalidYamlWithThePathOfTheFile() throws IOException {
        Path file =
                Files.writeString(
                        dir.resolve("broken.schema.yaml"),
                        "primaryKey: id\ncolumns:\n  id: [string\n");
        SchemaException e = assertThrows(SchemaException.class, () -> TargetSchema.load(file));
        assertMentions(e, file.toString(), "not valid YAML");
    }

    @Test
    void reportsAnEmptyFileAsNotAMapping() throws IOException {
        Path file = Files.writeString(dir.resolve("empty.schema.yaml"), "");
        SchemaException e = assertThrows(SchemaException.class, () -> TargetSchema.load(file));
        assertMentions(e, file.toString(), "expected a mapping");
    }

    @Test
    void aDecimalScaleMustBeAWholeNumberOfDigitsOnADecimalColumn() throws IOException {
        assertEquals(
                2,
                parse(
                                "primaryKey: id\ncolumns:\n  id: string\n  price: {type: decimal, scale: 2}\n")
                        .columns()
                        .get(1)
                        .scale());
        assertMentions(
                parseFails(
                        "primaryKey: id\ncolumns:\n  id: string\n  price: {type: decimal, scale: two}\n"),
                WHERE,
                "'columns.price.scale' value 'two'",
                "whole number");
        assertMentions(
                parseFails(
                        "primaryKey: id\ncolumns:\n  id: string\n  price: {type: integer, scale: 2}\n"),
                "'columns.price.scale' value '2' applies to decimal columns only");
    }
}
