package io.tributary.paging;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.http.PageRequest;

/**
 * Numbered pages: {@code ?page=1&page_size=100}, then 2, 3... When the body reports the total
 * number of pages ({@code totalPagesPath}), that total decides, because servers may cap the page
 * size below what was asked; otherwise it stops on an empty page or one shorter than the page size.
 * An empty page always stops.
 *
 * <p>Fits the demo weather API and many internal APIs, e.g. {@code GET
 * /v1/observations?page=2&page_size=500} answering {@code
 * {"page":2,"total_pages":29,"observations":[...]}}:
 *
 * <p>With a cursor parameter, every committed page moves the cursor and paging starts again at the
 * first page from there ({@link Pager#restart}); page numbers only advance while the cursor is tied
 * (a whole page of records with the same cursor value). A record updated mid-sync moves to the end
 * of the filtered result and cannot shift an unread record onto a page already read.
 *
 * <pre>
 * pagination: page-number
 * pageParam: page
 * pageSizeParam: page_size
 * pageSize: 500
 * totalPagesPath: /total_pages
 * </pre>
 *
 * <p>Without {@code pageParam} (the request template writes {@code {page}}, e.g. Workday's SOAP
 * {@code <bsvc:Page>{page}</bsvc:Page>}), nothing goes in the query: see {@link Pager#pageNumber}.
 */
public final class PageNumberPagination implements Pagination {
    private final String pageParam;
    private final String pageSizeParam;
    private final int pageSize;
    private final int firstPage;
    private final JsonPointer totalPages;

    /**
     * @param totalPagesPath JSON pointer to the total page count in the body, or null when the API
     *     reports none
     */
    public PageNumberPagination(
            String pageParam,
            String pageSizeParam,
            int pageSize,
            int firstPage,
            String totalPagesPath) {
        this.pageParam = pageParam;
        this.pageSizeParam = pageSizeParam;
        this.pageSize = pageSize;
        this.firstPage = firstPage;
        this.totalPages =
                totalPagesPath == null || totalPagesPath.isBlank()
                        ? null
                        : JsonPointer.compile(totalPagesPath);
    }

    @Override
    public Pager begin() {
        return new Pager() {
            private int page = firstPage;

            @Override
            public void applyTo(PageRequest request) {
                if (!PagingSettings.present(pageParam)) {
                    return; // the request template carries it: {page}, {pageSize}
                }
                request.queryParam(pageParam, Integer.toString(page));
                if (pageSizeParam != null && !pageSizeParam.isBlank()) {
                    request.queryParam(pageSizeParam, Integer.toString(pageSize));
                }
            }

            @Override
            public boolean advance(PageResponse response) {
                boolean more = response.records() > 0 && response.records() >= pageSize;
                if (totalPages != null) {
                    JsonNode total = response.body().at(totalPages);
                    // an XML envelope's Total_Pages is text: "3"
                    if (total.canConvertToInt()
                            || total.isTextual() && total.asText().strip().matches("\\d{1,9}")) {
                        int pages =
                                total.isTextual()
                                        ? Integer.parseInt(total.asText().strip())
                                        : total.asInt();
                        more = response.records() > 0 && page - firstPage + 1 < pages;
                    }
                }
                page++;
                return more;
            }

            @Override
            public String position() {
                return "page " + page;
            }

            @Override
            public Integer pageNumber() {
                return page;
            }

            @Override
            public void restart() {
                page = firstPage;
            }
        };
    }
}
