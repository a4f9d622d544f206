package io.tributary.paging;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * What a pagination strategy may look at after a page arrives.
 *
 * @param body    the parsed response body
 * @param headers the response headers (names as the server sent them)
 * @param records how many records the page held
 */
public record PageResponse(JsonNode body, Map<String, Object> headers, int records) {
}
