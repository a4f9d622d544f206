package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.metrics.SyncOutcome;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.ConnectorSpec;
import io.tributary.support.Database;
import io.tributary.support.ExportApi;
import io.tributary.support.ExportApi.Format;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where the streamed response formats meet the HTTP call's own steps: what the request asks for
 * (Accept) and what the call checks of the answer before the page reader sees it.
 */
class Review4SeamsTest {
    static final Instant BASE =
            Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    final Database db = Database.h2();
    ConnectorHarness tributary;
    ExportApi api;

    @BeforeEach
    void start() throws Exception {
        api = new ExportApi();
        for (int i = 0; i < 30; i++) {
            api.put(String.format("i%05d", i), "item " + i, i % 7, BASE.plusSeconds(i));
        }
        tributary =
                new ConnectorHarness(db)
                        .set("tributary.retry.initial-delay-ms", "10")
                        .set("tributary.retry.max-redeliveries", "1")
                        .start();
    }

    @AfterEach
    void stop() throws Exception {
        tributary.close();
        api.close();
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

    /**
     * Many NDJSON exports are served as application/json; the call's check that a JSON body is
     * whole (exactly one JSON value) refused every such body, retried it and failed the run.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
            value = Format.class,
            names = {"JSONL", "CSV"})
    void aStreamedBodyServedAsApplicationJsonLoadsInTheConnectorsFormat(Format format)
            throws Exception {
        api.contentType("application/json");
        tributary.add(export(format));

        SyncOutcome outcome = tributary.sync("items");

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(30, db.count("SELECT COUNT(*) FROM items"));
    }

    /**
     * The request said {@code Accept: application/json} whatever the format: an API with both
     * representations answered JSON, which the CSV reader took for a header and no records, and the
     * sync succeeded with nothing loaded, every time.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Format.class)
    void aStreamedFormatAsksTheSourceForThatFormat(Format format) throws Exception {
        api.negotiatesByAccept();
        tributary.add(export(format));

        SyncOutcome outcome = tributary.sync("items");

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(30, db.count("SELECT COUNT(*) FROM items"), "accepts: " + api.accepts());
    }

    /**
     * A CSV line with text after a closing quote is a bad record without its text (the parser
     * stopped inside it): its dead letter had no record, and writing it failed the whole sync with
     * a NullPointerException, every run, instead of loading the rest.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"i00003,\"item\" 3,3,", "i00003,\"item 3,3,"})
    void aCsvLineWithAQuotingErrorIsADeadLetterAndTheRestLoads(String broken) throws Exception {
        api.breakLines(body -> body.replaceFirst("(?m)^i00003,[^,]*,[0-9]+,", broken));
        tributary.add(export(Format.CSV));

        SyncOutcome outcome = tributary.sync("items");

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(1, db.count("SELECT COUNT(*) FROM tributary_dead_letters"));
        String reason = db.single("SELECT reason FROM tributary_dead_letters").toString();
        assertTrue(reason.startsWith("line 5: "), reason);
        assertTrue(db.count("SELECT COUNT(*) FROM items") >= 3, "the lines before it load");
    }
}
