package io.tributary.schema;

/**
 * A record that does not fit the target schema. Carries the field, the offending value and the
 * reason, which is what lands in the dead letters.
 */
public final class RecordRejectedException extends Exception {
    private static final long serialVersionUID = 1L;
    private static final int MAX_VALUE = 200;
    private final String field;
    private final String value;
    private final String reason;

    public RecordRejectedException(String field, String value, String reason) {
        super("field '" + field + "' value " + excerpt(value) + ": " + reason, null, false, false);
        this.field = field;
        this.value = excerpt(value);
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String value() {
        return value;
    }

    public String reason() {
        return reason;
    }

    private static String excerpt(String value) {
        if (value == null) {
            return null;
        }
        return value.length() <= MAX_VALUE ? value : value.substring(0, MAX_VALUE) + "...";
    }
}
