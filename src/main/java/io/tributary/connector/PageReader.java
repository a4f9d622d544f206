package io.tributary.connector;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.auth.SecretMasker;
import io.tributary.http.SourceResponseException;
import io.tributary.paging.PageResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads each response of a run into its page of records: the declared charset, the JSON, the
 * records array at {@code recordsPath}, the same-page guard, a suspect end, the page's metrics, and
 * whether another page follows. What it remembers between pages of one run is its {@link State},
 * which the {@link SyncRun} keeps.
 */
final class PageReader {
    private static final Logger SYNC_LOG = LoggerFactory.getLogger("io.tributary.sync");

    /** What one run's pages remember: the page before (the same-page guard) and how many. */
    static final class State {
        JsonNode previousPage;
        int pages;
    }

    private final String id;
    private final SecretMasker masker;
    private final JsonPointer records;
    private final String recordsPath;
    private final String pageParam;
    private final String pagination;
    private final int pageSize;
    private final ConnectorPaging extras;
    private final io.tributary.metrics.ConnectorMetrics metrics;

    PageReader(
            String id,
            SecretMasker masker,
            JsonPointer records,
            String recordsPath,
            String pageParam,
            String pagination,
            int pageSize,
            ConnectorPaging extras,
            io.tributary.metrics.ConnectorMetrics metrics) {
        this.id = id;
        this.masker = masker;
        this.records = records;
        this.recordsPath = recordsPath;
        this.pageParam = pageParam;
        this.pagination = pagination;
        this.pageSize = pageSize;
        this.extras = extras;
        this.metrics = metrics;
    }

    /** The records array of a page at {@code recordsPath}, or null when there is none. */
    JsonNode recordsIn(JsonNode body) {
        JsonNode page = body == null ? null : body.at(records);
        return page != null && page.isArray() ? page : null;
    }

    /**
     * Parses the response, hands its records to the split and decides whether another page follows.
     */
    void readPage(Exchange exchange, SyncRun run) {
        State reads = run.reads;
        if (extras.continued(exchange, run)) {
            return; // an ignored response or a redirect: no page to read
        }
        extras.observe(exchange.getMessage().getHeaders());
        JsonNode body;
        long bytes;
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        java.nio.charset.Charset charset;
        try {
            charset = io.tributary.http.DeclaredCharset.of(contentType).orElse(null);
        } catch (IllegalArgumentException e) {
            throw new SourceResponseException(
                    masker.mask(
                            "connector '"
                                    + id
                                    + "': the response to "
                                    + run.position()
                                    + " declares charset '"
                                    + io.tributary.http.DeclaredCharset.nameIn(contentType)
                                    + "', which this JVM does not know; not retried: the source must declare a charset such as utf-8"));
        }
        try (var in =
                new io.tributary.metrics.CountingInputStream(
                        exchange.getMessage().getMandatoryBody(InputStream.class))) {
            // Jackson detects UTF-8/16/32 itself; any other declared charset (iso-8859-1...) is
            // decoded as declared
            body =
                    charset == null || io.tributary.http.DeclaredCharset.detectedByJackson(charset)
                            ? Connector.JSON.readTree(in)
                            : Connector.JSON.readTree(
                                    new java.io.InputStreamReader(in, charset.newDecoder()));
            bytes = in.getCount();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new SourceResponseException(
                    masker.mask(
                            "connector '"
                                    + id
                                    + "': the response to "
                                    + run.position()
                                    + " is not valid "
                                    + charset.name()
                                    + " text, as its Content-Type declares"));
        } catch (IOException | org.apache.camel.InvalidPayloadException e) {
            throw new SourceResponseException(
                    masker.mask(
                            "connector '"
                                    + id
                                    + "': the response to "
                                    + run.position()
                                    + " is not valid JSON: "
                                    + (e
                                                    instanceof
                                                    com.fasterxml.jackson.core
                                                            .JsonProcessingException
                                            ? io.tributary.http.JsonErrors.describe(e)
                                            : e.getMessage())));
        }
        JsonNode page = body == null ? null : body.at(records);
        if (page == null || !page.isArray()) {
            String text = body == null ? "" : body.toString();
            throw new SourceResponseException(
                    masker.mask(
                            "connector '"
                                    + id
                                    + "': the response to "
                                    + run.position()
                                    + " has no array at recordsPath '"
                                    + recordsPath
                                    + "'; it starts with: "
                                    + text.substring(0, Math.min(200, text.length()))));
        }
        if (page.size() > 0 && page.equals(reads.previousPage)) {
            // a source that ignores the page parameter would otherwise be paged forever
            throw new SourceResponseException(
                    "connector '"
                            + id
                            + "': "
                            + run.position()
                            + " returned the same "
                            + page.size()
                            + " records as the page before; does the source ignore pageParam '"
                            + pageParam
                            + "'?");
        }
        reads.previousPage = page;
        reads.pages++;
        run.recordsRead += page.size();
        Map<String, Object> headers = exchange.getMessage().getHeaders();
        metrics.pageFetched(id, bytes, page.size(), headers);
        boolean more =
                run.pager.advance(
                        new PageResponse(
                                body, headers, page.size(), page, run.requests.requestUrl));
        if (!more && page.size() >= pageSize && run.pager.unconfirmedEnd() != null) {
            // a full last page that the source did not call the last: likely a partial sync that
            // says success
            SYNC_LOG.warn(
                    "sync connector={} warning=suspect_end pagination={} {} held {} records, a full page (pageSize={}), "
                            + "but paging stopped: {}; the sync may have left records behind",
                    id,
                    pagination,
                    run.position(),
                    page.size(),
                    pageSize,
                    run.pager.unconfirmedEnd());
            metrics.suspectEnd(id, pagination);
        }
        more = extras.windowEnded(run, more);
        exchange.setProperty(SyncRun.MORE, more);
        exchange.getMessage().setBody(page);
    }
}
