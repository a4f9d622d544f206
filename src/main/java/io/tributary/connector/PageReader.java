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

    /**
     * What one run's pages remember: the page before (the same-page guard), how many, and the body
     * being streamed (a jsonl, csv or xml response, sent to the sink a page of {@code
     * recordsPerPage} at a time).
     */
    static final class State implements AutoCloseable {
        JsonNode previousPage;
        int pages;
        // the response being streamed, between its first page and its last
        io.tributary.format.RecordReader streaming;
        Map<String, Object> streamingHeaders;
        String streamingKind;
        int streamedRecords;
        // the cursor moved on a page of the response being streamed: restart paging at its end
        boolean cursorMoved;
        // paging stopped after a full page the source did not call the last: maybe partial
        boolean suspectEnd;

        /** True while a streamed response has pages left to send. */
        boolean midResponse() {
            return streaming != null;
        }

        @Override
        public void close() {
            if (streaming != null) {
                try {
                    streaming.close();
                } catch (IOException e) {
                    // the body is abandoned anyway: nothing of it is read again
                } finally {
                    streaming = null;
                    streamingHeaders = null;
                }
            }
        }
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
    private final ResponseFormat formats; // how a response's records are written
    private final int recordsPerPage;

    PageReader(
            String id,
            SecretMasker masker,
            JsonPointer records,
            String recordsPath,
            String pageParam,
            String pagination,
            int pageSize,
            ConnectorPaging extras,
            io.tributary.metrics.ConnectorMetrics metrics,
            ResponseFormat formats,
            int recordsPerPage) {
        this.formats = formats;
        this.recordsPerPage = recordsPerPage;
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
        if (reads.midResponse()) {
            // a route that never calls nextChunk would page on past records never sent
            reads.close();
            throw new IllegalStateException(
                    "connector '"
                            + id
                            + "': the response before "
                            + run.position()
                            + " still had records to send; a route that reads a streamed format ("
                            + reads.streamingKind
                            + ") must call nextChunk after each page, as the tributary-http-source Kamelet and the http-to-jdbc template do");
        }
        exchange.setProperty(SyncRun.PAGE_PENDING, Boolean.TRUE);
        exchange.removeProperty(PageContract.REJECTED);
        if (extras.continued(exchange, run)) {
            return; // an ignored response or a redirect: no page to read
        }
        extras.observe(exchange.getMessage().getHeaders());
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        java.nio.charset.Charset charset;
        try {
            charset = formats.charsetOf(contentType);
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
        io.tributary.format.FormatSettings.Kind kind = formats.kindOf(contentType);
        if (kind != io.tributary.format.FormatSettings.Kind.JSON) {
            startStreaming(exchange, run, formats.settingsFor(contentType), charset);
            return;
        }
        JsonNode body;
        long bytes;
        try (var in =
                new io.tributary.format.CountingInputStream(
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
        trace(run, headers, bytes, page.size());
        boolean more =
                run.pager.advance(
                        new PageResponse(
                                body, headers, page.size(), page, run.requests.requestUrl));
        extras.hold(run.pager.hold()); // taken now: the sink's commit counts towards the wait
        warnOfSuspectEnd(run, more, page.size());
        more = extras.windowEnded(run, more);
        exchange.setProperty(SyncRun.MORE, more);
        exchange.getMessage().setBody(page);
    }

    /** {@code --trace}: what the page held, after its response's line. */
    private void trace(SyncRun run, Map<String, Object> headers, long bytes, int records) {
        if (io.tributary.http.RequestTrace.enabled()) {
            io.tributary.http.RequestTrace.LOG.debug(
                    "< page connector={} {} status={} bytes={} records={}",
                    id,
                    masker.mask(run.position()),
                    headers.get(Exchange.HTTP_RESPONSE_CODE),
                    bytes,
                    records);
        }
    }

    private void warnOfSuspectEnd(SyncRun run, boolean more, int records) {
        if (!more && records >= pageSize && run.pager.unconfirmedEnd() != null) {
            // a full last page that the source did not call the last: likely a partial sync that
            // says success
            SYNC_LOG.warn(
                    "sync connector={} warning=suspect_end pagination={} {} held {} records, a full page (pageSize={}), "
                            + "but paging stopped: {}; the sync may have left records behind",
                    id,
                    pagination,
                    run.position(),
                    records,
                    pageSize,
                    run.pager.unconfirmedEnd());
            metrics.suspectEnd(id, pagination);
            run.reads.suspectEnd = true;
        }
    }

    /**
     * A jsonl, csv or xml response: opens its body as a stream of records and reads its first page
     * (at most {@code recordsPerPage}); {@link #nextChunk} reads the others, one per sink round.
     */
    private void startStreaming(
            Exchange exchange,
            SyncRun run,
            io.tributary.format.FormatSettings settings,
            java.nio.charset.Charset charset) {
        State reads = run.reads;
        io.tributary.format.FormatSettings.Kind kind = settings.kind();
        try {
            InputStream body = exchange.getMessage().getMandatoryBody(InputStream.class);
            reads.streaming = settings.open(body, charset);
        } catch (IOException | org.apache.camel.InvalidPayloadException e) {
            throw unreadable(run, kind.key(), e);
        }
        reads.streamingKind = kind.key();
        reads.streamingHeaders = new java.util.HashMap<>(exchange.getMessage().getHeaders());
        reads.streamedRecords = 0;
        reads.cursorMoved = false;
        readChunk(exchange, run, kind.key(), true);
    }

    /**
     * After a page was sent to the sink: the streamed response's next page, or the end of the pages
     * of this response (property {@value SyncRun#PAGE_PENDING} false).
     */
    void nextChunk(Exchange exchange, SyncRun run) {
        State reads = run.reads;
        if (!reads.midResponse()) {
            exchange.setProperty(SyncRun.PAGE_PENDING, Boolean.FALSE);
            return;
        }
        if (Boolean.FALSE.equals(exchange.getProperty(SyncRun.MORE, Boolean.class))) {
            // the sink or a client-side filter has seen enough (a preview, records older than the
            // cursor): the rest of the body is not read
            reads.close();
            exchange.setProperty(SyncRun.PAGE_PENDING, Boolean.FALSE);
            return;
        }
        readChunk(exchange, run, reads.streamingKind, false);
    }

    private void readChunk(Exchange exchange, SyncRun run, String kind, boolean first) {
        State reads = run.reads;
        io.tributary.format.Chunk chunk;
        try {
            chunk = reads.streaming.next(recordsPerPage);
        } catch (IOException | RuntimeException e) {
            reads.close();
            throw unreadable(run, kind, e);
        }
        JsonNode page = chunk.records();
        if (first) {
            if (page.size() > 0 && page.equals(reads.previousPage)) {
                reads.close();
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
        }
        reads.streamedRecords += chunk.size();
        run.recordsRead += chunk.size();
        if (chunk.rejected().isEmpty()) {
            exchange.removeProperty(PageContract.REJECTED);
        } else {
            exchange.setProperty(PageContract.REJECTED, chunk.rejected());
        }
        exchange.setProperty(SyncRun.PAGE_PENDING, Boolean.TRUE);
        exchange.getMessage().setBody(page);
        if (!chunk.last()) {
            exchange.setProperty(SyncRun.MORE, Boolean.TRUE); // more of this response follows
            return;
        }
        // the response's last page: paging goes on from what surrounds its records and its headers
        Map<String, Object> headers = reads.streamingHeaders;
        JsonNode envelope = reads.streaming.envelope();
        long bytes = reads.streaming.bytesRead();
        int records = reads.streamedRecords;
        reads.close();
        reads.pages++;
        metrics.pageFetched(id, bytes, records, headers);
        trace(run, headers, bytes, records);
        boolean more =
                run.pager.advance(
                        new PageResponse(
                                envelope, headers, records, page, run.requests.requestUrl));
        extras.hold(run.pager.hold()); // taken now: the sink's commit counts towards the wait
        warnOfSuspectEnd(run, more, records);
        more = extras.windowEnded(run, more);
        exchange.setProperty(SyncRun.MORE, more);
    }

    private SourceResponseException unreadable(SyncRun run, String kind, Exception e) {
        // the reader's messages say where and why, never the body's text
        return new SourceResponseException(
                masker.mask(
                        "connector '"
                                + id
                                + "': the response to "
                                + run.position()
                                + " is not readable as "
                                + kind
                                + ": "
                                + e.getMessage()));
    }
}
