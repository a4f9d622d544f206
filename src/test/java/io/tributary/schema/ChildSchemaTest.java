package io.tributary.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A schema's {@code children}: the declaration, the key columns and the rows of each element. */
class ChildSchemaTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String WHERE = "routes/orders.schema.yaml";
    private static final String ORDERS =
            String.join(
                    "\n",
                    "primaryKey: [shop, id]",
                    "columns:",
                    "  shop: {type: string}",
                    "  id: {type: integer}",
                    "children:",
                    "  lines:",
                    "    path: line_items",
                    "    columns:",
                    "      sku: {type: string}",
                    "      qty: {type: integer, path: quantity, required: true}",
                    "    children:",
                    "      discounts: {path: discount_allocations, columns: {amount: decimal}}",
                    "  tags: {path: $.tags, type: string}",
                    "");

    private static TargetSchema parse(String yaml) throws IOException {
        return TargetSchema.parse(WHERE, YAML.readTree(yaml));
    }

    private static String parseFails(String yaml) {
        return assertThrows(SchemaException.class, () -> parse(yaml)).getMessage();
    }

    private static JsonNode json(String text) throws IOException {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void eachLevelIsKeyedByTheTopLevelKeyThePositionsAboveItAndItsOwnPosition() throws Exception {
        List<ChildTable> tables = ChildTable.of(parse(ORDERS));

        assertEquals(
                List.of("lines", "lines__discounts", "tags"),
                tables.stream().map(ChildTable::suffix).toList());
        assertEquals(
                List.of("_parent_shop", "_parent_id", "_position"), tables.get(0).keyColumns());
        assertEquals(
                List.of("_parent_shop", "_parent_id", "_lines_position", "_position"),
                tables.get(1).keyColumns());
        assertEquals(ColumnType.INTEGER, tables.get(1).table().columns().get(1).type());
        assertEquals("value", tables.get(2).table().columns().get(3).name());
    }

    @Test
    void aRecordCarriesItsChildRowsBesideItsRow() throws Exception {
        SchemaRecordMapper mapper = new SchemaRecordMapper(parse(ORDERS));
        Object[] row =
                mapper.map(
                        json(
                                "{\"shop\":\"s1\",\"id\":7,\"tags\":[\"vip\",\"gift\"],"
                                        + "\"line_items\":[{\"sku\":\"A\",\"quantity\":2},"
                                        + "{\"sku\":\"B\",\"quantity\":\"3\",\"discount_allocations\":[{\"amount\":\"1.50\"}]}]}"));

        NestedRows nested = (NestedRows) row[row.length - 1];
        assertArrayEquals(new Object[] {"s1", 7L, 0L, "A", 2L}, nested.of(0).get(0));
        assertArrayEquals(new Object[] {"s1", 7L, 1L, "B", 3L}, nested.of(0).get(1));
        assertArrayEquals(
                new Object[] {"s1", 7L, 1L, 0L, new java.math.BigDecimal("1.50")},
                nested.of(1).get(0));
        assertArrayEquals(new Object[] {"s1", 7L, 1L, "gift"}, nested.of(2).get(1));
        assertEquals(5, nested.count());
    }

    @Test
    void anElementThatDoesNotFitRejectsTheRecordNamingItsPlace() throws Exception {
        SchemaRecordMapper mapper = new SchemaRecordMapper(parse(ORDERS));

        RecordRejectedException missing =
                assertThrows(
                        RecordRejectedException.class,
                        () ->
                                mapper.map(
                                        json(
                                                "{\"shop\":\"s\",\"id\":1,\"line_items\":[{\"sku\":\"A\"}]}")));
        RecordRejectedException notAnArray =
                assertThrows(
                        RecordRejectedException.class,
                        () ->
                                mapper.map(
                                        json(
                                                "{\"shop\":\"s\",\"id\":1,\"line_items\":{\"sku\":\"A\"}}")));
        RecordRejectedException nestedTag =
                assertThrows(
                        RecordRejectedException.class,
                        () ->
                                mapper.map(
                                        json(
                                                "{\"shop\":\"s\",\"id\":1,\"tags\":[\"a\",[\"b\"]]}")));

        assertEquals("line_items[0].qty", missing.field());
        assertTrue(missing.reason().contains("required"), missing.reason());
        assertEquals("line_items", notAnArray.field());
        assertEquals("tags[1]", nestedTag.field());
    }

    @Test
    void declarationsThatCannotWorkAreRefusedNamingTheField() {
        assertTrue(
                parseFails(ORDERS.replace("path: line_items", "path: line_items\n    table: x"))
                        .contains("'children.lines.table' is unknown"));
        assertTrue(
                parseFails(ORDERS.replace("sku: {type: string}", "_sku: {type: string}"))
                        .contains("'children.lines.columns._sku'"));
        assertTrue(
                parseFails(
                                ORDERS.replace(
                                        "tags: {path: $.tags, type: string}", "tags: {path: tags}"))
                        .contains("either 'columns'"));
        assertTrue(
                parseFails(ORDERS.replace("qty: {type: integer,", "qty: {type: count,"))
                        .contains("children.lines.columns.qty.type"));
        assertTrue(parseFails(ORDERS.replace("  lines:", "  line__items:")).contains("'__'"));
        assertTrue(
                parseFails(ORDERS.replace("path: line_items", "path: $"))
                        .contains("'children.lines.path' must name the array"));
    }
}
