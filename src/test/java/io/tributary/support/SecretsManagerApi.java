package io.tributary.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * AWS Secrets Manager's {@code GetSecretValue} on 127.0.0.1, as its API reference describes it
 * (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html and
 * .../CommonErrors.html): the AWS JSON 1.1 protocol, {@code POST /} with {@code X-Amz-Target:
 * secretsmanager.GetSecretValue} and a body {@code {"SecretId": NAME}}, answered {@code {"ARN",
 * "Name", "SecretString", "VersionId", "VersionStages"}}, or 400 {@code ResourceNotFoundException}.
 * The signature (Signature Version 4) is not verified; the calls' {@code Authorization} headers are
 * kept so a test can see they were signed with the configured key.
 */
public final class SecretsManagerApi implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> secretIds = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    public SecretsManagerApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Stores a secret: its {@code SecretString} (often a JSON object of fields). */
    public SecretsManagerApi secret(String name, String secretString) {
        secrets.put(name, secretString);
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The {@code SecretId}s asked for, in order. */
    public List<String> secretIds() {
        return secretIds;
    }

    /** Each call's {@code Authorization} header. */
    public List<String> authorizations() {
        return authorizations;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(authorization == null ? "" : authorization);
            if (!"POST".equals(exchange.getRequestMethod())
                    || !"secretsmanager.GetSecretValue".equals(target)) {
                answer(
                        exchange,
                        400,
                        error("UnknownOperationException", "not imitated: " + target));
                return;
            }
            String id = request.path("SecretId").asText();
            secretIds.add(id);
            String value = secrets.get(id);
            if (value == null) {
                answer(
                        exchange,
                        400,
                        error(
                                "ResourceNotFoundException",
                                "Secrets Manager can't find the specified secret."));
                return;
            }
            ObjectNode body = JSON.createObjectNode();
            body.put(
                    "ARN",
                    "arn:aws:secretsmanager:us-east-1:123456789012:secret:" + id + "-a1B2c3");
            body.put("Name", id);
            body.put("SecretString", value);
            body.put("VersionId", "EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE");
            body.putArray("VersionStages").add("AWSCURRENT");
            body.put("CreatedDate", 1.764547200E9);
            answer(exchange, 200, body);
        }
    }

    private static ObjectNode error(String type, String message) {
        ObjectNode error = JSON.createObjectNode();
        error.put("__type", type);
        error.put("message", message);
        return error;
    }

    private static void answer(HttpExchange exchange, int status, JsonNode body)
            throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().set("x-amzn-RequestId", "tributary-test");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
