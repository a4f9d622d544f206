package io.tributary.paging;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.http.PageRequest;

/**
 * Offset and limit: {@code ?offset=0&limit=100}, then the offset moves on by the number of records
 * the page <em>actually held</em>, because servers cap the limit below what was asked. With a total
 * ({@code totalPath}) paging stops once the offset reaches it; without one, on the first empty
 * page.
 *
 * <p>Jira: {@code GET /rest/api/2/search?jql=...&startAt=0&maxResults=1000} answers {@code
 * {"startAt":0,"maxResults":100,"total":2345,"issues":[...]}} (it caps maxResults at 100):
 *
 * <pre>
 * pagination: offset
 * offsetParam: startAt
 * pageSizeParam: maxResults
 * pageSize: 1000
 * totalPath: /total
 * recordsPath: /issues
 * </pre>
 */
public final class OffsetPagination implements Pagination {
    private final String offsetParam;
    private final String limitParam;
    private final int limit;
    private final JsonPointer total;

    public OffsetPagination(String offsetParam, String limitParam, int limit, String totalPath) {
        this.offsetParam = offsetParam;
        this.limitParam = limitParam;
        this.limit = limit;
        this.total = PagingSettings.present(totalPath) ? JsonPointer.compile(totalPath) : null;
    }

    @Override
    public Pager begin() {
        return new Pager() {
            private long offset;

            @Override
            public void applyTo(PageRequest request) {
                request.queryParam(offsetParam, Long.toString(offset));
                if (PagingSettings.present(limitParam)) {
                    request.queryParam(limitParam, Integer.toString(limit));
                }
            }

            @Override
            public boolean advance(PageResponse response) {
                offset += response.records();
                if (response.records() == 0) {
                    return false;
                }
                if (total != null) {
                    JsonNode t = response.body().at(total);
                    if (t.canConvertToLong()) {
                        return offset < t.asLong();
                    }
                }
                return true; // no total: the first empty page ends it
            }

            @Override
            public String position() {
                return "offset " + offset;
            }

            @Override
            public void restart() {
                offset = 0;
            }
        };
    }
}
