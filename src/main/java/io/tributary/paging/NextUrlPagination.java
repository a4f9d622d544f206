package io.tributary.paging;

import com.fasterxml.jackson.core.JsonPointer;
import io.tributary.http.PageRequest;
import java.net.URI;

/**
 * The body holds the URL of the next page, absolute or <em>relative</em> to the page it came in
 * (resolved as a browser would); no URL means the last page. The next URL already carries every
 * paging parameter; the connector still checks its host before it adds credentials.
 *
 * <p>Salesforce query: {@code GET /services/data/v59.0/query?q=SELECT+...} answers {@code
 * {"totalSize":5000,"done":false,"nextRecordsUrl":"/services/data/v59.0/query/01gD0000002HU6KIAW-2000","records":[...]}};
 * HubSpot CRM v3 puts an absolute URL in {@code paging.next.link}:
 *
 * <pre>
 * pagination: next-url
 * nextPath: /nextRecordsUrl          # HubSpot: /paging/next/link
 * recordsPath: /records
 * </pre>
 */
public final class NextUrlPagination implements Pagination {
    private final JsonPointer nextPath;
    private final String pageSizeParam;
    private final int pageSize;

    public NextUrlPagination(String nextPath, String pageSizeParam, int pageSize) {
        this.nextPath = JsonPointer.compile(nextPath);
        this.pageSizeParam = pageSizeParam;
        this.pageSize = pageSize;
    }

    @Override
    public Pager begin() {
        return new NextLinkPager(pageSizeParam, pageSize) {
            @Override
            String nextLink(PageResponse response) {
                return response.text(nextPath);
            }

            @Override
            public String unconfirmedEnd() {
                return "the body had no next URL at nextPath '"
                        + nextPath
                        + "'; check nextPath against one of the source's pages";
            }
        };
    }

    /** Follows next URLs; shared by the styles whose next page is a whole URL. */
    abstract static class NextLinkPager implements Pager {
        private final String pageSizeParam;
        private final int pageSize;
        private String next;
        private int page = 1;

        NextLinkPager(String pageSizeParam, int pageSize) {
            this.pageSizeParam = pageSizeParam;
            this.pageSize = pageSize;
        }

        abstract String nextLink(PageResponse response);

        /** No next link is the only end these styles know: never confirmed by the source. */
        @Override
        public abstract String unconfirmedEnd();

        @Override
        public void applyTo(PageRequest request) {
            if (next != null) {
                request.url(next);
            } else if (PagingSettings.present(pageSizeParam)) {
                request.queryParam(pageSizeParam, Integer.toString(pageSize));
            }
        }

        @Override
        public boolean advance(PageResponse response) {
            String link = nextLink(response);
            page++;
            if (link == null) {
                next = null;
                return false;
            }
            URI base = response.requestUrl();
            next = base == null ? link : base.resolve(link.trim()).toString();
            return true;
        }

        @Override
        public String position() {
            return "page " + page;
        }

        @Override
        public void restart() {
            next = null;
            page = 1;
        }
    }
}
