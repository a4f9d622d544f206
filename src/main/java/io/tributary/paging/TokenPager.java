package io.tributary.paging;

import com.fasterxml.jackson.core.JsonPointer;
import io.tributary.http.PageRequest;

/**
 * What the token styles ({@link TokenPagination}, {@link EndFlagPagination}, {@link
 * PostTokenPagination}) share: the next page's token read from the body, the page count, and "no
 * token, no next page". Each style says how the token travels ({@link #applyTo}) and what else ends
 * the sequence ({@link #ended}).
 */
abstract class TokenPager implements Pagination.Pager {
    private final JsonPointer nextPath;
    private final String shownAs;

    /** The token the next request carries; null on the first page. */
    protected String token;

    private int page = 1;
    private boolean endedByFlag;

    /**
     * @param shownAs the parameter named in positions ("page 3 (pageToken=...)"); null shows the
     *     page only
     */
    TokenPager(JsonPointer nextPath, String shownAs) {
        this.nextPath = nextPath;
        this.shownAs = shownAs;
    }

    @Override
    public abstract void applyTo(PageRequest request);

    /** The token and the page size as query parameters: how most token styles send them. */
    void asQuery(PageRequest request, String pageSizeParam, int pageSize, String tokenParam) {
        if (PagingSettings.present(pageSizeParam)) {
            request.queryParam(pageSizeParam, Integer.toString(pageSize));
        }
        if (token != null && PagingSettings.present(tokenParam)) {
            request.queryParam(tokenParam, token); // else the template's {pageToken} carries it
        }
    }

    /** True when the response says no page follows, whatever token it carries. */
    abstract boolean ended(PageResponse response);

    @Override
    public boolean advance(PageResponse response) {
        page++;
        token = response.text(nextPath);
        endedByFlag = ended(response);
        return !endedByFlag && token != null;
    }

    @Override
    public String unconfirmedEnd() {
        return endedByFlag
                ? null
                : "the body had no token at nextPath '"
                        + nextPath
                        + "' and no flag said it was the last page; "
                        + "check nextPath (and hasMorePath or endFlagPath) against one of the source's pages";
    }

    @Override
    public String position() {
        return "page "
                + page
                + (shownAs == null || token == null ? "" : " (" + shownAs + "=" + token + ")");
    }

    @Override
    public String pageToken() {
        return token;
    }

    @Override
    public void restart() {
        token = null;
        page = 1;
    }
}
