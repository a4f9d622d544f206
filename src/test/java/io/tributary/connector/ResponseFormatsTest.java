package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.metrics.SyncOutcome;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.ConnectorSpec;
import io.tributary.support.Database;
import io.tributary.support.ExportApi;
import io.tributary.support.ExportApi.Format;
import io.tributary.support.ExportApi.Gzip;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An HTTP source answering CSV, JSON Lines or XML loads as one answering JSON does: typed by the
 * schema, the cursor committed with each page, a broken line to the dead letters with its line
 * number while the rest loads, gzip'd bodies decoded, and a long body sent to the sink in pages of
 * {@code recordsPerPage}, so the cursor moves inside it and paging restarts at its end.
 */
class ResponseFormatsTest {
    static final Instant BASE =
            Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    Database db;
    ConnectorHarness tributary;
    ExportApi api;

    Database newDatabase() {
        return Database.h2();
    }

    boolean kameletForm() {
        return false;
    }

    @BeforeEach
    void start() throws Exception {
        db = newDatabase();
        api = new ExportApi();
        tributary = new ConnectorHarness(db);
        if (kameletForm()) {
            tributary.inKameletForm();
        }
        tributary.start();
    }

    @AfterEach
    void stop() throws Exception {
        tributary.close();
        api.close();
    }

    void items(int count) {
        for (int i = 0; i < count; i++) {
            api.put(
                    String.format("i%05d", i),
                    "item, \"no. " + i + "\"",
                    i % 7,
                    BASE.plusSeconds(i));
        }
    }

    ConnectorSpec export(Format format) {
        api.format(format);
        ConnectorSpec spec =
                ConnectorSpec.named("items")
                        .url(api.url())
                        .table("items")
                        .schema("src/test/resources/formats/items.schema.yaml")
                        .with("format", format.name().toLowerCase(java.util.Locale.ROOT))
                        .pagination("none")
                        .cursorParam("since");
        if (format == Format.XML) {
            spec.recordsPath("//r:Item").with("xmlNamespaces", "r=urn:example:items");
        }
        return spec;
    }

    long rows() {
        return db.count("SELECT COUNT(*) FROM items");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Format.class)
    void everyRecordOfABodyLoadsTypedByTheSchemaInPagesOfRecordsPerPage(Format format)
            throws Exception {
        items(2500);
        tributary.add(export(format).with("recordsPerPage", 1000));

        SyncOutcome first = tributary.sync("items");

        assertTrue(first.success(), first.summary());
        assertEquals(2500, rows());
        assertEquals(
                "item, \"no. 42\"",
                db.single("SELECT name FROM items WHERE id = 'i00042'"),
                "quoting and commas survive");
        assertEquals(
                6L,
                ((Number) db.single("SELECT quantity FROM items WHERE id = 'i00041'")).longValue());
        assertEquals(
                BASE.plusSeconds(2499).toString(), db.cursor("items"), "the last record's time");

        api.put("i00007", "changed", 1, BASE.plusSeconds(9000));
        api.put("new", "new", 1, BASE.plusSeconds(9001));
        SyncOutcome second = tributary.sync("items");

        assertTrue(second.success(), second.summary());
        assertEquals(
                BASE.plusSeconds(2499).toString(),
                io.tributary.support.PagedApi.parseQuery(api.requests().get(1)).get("since"),
                "the second run asks from the cursor");
        assertEquals(2501, rows());
        assertEquals("changed", db.single("SELECT name FROM items WHERE id = 'i00007'"));
    }

    @Test
    void aBrokenCsvLineGoesToTheDeadLettersWithItsLineNumberAndTheRestLoads() throws Exception {
        items(10);
        // line 5 of the body (header = line 1) loses a field
        api.breakLines(body -> body.replaceFirst("(?m)^(i00003,[^\\r]*),[0-9]+,", "$1,"));
        tributary.add(export(Format.CSV));

        SyncOutcome outcome = tributary.sync("items");

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(9, rows());
        assertEquals(1, db.count("SELECT COUNT(*) FROM tributary_dead_letters"));
        String reason = db.single("SELECT reason FROM tributary_dead_letters").toString();
        assertTrue(reason.startsWith("line 5: "), reason);
        assertFalse(reason.contains("i00003"), "the reason holds no value: " + reason);
    }

    @Test
    void aCsvExportInWindows1252ThatNamesNoCharsetIsReadInTheDeclaredOne() throws Exception {
        api.put("a", "Müller & Söhne – café", 1, BASE);
        api.charset(java.nio.charset.Charset.forName("windows-1252"), false);
        tributary.add(export(Format.CSV).with("charset", "windows-1252"));

        SyncOutcome outcome = tributary.sync("items");

        assertTrue(outcome.success(), outcome.summary());
        assertEquals("Müller & Söhne – café", db.single("SELECT name FROM items WHERE id = 'a'"));
    }

    @Test
    void aCsvConnectorsSuccessRulesStillSeeTheSmallErrorDocumentASourceSendsInstead()
            throws Exception {
        items(10);
        api.contentType("application/json").breakLines(body -> "{\"error\":\"export paused\"}");
        tributary.add(export(Format.CSV).errorPolicy("2xx:/error=fail"));

        SyncOutcome outcome = tributary.sync("items");

        assertFalse(outcome.success(), outcome.summary());
        assertTrue(outcome.error().contains("/error"), outcome.error());
        assertEquals(0, rows());
    }

    @Test
    void aJsonLinesLineThatIsNotJsonIsADeadLetterAndTheRestLoads() throws Exception {
        items(10);
        api.breakLines(body -> body.replaceFirst("\\{\"id\":\"i00004\"", "{\"id\":i00004"));
        tributary.add(export(Format.JSONL));

        SyncOutcome outcome = tributary.sync("items");

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(9, rows());
        String reason = db.single("SELECT reason FROM tributary_dead_letters").toString();
        assertTrue(reason.startsWith("line 5: "), reason);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(
            value = Gzip.class,
            names = {"CONTENT_ENCODING", "FILE"})
    void aGzippedBodyIsDecodedWhetherTheServerSaysSoOrItIsAGzipFile(Gzip gzip) throws Exception {
        items(1200);
        api.gzip(gzip);
        tributary.add(export(Format.CSV));

        SyncOutcome outcome = tributary.sync("items");

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(1200, rows());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Format.class)
    void formatAutoReadsEachResponseAsItsContentTypeSays(Format format) throws Exception {
        items(30);
        ConnectorSpec spec = export(format).with("format", "auto");
        if (format != Format.XML) {
            spec.recordsPath("/items"); // auto needs it for a JSON answer; unused by csv and jsonl
        }
        tributary.add(spec);

        SyncOutcome outcome = tributary.sync("items");

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(30, rows());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Format.class)
    void aCursorMovedInsideALongBodyRestartsPagingAtItsEndAndLosesNothing(Format format)
            throws Exception {
        // pages of 1000 records, each streamed in pages of 300: the cursor moves mid-body, so the
        // next request must be page 1 of the new filter, not page 2
        items(2500);
        ConnectorSpec spec =
                export(format)
                        .pagination("page-number")
                        .pageParam("page")
                        .pageSizeParam("per_page")
                        .pageSize(1000)
                        .with("recordsPerPage", 300);
        tributary.add(spec);

        SyncOutcome outcome = tributary.sync("items");

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(2500, rows());
        assertTrue(
                api.requests().stream()
                        .allMatch(
                                q ->
                                        "1"
                                                .equals(
                                                        io.tributary.support.PagedApi.parseQuery(q)
                                                                .get("page"))),
                "every request after a moved cursor starts at page 1 of the new filter: "
                        + api.requests());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Format.class)
    void aCursorThatStopsMovingOnTheLastPageOfALongBodyStillRestartsPaging(Format format)
            throws Exception {
        // records 600..1100 share one time: the body's page 600-899 moves the cursor to it, its
        // last page (900-999) does not move it again; paging must still restart at page 1
        items(2500);
        for (int i = 600; i <= 1100; i++) {
            api.put(String.format("i%05d", i), "tie " + i, 1, BASE.plusSeconds(600));
        }
        tributary.add(
                export(format)
                        .pagination("page-number")
                        .pageParam("page")
                        .pageSizeParam("per_page")
                        .pageSize(1000)
                        .with("recordsPerPage", 300));

        SyncOutcome outcome = tributary.sync("items");

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(2500, rows(), "no record of the pages after the ties is skipped");
    }

    @Test
    void xmlPagingReadsTheNextPageTokenFromTheEnvelopeAfterTheRecords() throws Exception {
        items(250);
        ConnectorSpec spec =
                export(Format.XML)
                        .without("cursorParam")
                        .pagination("cursor")
                        .tokenParam("page")
                        .nextPath("/Envelope/Body/ListItemsResponse/NextPage")
                        .pageSizeParam("per_page")
                        .pageSize(100)
                        .with("recordsPerPage", 40);
        tributary.add(spec);

        SyncOutcome outcome = tributary.sync("items");

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(250, rows());
        assertEquals(3, api.requests().size(), api.requests().toString());
    }
}
