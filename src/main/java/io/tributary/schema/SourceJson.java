package io.tributary.schema;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;

/**
 * How source records are parsed: numbers with a fraction become BigDecimals holding exactly the
 * digits the source wrote ({@code 16.0}, {@code 16.50}, {@code 0.000} stay as written). Jackson's
 * defaults read them as doubles, or strip trailing zeros when reading trees.
 */
public final class SourceJson {
    private SourceJson() {}

    public static ObjectMapper mapper() {
        return new ObjectMapper()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    }
}
