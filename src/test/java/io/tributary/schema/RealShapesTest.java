package io.tributary.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Schemas for four real APIs' records, with their transforms, mapped as a connector maps them. */
class RealShapesTest {
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    static CamelContext context;

    @BeforeAll
    static void camel() throws Exception {
        context = new DefaultCamelContext();
        context.start();
    }

    @AfterAll
    static void stop() {
        context.stop();
    }

    static TargetSchema schema(String name) {
        return TargetSchema.load(Path.of("src/test/resources/schema/" + name + ".schema.yaml"));
    }

    static Object[] map(TargetSchema schema, String json) throws Exception {
        return new SchemaRecordMapper(schema, context).map(JSON.readTree(json));
    }

    static Object value(TargetSchema schema, Object[] row, String column) {
        return row[schema.indexOf(column)];
    }

    static final String GITHUB_ISSUE =
            "{\"id\":1347,\"number\":1347,\"title\":\"Found a bug\",\"url\":\"https://api.github.com/repos/octocat/Hello-World/issues/1347\","
                    + "\"user\":{\"login\":\"octocat\",\"id\":1},\"labels\":[{\"id\":208045946,\"name\":\"bug\",\"color\":\"f29513\"},{\"name\":\"ui\"}],"
                    + "\"locked\":false,\"created_at\":\"2011-04-22T13:33:48Z\",\"updated_at\":\"2011-04-22T13:33:48Z\",\"closed_at\":null}";

    @Test
    void aGithubIssueMapsIsoTimestampsNestedLoginAnArrayElementAndAComputedSummary()
            throws Exception {
        TargetSchema s = schema("github-issues");
        Object[] row = map(s, GITHUB_ISSUE);
        assertEquals(1347L, value(s, row, "id"));
        assertEquals("octocat", value(s, row, "author"));
        assertEquals("bug", value(s, row, "first_label"));
        assertEquals(OffsetDateTime.parse("2011-04-22T13:33:48Z"), value(s, row, "updated_at"));
        assertNull(value(s, row, "closed_at"));
        assertEquals(false, value(s, row, "locked"));
        assertEquals("#1347 Found a bug", value(s, row, "summary"));
        JsonNode labels = JSON.readTree((String) value(s, row, "labels"));
        assertEquals(2, labels.size(), "the array is kept as JSON text, not [a, b]");
        assertEquals(java.util.List.of("url", "repository_url", "html_url"), s.drop());
    }

    static final String STRIPE_CHARGE =
            "{\"id\":\"ch_3MmlLrLkdIwHu7ix0snN0B15\",\"object\":\"charge\",\"amount\":1099,\"paid\":true,"
                    + "\"livemode\":true,\"created\":1679090539,\"payment_method_details\":{\"card\":{\"brand\":\"visa\",\"last4\":\"4242\"}},"
                    + "\"metadata\":{\"order_id\":\"6735\"}}";

    @Test
    void aStripeChargeMapsEpochSecondsCentsADefaultCurrencyAndTheCardBrand() throws Exception {
        TargetSchema s = schema("stripe-charges");
        Object[] row = map(s, STRIPE_CHARGE);
        assertEquals(OffsetDateTime.parse("2023-03-17T22:02:19Z"), value(s, row, "created"));
        assertEquals(1099L, value(s, row, "amount_cents"));
        assertEquals(
                new BigDecimal("1099"),
                value(s, row, "amount"),
                "computed from another column, cast to decimal");
        assertEquals("usd", value(s, row, "currency"));
        assertEquals("visa", value(s, row, "card_brand"));
        assertEquals("{\"order_id\":\"6735\"}", value(s, row, "metadata"));
    }

    @Test
    void theFilterLeavesOutStripeTestModeCharges() throws Exception {
        TargetSchema s = schema("stripe-charges");
        assertNull(map(s, STRIPE_CHARGE.replace("\"livemode\":true", "\"livemode\":false")));
    }

    @Test
    void aStripeChargeWithAnAmountThatIsNotAnIntegerIsRejectedNamingTheField() {
        TargetSchema s = schema("stripe-charges");
        RecordRejectedException e =
                assertThrows(
                        RecordRejectedException.class,
                        () ->
                                map(
                                        s,
                                        STRIPE_CHARGE.replace(
                                                "\"amount\":1099", "\"amount\":\"ten\"")));
        assertEquals("amount_cents", e.field());
        assertEquals("ten", e.value());
    }

    static final String SALESFORCE_ACCOUNT =
            "{\"attributes\":{\"type\":\"Account\",\"url\":\"/services/data/v59.0/sobjects/Account/001\"},"
                    + "\"Id\":\"0015g00000XyZabAAB\",\"Name\":\"Acme\",\"AnnualRevenue\":1.5E7,\"LastModifiedDate\":\"2024-03-01T09:00:00.000+0100\","
                    + "\"CreatedDate__c\":\"2024-02-29\",\"CloseDate__c\":\"12/31/2024\",\"Opened__c\":\"2024-03-01 10:00:00+0000\"}";

    @Test
    void aSalesforceAccountMapsOffsetsWithoutAColonADateAndExplicitPatterns() throws Exception {
        TargetSchema s = schema("salesforce-accounts");
        Object[] row = map(s, SALESFORCE_ACCOUNT);
        assertEquals(
                OffsetDateTime.parse("2024-03-01T08:00:00Z"),
                value(s, row, "last_modified"),
                "+0100 read and normalised to UTC");
        assertEquals(LocalDate.of(2024, 2, 29), value(s, row, "created_day"));
        assertEquals(LocalDate.of(2024, 12, 31), value(s, row, "closes"));
        assertEquals(OffsetDateTime.parse("2024-03-01T10:00:00Z"), value(s, row, "opened_at"));
        assertEquals(
                0,
                new BigDecimal("15000000").compareTo((BigDecimal) value(s, row, "annual_revenue")));
        assertEquals("Account", value(s, row, "type"));
    }

    static final String HUBSPOT_CONTACT =
            "{\"id\":\"512\",\"properties\":{\"email\":\"bh@hubspot.com\",\"firstname\":\"Brian\","
                    + "\"lastname\":\"Halligan\",\"numemployees\":\"25\",\"subscribed\":\"true\",\"hs_last_visit\":\"1709283600000\"},"
                    + "\"createdAt\":\"2024-02-01T10:00:00.000Z\",\"updatedAt\":\"2024-03-01T08:00:00.000Z\",\"archived\":false}";

    @Test
    void aHubspotContactFlattensItsPropertiesCastsTheirTextAndComputesTheFullName()
            throws Exception {
        TargetSchema s = schema("hubspot-contacts");
        Object[] row = map(s, HUBSPOT_CONTACT);
        assertEquals("bh@hubspot.com", value(s, row, "email"));
        assertEquals(25L, value(s, row, "employees"), "HubSpot sends numbers as text");
        assertEquals(true, value(s, row, "subscribed"));
        assertEquals(
                OffsetDateTime.parse("2024-03-01T09:00:00Z"),
                value(s, row, "last_visit"),
                "epoch millis");
        assertEquals(OffsetDateTime.parse("2024-03-01T08:00:00Z"), value(s, row, "updated_at"));
        assertEquals("Brian Halligan", value(s, row, "full_name"));
    }

    @Test
    void aBadExpressionIsReportedWithTheSchemaFileAndColumn() {
        TargetSchema s =
                new TargetSchema(
                        "x.schema.yaml",
                        java.util.List.of(
                                new Column("id", ColumnType.STRING, "/id", true, null, null),
                                new Column(
                                        "broken",
                                        ColumnType.STRING,
                                        "",
                                        false,
                                        null,
                                        null,
                                        "${body[id")),
                        java.util.List.of("id"),
                        null);
        SchemaException e =
                assertThrows(SchemaException.class, () -> new SchemaRecordMapper(s, context));
        assertTrue(
                e.getMessage().contains("x.schema.yaml")
                        && e.getMessage().contains("columns.broken.expression"),
                e.getMessage());
    }

    @Test
    void aJsonPathIntoAnArrayBecomesAJsonPointer() {
        assertEquals("/lines/0/sku", TargetSchema.toPointer("$.lines[0].sku"));
    }
}
