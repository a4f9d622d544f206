package io.tributary.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/**
 * Timestamps written without an offset (Pipedrive's {@code 2024-01-02 01:38:54}, legacy exports)
 * are read in the column's {@code zone}; without one they are refused with a reason that says what
 * to add.
 */
class TimestampZoneTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String FILE = "routes/pipedrive-deals.schema.yaml";

    private static TargetSchema schema(String column) throws Exception {
        return TargetSchema.parse(
                FILE,
                YAML.readTree(
                        "primaryKey: id\ncolumns:\n  id: {type: string, default: x}\n  update_time: "
                                + column
                                + "\n"));
    }

    private static Object read(String column, String text) throws Exception {
        TargetSchema schema = schema(column);
        return new SchemaRecordMapper(schema)
                .map(SourceJson.mapper().createObjectNode().put("update_time", text))[
                schema.indexOf("update_time")];
    }

    @Test
    void pipedrivesTimestampWithoutOffsetIsReadInTheDeclaredZone() throws Exception {
        assertEquals(
                OffsetDateTime.parse("2024-01-02T01:38:54Z"),
                read("{type: timestamp, zone: UTC}", "2024-01-02 01:38:54"));
        assertEquals(
                OffsetDateTime.parse("2024-07-01T10:00:00Z"),
                read("{type: timestamp, zone: Europe/Berlin}", "2024-07-01T12:00:00"));
        assertEquals(
                OffsetDateTime.parse("2024-01-15T11:00:00Z"),
                read("{type: timestamp, zone: Europe/Berlin}", "2024-01-15 12:00:00"));
    }

    @Test
    void anOffsetInTheTextWinsOverTheZone() throws Exception {
        assertEquals(
                OffsetDateTime.parse("2024-01-02T00:38:54Z"),
                read("{type: timestamp, zone: UTC}", "2024-01-02T01:38:54+01:00"));
        assertEquals(
                OffsetDateTime.parse("2024-01-02T00:38:54Z"),
                read("{type: timestamp, zone: UTC}", "2024-01-02 01:38:54+01:00"));
    }

    @Test
    void aPatternWithoutOffsetIsReadInTheZone() throws Exception {
        assertEquals(
                OffsetDateTime.parse("2024-03-01T08:30:00Z"),
                read(
                        "{type: timestamp, format: \"dd.MM.yyyy HH:mm\", zone: Europe/Berlin}",
                        "01.03.2024 09:30"));
    }

    @Test
    void withoutZoneTheReasonSaysThereIsNoOffsetAndWhatToAddWhere() throws Exception {
        RecordRejectedException e =
                assertThrows(
                        RecordRejectedException.class,
                        () -> read("{type: timestamp}", "2024-01-02 01:38:54"));
        assertEquals("update_time", e.field());
        assertEquals("2024-01-02 01:38:54", e.value());
        assertEquals(
                "the text has no offset (such as Z or +02:00) and column 'update_time' declares no zone; add 'zone: UTC' "
                        + "(or the source's zone, such as Europe/Berlin) to column 'update_time' in "
                        + FILE,
                e.reason());
    }

    @Test
    void aTextThatIsNoTimestampIsRefusedWithoutJavasInternalText() throws Exception {
        RecordRejectedException e =
                assertThrows(
                        RecordRejectedException.class,
                        () -> read("{type: timestamp, zone: UTC}", "yesterday"));
        assertEquals(
                "not a valid timestamp: does not match format iso (from character 1)", e.reason());
        assertFalse(e.reason().contains("could not be parsed"), e.reason());
    }

    @Test
    void aPatternThatCanNeverNameAnInstantIsRefusedAtStartUp() {
        SchemaException e =
                assertThrows(
                        SchemaException.class,
                        () -> schema("{type: timestamp, format: \"yyyy-MM-dd HH:mm:ss\"}"));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                FILE
                                        + ": field 'columns.update_time.format' value 'yyyy-MM-dd HH:mm:ss' has no offset"),
                e.getMessage());
        assertTrue(e.getMessage().contains("add 'zone: UTC'"), e.getMessage());
    }

    @Test
    void anUnknownZoneIsRefusedAtStartUpNamingFileColumnAndValue() {
        SchemaException e =
                assertThrows(
                        SchemaException.class,
                        () -> schema("{type: timestamp, zone: Europe/Atlantis}"));
        assertEquals(
                FILE
                        + ": field 'columns.update_time.zone' value 'Europe/Atlantis' is not a time zone; use UTC, an offset "
                        + "such as +02:00, or a region such as Europe/Berlin",
                e.getMessage());
        SchemaException onText =
                assertThrows(SchemaException.class, () -> schema("{type: string, zone: UTC}"));
        assertTrue(
                onText.getMessage()
                        .contains(
                                "'columns.update_time.zone' value 'UTC' applies to timestamp columns only"),
                onText.getMessage());
    }

    @Test
    void theCursorOfAZonedPatternIsWrittenInTheSourcesLocalTime() throws Exception {
        Column column =
                schema("{type: timestamp, format: \"yyyy-MM-dd HH:mm:ss\", zone: Europe/Berlin}")
                        .columns()
                        .get(1);
        String text =
                SchemaRecordMapper.formatText(column, OffsetDateTime.parse("2024-07-01T10:00:00Z"));
        assertEquals("2024-07-01 12:00:00", text);
        assertEquals(
                OffsetDateTime.parse("2024-07-01T10:00:00Z"),
                SchemaRecordMapper.parseText(column, text));
    }
}
