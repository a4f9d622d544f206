package io.tributary.paging;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The RFC 8288 {@code Link} response header names the next page ({@code rel="next"}); no such link
 * means the last page. The link is followed as sent, relative links resolved against the page's
 * URL.
 *
 * <p>GitHub: {@code GET /repos/octokit/rest.js/issues?per_page=100&since=...} answers with {@code
 * Link: <https://api.github.com/repositories/711976/issues?per_page=100&page=2>; rel="next",
 * <...&page=5>; rel="last"}; Shopify's REST Admin does the same with an opaque {@code page_info}:
 *
 * <pre>
 * pagination: link-header
 * pageSizeParam: per_page
 * pageSize: 100
 * recordsPath: /              # the body is the array itself
 * </pre>
 */
public final class LinkHeaderPagination implements Pagination {
    private static final Pattern LINK =
            Pattern.compile("<([^>]*)>((?:\\s*;\\s*[^;,]+(?:=(?:\"[^\"]*\"|[^;,]*))?)*)");
    private static final Pattern REL =
            Pattern.compile("(?i)\\brel\\s*=\\s*(?:\"([^\"]*)\"|([^;,\\s]+))");
    private final String pageSizeParam;
    private final int pageSize;

    public LinkHeaderPagination(String pageSizeParam, int pageSize) {
        this.pageSizeParam = pageSizeParam;
        this.pageSize = pageSize;
    }

    @Override
    public Pager begin() {
        return new NextUrlPagination.NextLinkPager(pageSizeParam, pageSize) {
            @Override
            String nextLink(PageResponse response) {
                return next(response.header("Link"));
            }

            @Override
            public String unconfirmedEnd() {
                return "the source sent no Link header with rel=\"next\"; a source that sends it only when the page number "
                        + "is in the request needs pagination: page-number, with pageParam (e.g. page)";
            }
        };
    }

    /** The target of the link with relation {@code next} in a Link header's value, or null. */
    public static String next(String linkHeader) {
        if (linkHeader == null) {
            return null;
        }
        Matcher m = LINK.matcher(linkHeader);
        while (m.find()) {
            Matcher rel = REL.matcher(m.group(2));
            if (rel.find()) {
                String rels = rel.group(1) != null ? rel.group(1) : rel.group(2);
                for (String r : rels.trim().split("\\s+")) {
                    if (r.equalsIgnoreCase("next")) {
                        return m.group(1).trim();
                    }
                }
            }
        }
        return null;
    }
}
