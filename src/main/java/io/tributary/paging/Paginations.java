package io.tributary.paging;

import io.tributary.config.ConnectorConfigException;
import java.util.List;

/**
 * The closed list of pagination style names a connector may use, each mapped to one class: {@code
 * page-number} ({@link PageNumberPagination}), {@code offset} ({@link OffsetPagination}), {@code
 * cursor} ({@link TokenPagination}), {@code next-url} ({@link NextUrlPagination}), {@code
 * link-header} ({@link LinkHeaderPagination}), {@code has-more} ({@link HasMorePagination}), {@code
 * end-flag} ({@link EndFlagPagination}), {@code post-token} ({@link PostTokenPagination}), {@code
 * graphql} ({@link GraphqlPagination}), {@code none} ({@link SinglePage}).
 */
public final class Paginations {
    public static final List<String> NAMES =
            List.of(
                    "page-number",
                    "offset",
                    "cursor",
                    "next-url",
                    "link-header",
                    "has-more",
                    "end-flag",
                    "post-token",
                    "graphql",
                    "none");

    private Paginations() {}

    public static Pagination create(
            String connector,
            String style,
            String pageParam,
            String pageSizeParam,
            int pageSize,
            int firstPage,
            String totalPagesPath) {
        return create(
                connector,
                style,
                PagingSettings.of(pageParam, pageSizeParam, pageSize, firstPage, totalPagesPath));
    }

    public static Pagination create(String connector, String style, PagingSettings s) {
        switch (style == null ? "none" : style) {
            case "page-number":
                if (s.templated()) {
                    // {page} in the request template: nothing in the query
                    return new PageNumberPagination(
                            null, null, s.pageSize(), s.firstPage(), s.totalPagesPath());
                }
                require(connector, style, "pageParam", s.pageParam());
                return new PageNumberPagination(
                        s.pageParam(),
                        s.pageSizeParam(),
                        s.pageSize(),
                        s.firstPage(),
                        s.totalPagesPath());
            case "offset":
                require(connector, style, "offsetParam", s.offsetParam());
                return new OffsetPagination(
                        s.offsetParam(), s.pageSizeParam(), s.pageSize(), s.totalPath());
            case "cursor":
                require(connector, style, "nextPath", s.nextPath());
                if (!s.templated()) { // else {pageToken} in the request template carries it
                    require(connector, style, "tokenParam", s.tokenParam());
                }
                return new TokenPagination(
                        s.nextPath(),
                        s.templated() ? null : s.tokenParam(),
                        s.templated() ? null : s.pageSizeParam(),
                        s.pageSize(),
                        s.hasMorePath());
            case "next-url":
                require(connector, style, "nextPath", s.nextPath());
                return new NextUrlPagination(s.nextPath(), s.pageSizeParam(), s.pageSize());
            case "link-header":
                return new LinkHeaderPagination(s.pageSizeParam(), s.pageSize());
            case "has-more":
                require(connector, style, "tokenParam", s.tokenParam());
                return new HasMorePagination(
                        orDefault(s.hasMorePath(), "/has_more"),
                        orDefault(s.idPath(), "/id"),
                        s.tokenParam(),
                        s.pageSizeParam(),
                        s.pageSize());
            case "end-flag":
                require(connector, style, "nextPath", s.nextPath());
                if (!s.templated()) {
                    require(connector, style, "tokenParam", s.tokenParam());
                }
                require(connector, style, "endFlagPath", s.endFlagPath());
                return new EndFlagPagination(
                        s.nextPath(),
                        s.templated() ? null : s.tokenParam(),
                        s.endFlagPath(),
                        s.templated() ? null : s.pageSizeParam(),
                        s.pageSize());
            case "post-token":
                require(connector, style, "nextPath", s.nextPath());
                require(connector, style, "tokenParam", s.tokenParam());
                try {
                    return new PostTokenPagination(
                            PostTokenPagination.parseBody(s.requestBody()),
                            s.nextPath(),
                            s.tokenParam(),
                            s.pageSizeParam(),
                            s.pageSize(),
                            s.hasMorePath());
                } catch (IllegalArgumentException e) {
                    throw new ConnectorConfigException(
                            connector, "requestBody", s.requestBody(), e.getMessage());
                }
            case "graphql":
                require(connector, style, "nextPath", s.nextPath());
                require(connector, style, "hasMorePath", s.hasMorePath());
                try {
                    return new GraphqlPagination(
                            GraphqlPagination.parseRequest(s.requestBody()),
                            s.nextPath(),
                            s.hasMorePath(),
                            s.tokenParam());
                } catch (IllegalArgumentException e) {
                    throw new ConnectorConfigException(
                            connector, "requestBody", s.requestBody(), e.getMessage());
                }
            case "none":
                return new SinglePage();
            default:
                throw new ConnectorConfigException(
                        connector, "pagination", style, "must be one of " + NAMES);
        }
    }

    private static void require(String connector, String style, String parameter, String value) {
        if (!PagingSettings.present(value)) {
            throw new ConnectorConfigException(
                    connector, parameter, value, "is required by " + style + " pagination");
        }
    }

    private static String orDefault(String value, String defaultValue) {
        return PagingSettings.present(value) ? value : defaultValue;
    }
}
