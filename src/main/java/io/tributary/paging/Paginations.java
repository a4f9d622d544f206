package io.tributary.paging;

import io.tributary.connector.ConnectorConfigException;
import java.util.List;

/** The closed list of pagination style names a connector may use, each mapped to one class. */
public final class Paginations {
    public static final List<String> NAMES = List.of("page-number", "none");

    private Paginations() {
    }

    public static Pagination create(String connector, String style, String pageParam, String pageSizeParam,
                                    int pageSize, int firstPage, String totalPagesPath) {
        switch (style == null ? "none" : style) {
            case "page-number":
                if (pageParam == null || pageParam.isBlank()) {
                    throw new ConnectorConfigException(connector, "pageParam", pageParam, "is required by page-number pagination");
                }
                return new PageNumberPagination(pageParam, pageSizeParam, pageSize, firstPage, totalPagesPath);
            case "none":
                return new SinglePage();
            default:
                throw new ConnectorConfigException(connector, "pagination", style, "must be one of " + NAMES);
        }
    }
}
