package io.tributary.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SchemaRecordMapperTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Configured like the connector's body parser. */
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static final OffsetDateTime MARCH_FIRST_8_UTC =
            OffsetDateTime.of(2024, 3, 1, 8, 0, 0, 0, ZoneOffset.UTC);

    /**
     * Maps {@code record} with a schema of column {@code id} plus {@code column} and returns the
     * value of {@code v}.
     */
    private static Object map(String column, String record)
            throws IOException, RecordRejectedException {
        TargetSchema schema =
                TargetSchema.parse(
                        "test.schema.yaml",
                        YAML.readTree(
                                "primaryKey: id\ncolumns:\n  id: {type: string, default: x}\n  v: "
                                        + column
                                        + "\n"));
        return new SchemaRecordMapper(schema).map(JSON.readTree(record))[schema.indexOf("v")];
    }

    private static RecordRejectedException rejects(String column, String record) {
        return assertThrows(RecordRejectedException.class, () -> map(column, record));
    }

    private static Column timestamp(String format) {
        return new Column("ts", ColumnType.TIMESTAMP, "/ts", true, format, null);
    }

    @Test
    void readsANestedJsonPointerPath() throws Exception {
        assertEquals(
                "st-7",
                map("{type: string, path: /station/id}", "{\"station\":{\"id\":\"st-7\"}}"));
    }

    @Test
    void readsASimpleJsonPathAsANestedPath() throws Exception {
        assertEquals(
                new BigDecimal("12.5"),
                map("{type: decimal, path: $.wind.speed_kmh}", "{\"wind\":{\"speed_kmh\":12.5}}"));
    }

    @Test
    void readsAStringAsText() throws Exception {
        assertEquals("hello", map("string", "{\"v\":\"hello\"}"));
    }

    @Test
    void readsAnIntegerFromANumberOrText() throws Exception {
        assertEquals(42L, map("integer", "{\"v\":42}"));
        assertEquals(42L, map("integer", "{\"v\":\" 42 \"}"));
    }

    @Test
    void keepsEveryDigitOfADecimalGivenAsText() throws Exception {
        assertEquals(
                new BigDecimal("12345678901234567890.123456789"),
                map("decimal", "{\"v\":\"12345678901234567890.123456789\"}"));
    }

    @Test
    void keepsEveryDigitOfADecimalGivenAsANumber() throws Exception {
        assertEquals(
                new BigDecimal("12345678901234567890.123456789"),
                map("decimal", "{\"v\":12345678901234567890.123456789}"));
    }

    @Test
    void readsABooleanFromJsonOrText() throws Exception {
        assertEquals(true, map("boolean", "{\"v\":true}"));
        assertEquals(false, map("boolean", "{\"v\":\"False\"}"));
    }

    @Test
    void readsAnIsoDate() throws Exception {
        assertEquals(LocalDate.of(2024, 3, 1), map("date", "{\"v\":\"2024-03-01\"}"));
    }

    @Test
    void readsADateWithAnExplicitPattern() throws Exception {
        assertEquals(
                LocalDate.of(2024, 3, 1),
                map("{type: date, format: dd.MM.yyyy}", "{\"v\":\"01.03.2024\"}"));
    }

    @Test
    void readsAnIsoTimestampInUtc() throws Exception {
        assertEquals(
                OffsetDateTime.of(2024, 3, 1, 10, 0, 0, 0, ZoneOffset.UTC),
                map("timestamp", "{\"v\":\"2024-03-01T10:00:00Z\"}"));
    }

    @Test
    void normalisesAnIsoTimestampWithAColonOffsetToUtc() throws Exception {
        assertEquals(MARCH_FIRST_8_UTC, map("timestamp", "{\"v\":\"2024-03-01T10:00:00+02:00\"}"));
    }

    @Test
    void normalisesAnIsoTimestampWithASalesforceStyleOffsetToUtc() throws Exception {
        assertEquals(
                MARCH_FIRST_8_UTC, map("timestamp", "{\"v\":\"2024-03-01T10:00:00.000+0200\"}"));
    }

    @Test
    void rejectsAnIsoTimestampWithoutAnOffset() {
        RecordRejectedException e = rejects("timestamp", "{\"v\":\"2024-03-01T10:00:00\"}");
        assertEquals("v", e.field());
        assertEquals("2024-03-01T10:00:00", e.value());
    }

    @Test
    void readsEpochSecondsAsUtc() throws Exception {
        assertEquals(
                MARCH_FIRST_8_UTC,
                map("{type: timestamp, format: epoch-seconds}", "{\"v\":1709280000}"));
    }

    @Test
    void readsEpochMillisAsUtc() throws Exception {
        assertEquals(
                MARCH_FIRST_8_UTC,
                map("{type: timestamp, format: epoch-millis}", "{\"v\":\"1709280000000\"}"));
    }

    @Test
    void readsATimestampWithAnExplicitPatternAsUtc() throws Exception {
        assertEquals(
                MARCH_FIRST_8_UTC,
                map(
                        "{type: timestamp, format: 'dd/MM/yyyy HH:mm XX'}",
                        "{\"v\":\"01/03/2024 10:00 +0200\"}"));
    }

    @Test
    void givesAJsonColumnTheValueAsJsonText() throws Exception {
        Object value = map("json", "{\"v\":{\"tags\":[\"a\",1],\"ok\":true}}");
        assertEquals(
                JSON.readTree("{\"tags\":[\"a\",1],\"ok\":true}"), JSON.readTree((String) value));
    }

    @Test
    void usesTheDefaultWhenTheFieldIsMissing() throws Exception {
        assertEquals(0L, map("{type: integer, default: 0}", "{}"));
    }

    @Test
    void usesTheDefaultWhenTheFieldIsNull() throws Exception {
        assertEquals(
                "celsius", map("{type: string, required: true, default: celsius}", "{\"v\":null}"));
    }

    @Test
    void givesNullForAMissingOptionalField() throws Exception {
        assertNull(map("string", "{}"));
    }

    @Test
    void rejectsARecordMissingARequiredField() {
        RecordRejectedException e =
                rejects("{type: string, path: /station/id, required: true}", "{\"station\":{}}");
        assertEquals("v", e.field());
        assertNull(e.value());
        assertTrue(
                e.reason().contains("required") && e.reason().contains("/station/id"), e.reason());
    }

    @Test
    void rejectsAnUnparseableValueNamingFieldAndValue() {
        RecordRejectedException e = rejects("integer", "{\"v\":\"forty-two\"}");
        assertEquals("v", e.field());
        assertEquals("forty-two", e.value());
        assertTrue(e.reason().contains("integer"), e.reason());
        assertTrue(
                e.getMessage().contains("'v'") && e.getMessage().contains("forty-two"),
                e.getMessage());
    }

    @Test
    void rejectsAFractionForAnIntegerColumn() {
        assertEquals("1.5", rejects("integer", "{\"v\":1.5}").value());
    }

    @Test
    void rejectsAnObjectForAStringColumn() {
        assertEquals("{\"a\":1}", rejects("string", "{\"v\":{\"a\":1}}").value());
    }

    @Test
    void rejectsARecordThatIsNotAnObject() throws IOException {
        TargetSchema schema =
                TargetSchema.parse("t", YAML.readTree("primaryKey: id\ncolumns:\n  id: string\n"));
        RecordRejectedException e =
                assertThrows(
                        RecordRejectedException.class,
                        () -> new SchemaRecordMapper(schema).map(JSON.readTree("[1,2]")));
        assertEquals("$", e.field());
    }

    @Test
    void truncatesAVeryLongRejectedValue() {
        String value = "x".repeat(500);
        assertEquals(203, rejects("integer", "{\"v\":\"" + value + "\"}").value().length());
    }

    @Test
    void parsesTextTheWayTheColumnReadsIt() throws Exception {
        assertEquals(
                MARCH_FIRST_8_UTC,
                SchemaRecordMapper.parseText(timestamp(null), "2024-03-01T10:00:00+0200"));
        assertEquals(
                MARCH_FIRST_8_UTC,
                SchemaRecordMapper.parseText(timestamp("epoch-seconds"), "1709280000"));
        assertEquals(
                7L,
                SchemaRecordMapper.parseText(
                        new Column("n", ColumnType.INTEGER, "/n", true, null, null), "7"));
    }

    @Test
    void parseTextRejectsTextTheColumnCannotRead() {
        RecordRejectedException e =
                assertThrows(
                        RecordRejectedException.class,
                        () -> SchemaRecordMapper.parseText(timestamp(null), "yesterday"));
        assertEquals("ts", e.field());
        assertEquals("yesterday", e.value());
    }

    @Test
    void rejectsATimestampOnADayThatDoesNotExist() {
        RecordRejectedException e = rejects("timestamp", "{\"v\":\"2024-02-30T10:00:00Z\"}");
        assertEquals("2024-02-30T10:00:00Z", e.value());
    }

    @Test
    void aJsonDefaultIsTheJsonValueNotAString() throws Exception {
        assertEquals("[]", map("{type: json, default: \"[]\"}", "{}"));
    }

    @Test
    void aBadDatePatternIsReportedWithTheSchemaFile() {
        SchemaException e =
                assertThrows(
                        SchemaException.class,
                        () -> map("{type: date, format: \"yyyy-MM-dd'\"}", "{}"));
        assertTrue(
                e.getMessage().startsWith("test.schema.yaml: field 'columns.v.format'"),
                e.getMessage());
    }

    @Test
    void formatTextWritesWhatParseTextReadsBackForEveryCursorFormat() throws Exception {
        OffsetDateTime t = OffsetDateTime.of(2026, 11, 26, 1, 2, 3, 0, ZoneOffset.UTC);
        for (String format :
                new String[] {
                    null, "iso", "epoch-seconds", "epoch-millis", "yyyy-MM-dd HH:mm:ssXX"
                }) {
            Column c = timestamp(format);
            String text = SchemaRecordMapper.formatText(c, t);
            assertEquals(t, SchemaRecordMapper.parseText(c, text), format + " -> " + text);
        }
        assertEquals("1795654923", SchemaRecordMapper.formatText(timestamp("epoch-seconds"), t));
        assertEquals("2026-11-26T01:02:03Z", SchemaRecordMapper.formatText(timestamp(null), t));
        Column day = new Column("d", ColumnType.DATE, "/d", true, "dd.MM.yyyy", null);
        assertEquals(
                LocalDate.of(2026, 2, 1),
                SchemaRecordMapper.parseText(
                        day, SchemaRecordMapper.formatText(day, LocalDate.of(2026, 2, 1))));
        Column amount = new Column("a", ColumnType.DECIMAL, "/a", true, null, null);
        assertEquals("0.00000001", SchemaRecordMapper.formatText(amount, new BigDecimal("1E-8")));
    }
}
