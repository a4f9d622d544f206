package io.tributary.paging;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Map;

/**
 * What a pagination strategy may look at after a page arrives.
 *
 * @param body the parsed response body
 * @param headers the response headers (names as the server sent them)
 * @param records how many records the page held
 * @param page the page's records array (empty when unknown)
 * @param requestUrl the URL the page came from, to resolve relative next links against
 */
public record PageResponse(
        JsonNode body, Map<String, Object> headers, int records, JsonNode page, URI requestUrl) {

    public PageResponse(JsonNode body, Map<String, Object> headers, int records) {
        this(
                body,
                headers,
                records,
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode(),
                null);
    }

    /** A response header's value, whatever case the server used for its name; null when absent. */
    public String header(String name) {
        for (Map.Entry<String, Object> h : headers.entrySet()) {
            if (h.getKey().equalsIgnoreCase(name) && h.getValue() != null) {
                Object v = h.getValue();
                if (v instanceof java.util.Collection<?> c) {
                    return c.stream()
                            .map(String::valueOf)
                            .collect(java.util.stream.Collectors.joining(", "));
                }
                return String.valueOf(v);
            }
        }
        return null;
    }

    /** The text at a JSON pointer in the body; null when absent, null or empty. */
    public String text(com.fasterxml.jackson.core.JsonPointer pointer) {
        JsonNode n = body == null ? null : body.at(pointer);
        return n == null || n.isMissingNode() || n.isNull() || n.asText().isEmpty()
                ? null
                : n.asText();
    }
}
