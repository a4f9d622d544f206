package io.tributary.paging;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.http.PageRequest;

/**
 * A cursor (token) in the body names the next page; no token, or an optional "more" flag that is
 * false, means the last page. The first request carries no token.
 *
 * <p>Google APIs ({@code pageSize}/{@code pageToken} -> {@code nextPageToken}), HubSpot CRM v3
 * ({@code after} -> {@code paging.next.after}), Zendesk cursor pagination ({@code page[after]} ->
 * {@code meta.after_cursor} with {@code meta.has_more}). For Google Drive:
 *
 * <pre>
 * pagination: cursor
 * nextPath: /nextPageToken          # or $.nextPageToken
 * tokenParam: pageToken
 * pageSizeParam: pageSize
 * recordsPath: /files
 * </pre>
 */
public final class TokenPagination implements Pagination {
    private final JsonPointer nextPath;
    private final String tokenParam;
    private final String pageSizeParam;
    private final int pageSize;
    private final JsonPointer hasMore;

    public TokenPagination(
            String nextPath,
            String tokenParam,
            String pageSizeParam,
            int pageSize,
            String hasMorePath) {
        this.nextPath = JsonPointer.compile(nextPath);
        this.tokenParam = tokenParam;
        this.pageSizeParam = pageSizeParam;
        this.pageSize = pageSize;
        this.hasMore =
                PagingSettings.present(hasMorePath) ? JsonPointer.compile(hasMorePath) : null;
    }

    @Override
    public Pager begin() {
        return new TokenPager(nextPath, tokenParam) {
            @Override
            public void applyTo(PageRequest request) {
                asQuery(request, pageSizeParam, pageSize, tokenParam);
            }

            @Override
            boolean ended(PageResponse response) {
                JsonNode flag = hasMore == null ? null : response.body().at(hasMore);
                return flag != null && flag.isBoolean() && !flag.asBoolean();
            }
        };
    }
}
