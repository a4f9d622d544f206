package io.tributary.paging;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.http.PageRequest;

/**
 * A {@code has_more} flag in the body and the id of the page's last record as the start of the next
 * page.
 *
 * <p>Stripe: {@code GET /v1/charges?limit=100} answers {@code
 * {"object":"list","has_more":true,"data":[{"id":"ch_3N...","created":1700000000,...}]}}, the next
 * call adds {@code starting_after=<last id>}. Stripe lists are newest first: pair this style with
 * {@code order: descending} so the cursor is committed when the sync completes.
 *
 * <pre>
 * pagination: has-more
 * hasMorePath: /has_more
 * idPath: /id
 * tokenParam: starting_after
 * pageSizeParam: limit
 * recordsPath: /data
 * order: descending
 * </pre>
 */
public final class HasMorePagination implements Pagination {
    private final JsonPointer hasMore;
    private final JsonPointer id;
    private final String tokenParam;
    private final String pageSizeParam;
    private final int pageSize;

    public HasMorePagination(
            String hasMorePath,
            String idPath,
            String tokenParam,
            String pageSizeParam,
            int pageSize) {
        this.hasMore = JsonPointer.compile(hasMorePath);
        this.id = JsonPointer.compile(idPath);
        this.tokenParam = tokenParam;
        this.pageSizeParam = pageSizeParam;
        this.pageSize = pageSize;
    }

    @Override
    public Pager begin() {
        return new Pager() {
            private String after;
            private int page = 1;
            private boolean flagMissing;

            @Override
            public void applyTo(PageRequest request) {
                if (PagingSettings.present(pageSizeParam)) {
                    request.queryParam(pageSizeParam, Integer.toString(pageSize));
                }
                if (after != null) {
                    request.queryParam(tokenParam, after);
                }
            }

            @Override
            public boolean advance(PageResponse response) {
                page++;
                JsonNode records = response.page();
                flagMissing = !response.body().at(hasMore).isBoolean();
                if (records == null
                        || records.size() == 0
                        || !response.body().at(hasMore).asBoolean(false)) {
                    return false;
                }
                JsonNode last = records.get(records.size() - 1).at(id);
                if (last.isMissingNode() || last.isNull()) {
                    throw new IllegalStateException(
                            "the last record of the page has no id at idPath '" + id + "'");
                }
                after = last.asText();
                return true;
            }

            @Override
            public String unconfirmedEnd() {
                return flagMissing
                        ? "the body had no true/false flag at hasMorePath '"
                                + hasMore
                                + "'; check hasMorePath"
                        : null;
            }

            @Override
            public String position() {
                return "page "
                        + page
                        + (after == null ? "" : " (" + tokenParam + "=" + after + ")");
            }

            @Override
            public void restart() {
                after = null;
                page = 1;
            }
        };
    }
}
