package io.tributary.format;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * How records are parsed, shared by every reader: numbers with a fraction keep exactly the digits
 * the source wrote ({@code 16.50} stays {@code 16.50}), as {@code schema.SourceJson} reads a page.
 */
final class RecordJson {
    static final ObjectMapper MAPPER =
            new ObjectMapper()
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    static final JsonNodeFactory NODES = MAPPER.getNodeFactory();

    private RecordJson() {}
}
