package io.tributary.paging;

import com.fasterxml.jackson.core.JsonPointer;
import io.tributary.http.PageRequest;

/**
 * A token in the body names the next page and a flag says when the stream has ended; the token is
 * present even on the last page, so only the flag can stop.
 *
 * <p>Zendesk incremental cursor export: {@code GET
 * /api/v2/incremental/tickets/cursor.json?start_time=1700000000} answers {@code
 * {"tickets":[...],"after_cursor":"MTU3...","end_of_stream":false}}; the next call passes {@code
 * cursor=MTU3...}; {@code end_of_stream: true} marks the last page:
 *
 * <pre>
 * pagination: end-flag
 * nextPath: /after_cursor
 * tokenParam: cursor
 * endFlagPath: /end_of_stream
 * recordsPath: /tickets
 * </pre>
 */
public final class EndFlagPagination implements Pagination {
    private final JsonPointer nextPath;
    private final String tokenParam;
    private final JsonPointer endFlag;
    private final String pageSizeParam;
    private final int pageSize;

    public EndFlagPagination(
            String nextPath,
            String tokenParam,
            String endFlagPath,
            String pageSizeParam,
            int pageSize) {
        this.nextPath = JsonPointer.compile(nextPath);
        this.tokenParam = tokenParam;
        this.endFlag = JsonPointer.compile(endFlagPath);
        this.pageSizeParam = pageSizeParam;
        this.pageSize = pageSize;
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
                // a missing flag is not an end: the source would then page until the loop guard
                // stops it
                return response.body().at(endFlag).asBoolean(false);
            }
        };
    }
}
