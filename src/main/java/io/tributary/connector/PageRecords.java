package io.tributary.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * A page's body as the records array the mapping reads: what the source sent (a JSON array), or
 * what a step between source and sink made of it (a List of Maps, JSON text).
 */
final class PageRecords {
    private PageRecords() {}

    static JsonNode of(String connector, Object body) {
        try {
            JsonNode page;
            if (body == null) {
                return Connector.JSON.createArrayNode();
            } else if (body instanceof JsonNode) {
                page = (JsonNode) body;
            } else if (body instanceof String) {
                page = Connector.JSON.readTree((String) body);
            } else if (body instanceof byte[]) {
                page = Connector.JSON.readTree((byte[]) body);
            } else {
                page = Connector.JSON.valueToTree(body); // a List of Maps, a Map
            }
            if (page.isObject()) {
                ArrayNode one = Connector.JSON.createArrayNode();
                one.add(page); // a step that left one record
                return one;
            }
            if (!page.isArray()) {
                throw new IllegalArgumentException("a " + page.getNodeType());
            }
            return page;
        } catch (java.io.IOException | IllegalArgumentException e) {
            // never the body itself: it holds record values
            throw new IllegalArgumentException(
                    "connector '"
                            + connector
                            + "': the page that reached the sink is not a list of records ("
                            + body.getClass().getSimpleName()
                            + "); a step between source and sink must leave a JSON array or a List of Maps",
                    null);
        }
    }
}
