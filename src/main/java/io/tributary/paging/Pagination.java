package io.tributary.paging;

import io.tributary.http.PageRequest;
import java.time.Duration;

/**
 * How a source splits a result into pages. A strategy is stateless and shared; each sync gets its
 * own {@link Pager} holding where it is. Adding a paging style is one new class behind this
 * interface and one name in {@link Paginations}.
 */
public interface Pagination {

    /** Starts walking the pages of one sync. */
    Pager begin();

    /**
     * A wait the source asked for before its next request, and what it waits for (shown in the log
     * line).
     */
    record Hold(Duration delay, String reason) {}

    /** The position of one sync in the page sequence. */
    interface Pager {

        /**
         * Adds what asks for the current page: query parameters, or a whole next URL ({@link
         * PageRequest#url(String)}: the connector checks its host before adding credentials), or a
         * POST body ({@link PageRequest#jsonBody(String)}).
         */
        void applyTo(PageRequest request);

        /**
         * Reads the page just received and moves to the next one.
         *
         * @return true when another page should be requested
         */
        boolean advance(PageResponse response);

        /**
         * After {@link #advance} returned false: null when the source said the sequence ended (a
         * flag, a total, a short or empty page), otherwise what was missing and what to check.
         * Asked when that last page was full, which hints that records were left behind (a server
         * that sends its next link only when the page parameter is in the request).
         */
        default String unconfirmedEnd() {
            return null;
        }

        /**
         * What the page {@link #advance} read last asks of the next request: a wait (Shopify's
         * GraphQL cost budget, {@link GraphqlPagination}), or null for none.
         */
        default Hold hold() {
            return null;
        }

        /** A short description of the current position for logs and errors, e.g. "page 3". */
        String position();

        /**
         * The number of the page the next request asks for, which a request template writes as
         * {@code {page}} (a SOAP body's {@code <Page>3</Page>}); null for a style without one.
         */
        default Integer pageNumber() {
            return null;
        }

        /**
         * The token the next request carries, which a request template writes as {@code
         * {pageToken}}: null on the first page and for a style without tokens.
         */
        default String pageToken() {
            return null;
        }

        /**
         * The connector committed a page and its cursor moved, so it now asks the source for
         * records from the new cursor on: start again from the first page of that smaller result.
         * Keeps page boundaries anchored to committed data even when records change while the sync
         * runs.
         */
        void restart();
    }
}
