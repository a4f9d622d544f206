package io.tributary.paging;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.http.PageRequest;

/**
 * For APIs that page by POST: every page is a POST with a JSON body; the token from the previous
 * response goes into a body field. No token, or a "more" flag that is false, ends it.
 *
 * <p>Notion: {@code POST /v1/databases/{id}/query} with {@code
 * {"page_size":100,"start_cursor":"..."}} answers {@code
 * {"results":[...],"has_more":true,"next_cursor":"fc0a..."}}:
 *
 * <pre>
 * pagination: post-token
 * requestBody: '{"filter":{"property":"Status","status":{"equals":"Done"}}}'
 * pageSizeParam: page_size
 * nextPath: /next_cursor
 * tokenParam: start_cursor
 * hasMorePath: /has_more
 * recordsPath: /results
 * </pre>
 */
public final class PostTokenPagination implements Pagination {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ObjectNode template;
    private final JsonPointer nextPath;
    private final String tokenField;
    private final String pageSizeField;
    private final int pageSize;
    private final JsonPointer hasMore;

    public PostTokenPagination(
            ObjectNode template,
            String nextPath,
            String tokenField,
            String pageSizeField,
            int pageSize,
            String hasMorePath) {
        this.template = template;
        this.nextPath = JsonPointer.compile(nextPath);
        this.tokenField = tokenField;
        this.pageSizeField = pageSizeField;
        this.pageSize = pageSize;
        this.hasMore =
                PagingSettings.present(hasMorePath) ? JsonPointer.compile(hasMorePath) : null;
    }

    /** Parses the {@code requestBody} parameter: a JSON object, or empty for {}. */
    public static ObjectNode parseBody(String json) {
        if (!PagingSettings.present(json)) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode n = JSON.readTree(json);
            if (n instanceof ObjectNode o) {
                return o;
            }
        } catch (java.io.IOException e) {
            // reported below
        }
        throw new IllegalArgumentException("must be a JSON object such as {\"filter\":{...}}");
    }

    @Override
    public Pager begin() {
        return new TokenPager(nextPath, null) {
            @Override
            public void applyTo(PageRequest request) {
                // the connector's requestBody as this request fills it (its placeholders), else
                // the one given here; the token goes in after, so no token is ever read as one
                ObjectNode body =
                        request.body() != null ? parseBody(request.body()) : template.deepCopy();
                if (PagingSettings.present(pageSizeField)) {
                    body.put(pageSizeField, pageSize);
                }
                if (token != null) {
                    body.put(tokenField, token);
                }
                String type = request.contentType(); // requestHeaders' Content-Type, if it set one
                request.jsonBody(body.toString());
                if (type != null) {
                    request.contentType(type);
                }
            }

            @Override
            boolean ended(PageResponse response) {
                JsonNode flag = hasMore == null ? null : response.body().at(hasMore);
                return flag != null && flag.isBoolean() && !flag.asBoolean();
            }
        };
    }
}
