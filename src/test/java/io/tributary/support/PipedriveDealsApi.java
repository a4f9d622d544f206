package io.tributary.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Pipedrive's {@code GET /v1/deals} (https://developers.pipedrive.com/docs/api/v1/Deals#getDeals)
 * on 127.0.0.1, built from an OpenAPI document of it ({@code src/test/resources/openapi/}): the
 * path is the document's server path + the operation's, the API token travels in the query
 * parameter its {@code apiKey} security scheme names, the page in the parameters {@code start} and
 * {@code limit} it declares. It answers the documented envelope {@code {"success": true, "data":
 * [...], "additional_data": {"pagination": {"start", "limit", "more_items_in_collection",
 * "next_start"}}}}, capping {@code limit} at {@code maxLimit} (Pipedrive caps it at 500), and a
 * request without the token as Pipedrive does: 401 {@code {"success": false, "error": "unauthorized
 * access", "errorCode": 401}}.
 */
public final class PipedriveDealsApi implements AutoCloseable {
    private final PagedApi server;
    private final String path;

    public PipedriveDealsApi(
            Path document, String operationId, List<JsonNode> deals, String token, int maxLimit) {
        OpenAPI api =
                new OpenAPIParser().readLocation(document.toString(), null, null).getOpenAPI();
        String operationPath = null;
        Operation operation = null;
        for (var e : api.getPaths().entrySet()) {
            Operation get = e.getValue().getGet();
            if (get != null && operationId.equals(get.getOperationId())) {
                operationPath = e.getKey();
                operation = get;
            }
        }
        if (operation == null) {
            throw new IllegalArgumentException(document + " has no GET " + operationId);
        }
        this.path = URI.create(api.getServers().get(0).getUrl()).getPath() + operationPath;
        String keyParam = null;
        for (SecurityScheme s : api.getComponents().getSecuritySchemes().values()) {
            if (s.getType() == SecurityScheme.Type.APIKEY && s.getIn() == SecurityScheme.In.QUERY) {
                keyParam = s.getName();
            }
        }
        String startParam = declared(operation, "start");
        String limitParam = declared(operation, "limit");
        String tokenParam = keyParam;
        this.server =
                PagedApi.answering(
                                r -> {
                                    if (!r.path().equals(path)) {
                                        return PagedApi.Reply.status(
                                                404,
                                                "{\"success\":false,\"error\":\"Unknown method .\"}",
                                                Map.of());
                                    }
                                    if (!token.equals(r.param(tokenParam))) {
                                        return PagedApi.Reply.status(
                                                401,
                                                "{\"success\":false,\"error\":\"unauthorized access\","
                                                        + "\"errorCode\":401}",
                                                Map.of());
                                    }
                                    int start = intParam(r.param(startParam), 0);
                                    int limit =
                                            Math.min(intParam(r.param(limitParam), 100), maxLimit);
                                    return PagedApi.Reply.json(page(deals, start, limit));
                                })
                        .build();
    }

    private static String declared(Operation operation, String name) {
        for (Parameter p : operation.getParameters()) {
            if (p.getName().equals(name) && "query".equals(p.getIn())) {
                return name;
            }
        }
        throw new IllegalArgumentException("the operation declares no query parameter " + name);
    }

    private static int intParam(String value, int otherwise) {
        return value == null ? otherwise : Integer.parseInt(value);
    }

    private static ObjectNode page(List<JsonNode> deals, int start, int limit) {
        ObjectNode body = PagedApi.JSON.createObjectNode();
        body.put("success", true);
        List<JsonNode> slice =
                deals.subList(Math.min(start, deals.size()), Math.min(start + limit, deals.size()));
        if (slice.isEmpty()) {
            body.putNull("data"); // Pipedrive answers data: null past the end
        } else {
            body.putArray("data").addAll(slice);
        }
        ObjectNode pagination = body.putObject("additional_data").putObject("pagination");
        pagination.put("start", start);
        pagination.put("limit", limit);
        boolean more = start + limit < deals.size();
        pagination.put("more_items_in_collection", more);
        if (more) {
            pagination.put("next_start", start + limit);
        }
        return body;
    }

    /** The server's root: the document's server URL's counterpart is {@code baseUrl() + "/v1"}. */
    public String baseUrl() {
        return server.baseUrl();
    }

    public List<PagedApi.Request> requests() {
        return server.requests();
    }

    @Override
    public void close() {
        server.close();
    }
}
