package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.tributary.http.RecordedCall;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A connector's recorded sync, {@code routes/<connector>.cassette.yaml} beside its route file: the
 * calls in the order they were answered, in the shape of VCR.py's cassettes (kevin1024/vcrpy,
 * {@code vcr/serializers/yamlserializer.py}: {@code interactions} of {@code request} {method, uri,
 * headers, body} and {@code response} {status: {code}, headers, body: {string}}), so a reviewer
 * reads it and a diff shows what an API changed. A JSON body is written indented, one field a line;
 * headers that only describe the transfer (length, encoding, connection) are left out, since the
 * replay server sends the body afresh.
 */
final class Cassette {
    static final int VERSION = 1;
    static final String SUFFIX = ".cassette.yaml";
    private static final Set<String> TRANSFER_HEADERS =
            Set.of(
                    "content-length",
                    "transfer-encoding",
                    "content-encoding",
                    "connection",
                    "keep-alive");
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final YAMLMapper YAML =
            YAMLMapper.builder()
                    .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .build();

    private Cassette() {}

    /** The cassette of the connector whose route file is {@code routeFile}. */
    static Path beside(String routeFile, String connector) {
        Path parent = Path.of(routeFile).toAbsolutePath().getParent();
        return parent.resolve(connector + SUFFIX);
    }

    static void write(Path file, String connector, List<RecordedCall> calls) throws IOException {
        ObjectNode root = YAML.createObjectNode();
        ArrayNode interactions = root.putArray("interactions");
        for (RecordedCall c : calls) {
            ObjectNode i = interactions.addObject();
            ObjectNode request = i.putObject("request");
            request.put("method", c.method());
            request.put("uri", c.url());
            if (c.tokenEndpoint()) {
                request.put("tokenEndpoint", true);
            }
            request.set("headers", headers(c.requestHeaders()));
            request.put("body", c.requestBody() == null ? "" : c.requestBody());
            ObjectNode response = i.putObject("response");
            response.putObject("status").put("code", c.status());
            response.set("headers", headers(c.responseHeaders()));
            response.putObject("body").put("string", readable(c.responseBody()));
        }
        root.put("version", VERSION);
        String text =
                "# tributary record "
                        + connector
                        + ": one sync's calls, secrets scrubbed (<scrubbed>, ****);"
                        + " replayed by 'tributary test "
                        + connector
                        + "'\n"
                        + YAML.writeValueAsString(root);
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /**
     * The calls of a cassette file.
     *
     * @throws IllegalArgumentException naming the file and what is wrong in it
     */
    static List<RecordedCall> read(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    file + ": not a readable cassette (" + e.getClass().getSimpleName() + ")");
        }
        if (root == null || !root.path("interactions").isArray()) {
            throw new IllegalArgumentException(
                    file + ": a cassette needs 'interactions:' (a list)");
        }
        List<RecordedCall> calls = new ArrayList<>();
        int n = 0;
        for (JsonNode i : root.path("interactions")) {
            n++;
            JsonNode request = i.path("request");
            JsonNode response = i.path("response");
            String method = request.path("method").asText("");
            String uri = request.path("uri").asText("");
            int status = response.path("status").path("code").asInt(0);
            if (method.isEmpty() || uri.isEmpty() || status < 100 || status > 599) {
                throw new IllegalArgumentException(
                        file
                                + ": interaction "
                                + n
                                + " needs request.method, request.uri and response.status.code"
                                + " (100-599)");
            }
            calls.add(
                    new RecordedCall(
                            method,
                            uri,
                            headers(request.path("headers")),
                            request.path("body").asText(""),
                            status,
                            headers(response.path("headers")),
                            response.path("body").path("string").asText(""),
                            request.path("tokenEndpoint").asBoolean(false)));
        }
        return calls;
    }

    private static ObjectNode headers(Map<String, List<String>> headers) {
        ObjectNode out = YAML.createObjectNode();
        headers.forEach(
                (name, values) -> {
                    if (!TRANSFER_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                        ArrayNode list = out.putArray(name);
                        values.forEach(list::add);
                    }
                });
        return out;
    }

    private static Map<String, List<String>> headers(JsonNode node) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        node.properties()
                .forEach(
                        f -> {
                            List<String> values = new ArrayList<>();
                            if (f.getValue().isArray()) {
                                f.getValue().forEach(v -> values.add(v.asText()));
                            } else {
                                values.add(f.getValue().asText());
                            }
                            out.put(f.getKey(), values);
                        });
        return out;
    }

    /** A JSON body indented (one field a line, for diffs); any other body as it came. */
    private static String readable(String body) {
        if (body == null || body.isBlank()) {
            return body == null ? "" : body;
        }
        String t = body.strip();
        if (t.startsWith("{") || t.startsWith("[")) {
            try {
                return JSON.writeValueAsString(JSON.readTree(t));
            } catch (IOException | RuntimeException notJson) {
                return body;
            }
        }
        return body;
    }
}
