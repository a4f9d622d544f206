package io.tributary.cli.openapi;

import io.swagger.v3.oas.models.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * Where the answer's records are: the body itself when it is an array (GitHub's {@code
 * /repos/{owner}/{repo}/issues}), else the envelope's array of objects, preferring the usual names
 * ({@code data}: Stripe, Pipedrive; {@code items}, {@code results}, {@code records}), one level of
 * nesting deep at most ({@code {"response": {"items": [...]}}}).
 *
 * @param pointer the {@code recordsPath}: {@code /} or {@code /data}
 * @param item the schema of one record
 */
record RecordsArray(String pointer, SchemaShape item) {
    private static final List<String> USUAL = List.of("data", "items", "results", "records");

    /** The records array of a body of this schema, or null when it has none. */
    @SuppressWarnings("rawtypes")
    static RecordsArray find(Schema body) {
        if (body == null) {
            return null;
        }
        SchemaShape shape = SchemaShape.of(body);
        if (shape.isArray()) {
            return new RecordsArray("/", shape.items());
        }
        return inEnvelope(shape, "", 0);
    }

    @SuppressWarnings("rawtypes")
    private static RecordsArray inEnvelope(SchemaShape envelope, String at, int depth) {
        Map<String, Schema> properties = envelope.properties();
        for (String name : USUAL) {
            RecordsArray found = arrayOfObjects(properties.get(name), at + "/" + name);
            if (found != null) {
                return found;
            }
        }
        for (Map.Entry<String, Schema> p : properties.entrySet()) {
            RecordsArray found = arrayOfObjects(p.getValue(), at + "/" + p.getKey());
            if (found != null) {
                return found;
            }
        }
        if (depth == 0) {
            for (Map.Entry<String, Schema> p : properties.entrySet()) {
                SchemaShape inner = SchemaShape.of(p.getValue());
                if ("object".equals(inner.type())) {
                    RecordsArray found = inEnvelope(inner, at + "/" + p.getKey(), 1);
                    if (found != null) {
                        return found;
                    }
                }
            }
        }
        return null;
    }

    @SuppressWarnings("rawtypes")
    private static RecordsArray arrayOfObjects(Schema schema, String pointer) {
        if (schema == null) {
            return null;
        }
        SchemaShape shape = SchemaShape.of(schema);
        if (shape.isArray() && !shape.items().properties().isEmpty()) {
            return new RecordsArray(pointer, shape.items());
        }
        return null;
    }
}
