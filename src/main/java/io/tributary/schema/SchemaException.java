package io.tributary.schema;

/** A schema file that cannot be used; the message names the file, the field and the value. */
public final class SchemaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SchemaException(String message) {
        super(message);
    }
}
