package io.tributary.cli;

import java.util.List;

/**
 * What {@code tributary new} writes under {@code pagination:} for each style: its parameters with
 * the most common names, each marked for the API's own.
 */
final class PagingLines {
    private PagingLines() {}

    static List<String> of(String style) {
        String edit = "   # the API's name for it";
        return switch (style) {
            case "page-number" ->
                    List.of(
                            "        pageParam: page" + edit,
                            "        pageSizeParam: page_size" + edit,
                            "        pageSize: 100");
            case "offset" ->
                    List.of(
                            "        offsetParam: offset" + edit,
                            "        pageSizeParam: limit" + edit,
                            "        pageSize: 100");
            case "cursor" ->
                    List.of(
                            "        nextPath: /next_cursor   # where the answer holds the next token",
                            "        tokenParam: cursor" + edit);
            case "next-url" ->
                    List.of(
                            "        nextPath: /next   # where the answer holds the next page's URL");
            case "link-header" ->
                    List.of("        pageSizeParam: per_page" + edit, "        pageSize: 100");
            case "has-more" ->
                    List.of(
                            "        hasMorePath: /has_more   # the answer's 'more pages' flag",
                            "        tokenParam: starting_after   # sent with the last record's id",
                            "        pageSizeParam: limit" + edit);
            case "end-flag" ->
                    List.of(
                            "        endFlagPath: /end_of_stream   # the answer's 'last page' flag",
                            "        nextPath: /after_cursor   # where the answer holds the next token",
                            "        tokenParam: cursor" + edit);
            case "post-token" ->
                    List.of(
                            "        nextPath: /next_cursor   # where the answer holds the next token",
                            "        tokenParam: start_cursor   # the JSON body's field for it");
            case "graphql" ->
                    List.of(
                            "        # the API's query; $after is the page cursor (null on the first page), its closing braces apart",
                            "        requestBody: 'RAW({\"query\": \"query($after: String) { items(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { id updatedAt } } }\", \"variables\": {} })'",
                            "        nextPath: /data/items/pageInfo/endCursor   # the connection's pageInfo",
                            "        hasMorePath: /data/items/pageInfo/hasNextPage" + edit);
            default -> List.of();
        };
    }
}
