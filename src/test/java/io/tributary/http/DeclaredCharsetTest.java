package io.tributary.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.metrics.SyncOutcome;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.ConnectorSpec;
import io.tributary.support.Database;
import io.tributary.support.PagedApi;
import io.tributary.support.PagedApi.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A body is read in the charset its Content-Type declares; a declared charset that is unknown, or
 * bytes that are not text in it, fail the run at once (asking again gets the same bytes) with a
 * label that says so, not "cut off or malformed" after five retries.
 */
class DeclaredCharsetTest {
    static final String BODY =
            "{\"items\":[{\"id\":\"1\",\"name\":\"Café Müller\",\"updated_at\":\"2024-01-01T00:00:00Z\"},"
                    + "{\"id\":\"2\",\"name\":\"Zürich Straße\",\"updated_at\":\"2024-01-02T00:00:00Z\"}]}";
    final Database db = Database.h2();
    final ConnectorHarness tributary = new ConnectorHarness(db);
    PagedApi api;

    @BeforeEach
    void start() throws Exception {
        tributary.start();
    }

    @AfterEach
    void stop() throws Exception {
        tributary.close();
        if (api != null) {
            api.close();
        }
    }

    SyncOutcome syncWith(String contentType) throws Exception {
        // PagedApi encodes the body in the charset the Content-Type declares (UTF-8 when it knows
        // none)
        return syncWith(Map.of("Content-Type", contentType));
    }

    SyncOutcome syncWith(Map<String, String> headers) throws Exception {
        api = new PagedApi(r -> new Reply(200, headers, BODY));
        tributary.add(
                ConnectorSpec.named("latin")
                        .url(api.baseUrl() + "/items")
                        .table("items")
                        .schema("src/test/resources/paging/items.schema.yaml")
                        .pagination("none")
                        .recordsPath("/items"));
        return tributary.sync("latin");
    }

    @Test
    void readsAnIso88591BodyAsDeclared() throws Exception {
        SyncOutcome outcome = syncWith("application/json; charset=iso-8859-1");

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(
                List.of("Café Müller", "Zürich Straße"),
                db.column("SELECT name FROM items ORDER BY id"));
    }

    @Test
    void readsAWindows1252BodyWithAQuotedCharsetName() throws Exception {
        SyncOutcome outcome = syncWith("application/json;charset=\"windows-1252\"");

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(
                List.of("Café Müller", "Zürich Straße"),
                db.column("SELECT name FROM items ORDER BY id"));
    }

    @Test
    void refusesAnUnknownCharsetAtOnceNamingIt() throws Exception {
        SyncOutcome outcome = syncWith("application/json; charset=x-klingon-7");

        assertFalse(outcome.success(), outcome.summary());
        assertTrue(
                outcome.error()
                        .contains("declares charset 'x-klingon-7', which this JVM does not know"),
                outcome.error());
        assertEquals(1, api.requests().size(), "not retried");
    }

    @Test
    void latin1BytesUnderAPlainJsonContentTypeAreAPermanentFailureNotACutOffBody()
            throws Exception {
        // no charset declared, so JSON's UTF-8; the bytes are ISO-8859-1 (é is 0xE9)
        SyncOutcome outcome =
                syncWith(
                        Map.of(
                                "Content-Type",
                                "application/json",
                                PagedApi.BODY_CHARSET,
                                "ISO-8859-1"));

        assertFalse(outcome.success(), outcome.summary());
        assertTrue(
                outcome.error().contains("not valid UTF-8")
                        && outcome.error().contains("permanent: unusable charset, not retried"),
                outcome.error());
        assertFalse(outcome.error().contains("cut off"), outcome.error());
        assertEquals(1, api.requests().size(), "not retried");
    }
}
