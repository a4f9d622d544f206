package io.tributary.paging;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.http.GraphqlCost;
import io.tributary.http.PageRequest;

/**
 * A GraphQL connection (the Relay cursor connections that GitHub and Shopify serve): every page is
 * a POST of {@code {"query": "...", "variables": {...}}}; the connection's {@code pageInfo {
 * hasNextPage endCursor }} names the next page, whose cursor goes into the query's {@code $after}
 * variable: JSON {@code null} on the first page (GitHub refuses an empty string as a cursor).
 * {@code hasNextPage: false} ends the sequence. The records' cursor (e.g. {@code updatedAt}) is
 * another variable, a {@code {cursor}} placeholder inside the request template's {@code variables}.
 *
 * <p>GitHub's {@code repository.issues} connection
 * (https://docs.github.com/en/graphql/guides/using-pagination-in-the-graphql-api):
 *
 * <pre>
 * pagination: graphql
 * requestBody: '{"query": "query($after: String, $since: DateTime) { repository(owner: \"octo\", name: \"app\")
 *   { issues(first: 100, after: $after, filterBy: {since: $since}, orderBy: {field: UPDATED_AT, direction: ASC})
 *   { pageInfo { hasNextPage endCursor } nodes { id number title updatedAt } } } }",
 *   "variables": {"since": "{cursor}"}}'
 * recordsPath: /data/repository/issues/nodes
 * nextPath: /data/repository/issues/pageInfo/endCursor
 * hasMorePath: /data/repository/issues/pageInfo/hasNextPage
 * tokenParam: after            # the variable; after by default
 * </pre>
 *
 * An {@code errors} array in a 200 answer is classified by the connector's error policy ({@code
 * io.tributary.http.GraphqlErrors}). An answer's {@code extensions.cost} (Shopify, {@link
 * GraphqlCost}) whose bucket holds less than the query's requested cost makes the next request wait
 * for the refill ({@link Pager#hold}), which the connector's rate limiter pays, instead of sending
 * a query bound to be {@code THROTTLED}.
 */
public final class GraphqlPagination implements Pagination {
    /** The variable that carries the page's cursor unless {@code tokenParam} names another. */
    public static final String DEFAULT_VARIABLE = "after";

    private final ObjectNode template;
    private final JsonPointer nextPath;
    private final JsonPointer hasNextPage;
    private final String variable;

    public GraphqlPagination(
            ObjectNode template, String nextPath, String hasNextPagePath, String variable) {
        this.template = template;
        this.nextPath = JsonPointer.compile(nextPath);
        this.hasNextPage = JsonPointer.compile(hasNextPagePath);
        this.variable = PagingSettings.present(variable) ? variable.trim() : DEFAULT_VARIABLE;
    }

    /**
     * Parses the {@code requestBody} parameter: a GraphQL request, {@code {"query": "...",
     * "variables": {...}}} (variables optional).
     *
     * @throws IllegalArgumentException saying what is missing
     */
    public static ObjectNode parseRequest(String json) {
        ObjectNode body;
        try {
            body = PostTokenPagination.parseBody(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "must be a GraphQL request, a JSON object such as"
                            + " {\"query\": \"query($after: String) {...}\", \"variables\": {}}");
        }
        JsonNode query = body.get("query");
        if (query == null || !query.isTextual() || query.asText().isBlank()) {
            throw new IllegalArgumentException(
                    "needs a \"query\" string: the GraphQL query, e.g. {\"query\": \"query($after:"
                            + " String) { viewer { repositories(first: 100, after: $after) {...} } }\"}");
        }
        JsonNode variables = body.get("variables");
        if (variables != null && !variables.isObject() && !variables.isNull()) {
            throw new IllegalArgumentException(
                    "has \"variables\" that is not a JSON object: write {\"variables\": {\"since\":"
                            + " \"{cursor}\"}}");
        }
        return body;
    }

    @Override
    public Pager begin() {
        return new TokenPager(nextPath, variable) {
            private Hold hold;

            @Override
            public boolean advance(PageResponse response) {
                JsonNode body = response.body();
                hold =
                        GraphqlCost.refill(body)
                                .filter(wait -> !wait.isZero())
                                .map(wait -> new Hold(wait, GraphqlCost.shortfall(body)))
                                .orElse(null);
                return super.advance(response);
            }

            @Override
            public Hold hold() {
                return hold;
            }

            @Override
            public void applyTo(PageRequest request) {
                // the request template's body as this request fills it ({cursor} in a variable);
                // the page's cursor goes in after, so it is never read as a template
                ObjectNode body =
                        request.body() != null
                                ? PostTokenPagination.parseBody(request.body())
                                : template.deepCopy();
                JsonNode vars = body.get("variables");
                ObjectNode variables =
                        vars instanceof ObjectNode o ? o : body.putObject("variables");
                if (token == null) {
                    variables.putNull(variable);
                } else {
                    variables.put(variable, token);
                }
                String type = request.contentType(); // requestHeaders' Content-Type, if it set one
                request.jsonBody(body.toString());
                if (type != null) {
                    request.contentType(type);
                }
            }

            @Override
            boolean ended(PageResponse response) {
                JsonNode flag = response.body() == null ? null : response.body().at(hasNextPage);
                return flag != null && flag.isBoolean() && !flag.asBoolean();
            }
        };
    }
}
