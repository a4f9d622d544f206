package io.tributary.cli.openapi;

import io.swagger.v3.oas.models.media.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a (resolved) JSON Schema of an OpenAPI document says about one value: its type, format and
 * properties, with the combinators real documents use read through. Stripe writes a nullable object
 * as {@code anyOf: [{$ref: address}], nullable: true}, GitHub as {@code allOf: [{$ref:
 * simple-user}], nullable: true}; OpenAPI 3.1 writes {@code type: [string, "null"]}.
 */
final class SchemaShape {
    private final Schema<?> schema;
    private final boolean nullable;

    private SchemaShape(Schema<?> schema, boolean nullable) {
        this.schema = schema;
        this.nullable = nullable;
    }

    private SchemaShape(Schema<?> schema) {
        this(schema, nullable(schema));
    }

    @SuppressWarnings("rawtypes")
    static SchemaShape of(Schema schema) {
        Schema<?> effective = effective(schema);
        return new SchemaShape(effective, nullable(schema) || nullable(effective));
    }

    @SuppressWarnings("rawtypes")
    private static boolean nullable(Schema schema) {
        return schema != null
                && (Boolean.TRUE.equals(schema.getNullable())
                        || schema.getTypes() != null && schema.getTypes().contains("null"));
    }

    /**
     * May be null ({@code nullable: true}, or 3.1's {@code "null"} type). OpenAPI's {@code
     * required} only says the field is present; a column is required only when it is never null.
     */
    boolean nullable() {
        return nullable;
    }

    /** allOf merged; an anyOf / oneOf of one option (besides null) is that option. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema<?> effective(Schema schema) {
        if (schema == null) {
            return new Schema<>();
        }
        List<Schema> allOf = schema.getAllOf();
        if (allOf != null && !allOf.isEmpty()) {
            Schema merged = new Schema<>();
            Map<String, Schema> properties = new LinkedHashMap<>();
            Set<String> required = new LinkedHashSet<>();
            String type = null;
            String format = null;
            for (Schema part : allOf) {
                Schema<?> p = effective(part);
                if (p.getProperties() != null) {
                    properties.putAll(p.getProperties());
                }
                if (p.getRequired() != null) {
                    required.addAll(p.getRequired());
                }
                type = type == null ? new SchemaShape(p).type() : type;
                format = format == null ? p.getFormat() : format;
            }
            merged.setType(type);
            merged.setFormat(format);
            merged.setProperties(properties.isEmpty() ? null : properties);
            merged.setRequired(required.isEmpty() ? null : new ArrayList<>(required));
            return merged;
        }
        for (List<Schema> options :
                List.of(nonNull(schema.getAnyOf()), nonNull(schema.getOneOf()))) {
            List<Schema> real = new ArrayList<>();
            for (Schema o : options) {
                if (!"null".equals(new SchemaShape(o).type())) {
                    real.add(o);
                }
            }
            if (real.size() == 1) {
                return effective(real.get(0));
            }
        }
        return schema;
    }

    @SuppressWarnings("rawtypes")
    private static List<Schema> nonNull(List<Schema> list) {
        return list == null ? List.of() : list;
    }

    /** integer, number, string, boolean, object, array; null when the document does not say. */
    String type() {
        if (schema.getType() != null) {
            return schema.getType();
        }
        if (schema.getTypes() != null) { // OpenAPI 3.1
            for (String t : schema.getTypes()) {
                if (!"null".equals(t)) {
                    return t;
                }
            }
        }
        if (schema.getProperties() != null) {
            return "object";
        }
        if (schema.getItems() != null) {
            return "array";
        }
        boolean oneOfMany =
                schema.getAnyOf() != null && !schema.getAnyOf().isEmpty()
                        || schema.getOneOf() != null && !schema.getOneOf().isEmpty();
        return oneOfMany ? "mixed" : null;
    }

    String format() {
        return schema.getFormat();
    }

    boolean isArray() {
        return "array".equals(type());
    }

    /** The array's items; an empty shape when not an array. */
    SchemaShape items() {
        return of(schema.getItems());
    }

    @SuppressWarnings("rawtypes")
    Map<String, Schema> properties() {
        Map<String, Schema> p = schema.getProperties();
        return p == null ? Map.of() : p;
    }

    List<String> required() {
        return schema.getRequired() == null ? List.of() : schema.getRequired();
    }

    /** An object whose keys are data (a map: {@code additionalProperties}), not named fields. */
    boolean isMap() {
        return "object".equals(type()) && properties().isEmpty();
    }
}
