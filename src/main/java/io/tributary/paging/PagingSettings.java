package io.tributary.paging;

/**
 * The route parameters the pagination styles read; each style uses the few that concern it.
 *
 * @param pageParam page number parameter ({@code page-number})
 * @param pageSizeParam page size parameter, in the query or, for {@code post-token}, in the body
 * @param pageSize records asked for per page
 * @param firstPage number of the first page ({@code page-number})
 * @param totalPagesPath JSON pointer to the page count ({@code page-number})
 * @param offsetParam offset parameter ({@code offset}), e.g. {@code offset} or Jira's {@code
 *     startAt}
 * @param totalPath JSON pointer to the total record count ({@code offset}), e.g. {@code /total}
 * @param nextPath JSON pointer to the next token or next URL in the body
 * @param tokenParam query parameter or body field that carries the token
 * @param hasMorePath JSON pointer to a "more pages follow" flag, e.g. Stripe's {@code /has_more}
 * @param endFlagPath JSON pointer to an "this was the last page" flag, e.g. Zendesk's {@code
 *     /end_of_stream}
 * @param idPath JSON pointer to a record's id ({@code has-more}), e.g. {@code /id}
 * @param requestBody JSON body of a {@code post-token} request, without the token
 * @param templated the request template carries the page number or token ({@code {page}}, {@code
 *     {pageToken}}) and the size ({@code {pageSize}}), so the style adds nothing to the query and
 *     needs no {@code pageParam} / {@code tokenParam}
 */
public record PagingSettings(
        String pageParam,
        String pageSizeParam,
        int pageSize,
        int firstPage,
        String totalPagesPath,
        String offsetParam,
        String totalPath,
        String nextPath,
        String tokenParam,
        String hasMorePath,
        String endFlagPath,
        String idPath,
        String requestBody,
        boolean templated) {

    /** The settings of the two original styles; the others keep their defaults. */
    public static PagingSettings of(
            String pageParam,
            String pageSizeParam,
            int pageSize,
            int firstPage,
            String totalPagesPath) {
        return new PagingSettings(
                pageParam,
                pageSizeParam,
                pageSize,
                firstPage,
                totalPagesPath,
                "offset",
                null,
                null,
                null,
                null,
                null,
                "/id",
                null,
                false);
    }

    static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
