package io.tributary.cli.openapi;

import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One GET operation of an OpenAPI 3 document, found by its {@code operationId}, with its references
 * resolved (swagger-parser): its server, path, parameters and the 200 answer's JSON schema. A
 * document that is not OpenAPI 3, an operation id it does not have, or an answer without a JSON
 * schema is refused with the operations it does have.
 */
final class OpenApiOperation {
    final Path file;
    final OpenAPI api;
    final String operationId;
    final String method;
    final String path;
    final Operation operation;

    private OpenApiOperation(
            Path file, OpenAPI api, String id, String method, String path, Operation operation) {
        this.file = file;
        this.api = api;
        this.operationId = id;
        this.method = method;
        this.path = path;
        this.operation = operation;
    }

    static OpenApiOperation read(Path file, String operationId) {
        if (!Files.isRegularFile(file)) {
            throw new OpenApiException("--openapi value '" + file + "': no such file");
        }
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true); // every $ref inlined: the schemas read as trees
        SwaggerParseResult parsed =
                new OpenAPIParser().readLocation(file.toAbsolutePath().toString(), null, options);
        OpenAPI api = parsed.getOpenAPI();
        if (api == null || api.getPaths() == null || api.getOpenapi() == null) {
            List<String> messages = parsed.getMessages() == null ? List.of() : parsed.getMessages();
            throw new OpenApiException(
                    "--openapi value '"
                            + file
                            + "': not an OpenAPI 3 document"
                            + (messages.isEmpty() ? "" : " (" + String.join("; ", messages) + ")"));
        }
        if (operationId == null || operationId.isBlank()) {
            throw new OpenApiException(
                    "--openapi needs --operation ID: the operation whose records to load; "
                            + file
                            + " has "
                            + listing(api));
        }
        for (Map.Entry<String, PathItem> e : api.getPaths().entrySet()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> o :
                    e.getValue().readOperationsMap().entrySet()) {
                if (operationId.equals(o.getValue().getOperationId())) {
                    if (o.getKey() != PathItem.HttpMethod.GET) {
                        throw new OpenApiException(
                                "--operation value '"
                                        + operationId
                                        + "': "
                                        + o.getKey()
                                        + " "
                                        + e.getKey()
                                        + " is not a GET; the HTTP source reads lists with GET. "
                                        + file
                                        + " has "
                                        + listing(api));
                    }
                    return new OpenApiOperation(
                            file, api, operationId, "GET", e.getKey(), o.getValue());
                }
            }
        }
        throw new OpenApiException(
                "--operation value '"
                        + operationId
                        + "': "
                        + file
                        + " has no operation with that operationId; it has "
                        + listing(api));
    }

    /** The operations a connector can be made from (GET, a records array), then the others. */
    static String listing(OpenAPI api) {
        List<String> lists = new ArrayList<>();
        List<String> others = new ArrayList<>();
        api.getPaths()
                .forEach(
                        (path, item) ->
                                item.readOperationsMap()
                                        .forEach(
                                                (method, op) -> {
                                                    String id =
                                                            op.getOperationId() == null
                                                                    ? "(no operationId)"
                                                                    : op.getOperationId();
                                                    String shown =
                                                            id + " (" + method + " " + path + ")";
                                                    boolean records =
                                                            method == PathItem.HttpMethod.GET
                                                                    && RecordsArray.find(
                                                                                    answerSchema(
                                                                                            op))
                                                                            != null;
                                                    (records ? lists : others).add(shown);
                                                }));
        return "operations with a records array: "
                + (lists.isEmpty() ? "none" : shortened(lists))
                + (others.isEmpty() ? "" : "; others: " + shortened(others));
    }

    /** A whole document (Stripe's has some 500 operations) would bury the message. */
    private static String shortened(List<String> operations) {
        int shown = 40;
        return operations.size() <= shown
                ? String.join(", ", operations)
                : String.join(", ", operations.subList(0, shown))
                        + " and "
                        + (operations.size() - shown)
                        + " more";
    }

    /** The server's URL, its variables at their defaults, without a trailing slash. */
    String serverUrl() {
        List<Server> servers =
                operation.getServers() != null && !operation.getServers().isEmpty()
                        ? operation.getServers()
                        : api.getServers();
        if (servers == null || servers.isEmpty() || servers.get(0).getUrl() == null) {
            return null;
        }
        Server server = servers.get(0);
        String url = server.getUrl();
        if (server.getVariables() != null) {
            for (var v : server.getVariables().entrySet()) {
                url =
                        url.replace(
                                "{" + v.getKey() + "}", String.valueOf(v.getValue().getDefault()));
            }
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    List<Parameter> parameters(String in) {
        List<Parameter> all = new ArrayList<>();
        if (operation.getParameters() != null) {
            for (Parameter p : operation.getParameters()) {
                if (in.equals(p.getIn())) {
                    all.add(p);
                }
            }
        }
        return all;
    }

    /** The query parameter of this name (any case), or null. */
    Parameter query(String name) {
        for (Parameter p : parameters("query")) {
            if (p.getName().equalsIgnoreCase(name)) {
                return p;
            }
        }
        return null;
    }

    /** The 200 (else first 2xx) answer, or null. */
    ApiResponse answer() {
        return answer(operation);
    }

    private static ApiResponse answer(Operation op) {
        if (op.getResponses() == null) {
            return null;
        }
        ApiResponse ok = op.getResponses().get("200");
        if (ok != null) {
            return ok;
        }
        for (var e : op.getResponses().entrySet()) {
            if (e.getKey().startsWith("2")) {
                return e.getValue();
            }
        }
        return null;
    }

    /** The answer's JSON body schema, or null. */
    @SuppressWarnings("rawtypes")
    static Schema answerSchema(Operation op) {
        ApiResponse r = answer(op);
        if (r == null || r.getContent() == null) {
            return null;
        }
        for (Map.Entry<String, MediaType> m : r.getContent().entrySet()) {
            String type = m.getKey().toLowerCase(Locale.ROOT);
            if (type.contains("json") && m.getValue().getSchema() != null) {
                return m.getValue().getSchema();
            }
        }
        return null;
    }

    @SuppressWarnings("rawtypes")
    Schema answerSchema() {
        return answerSchema(operation);
    }

    /** "getDeals (GET /deals)". */
    String shown() {
        return operationId + " (" + method + " " + path + ")";
    }
}
