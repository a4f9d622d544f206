package io.tributary.schema;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns one source record into one target row. Implementations are compiled once at start-up; the
 * per-record path does no parsing of the schema and no expression evaluation.
 */
public interface RecordMapper {

    /**
     * @return the row values in the order of {@link TargetSchema#columns()}, typed for JDBC binding
     *     (String, Long, BigDecimal, Boolean, LocalDate, OffsetDateTime in UTC); when optional
     *     columns' paths are absent from the record (null in the row), followed by one {@link
     *     AbsentColumns} naming them, which {@link io.tributary.sink.PageBatch#addRow} takes off;
     *     when the schema has {@code children}, last of all a {@link NestedRows} with the record's
     *     child-table rows
     * @throws RecordRejectedException when the record does not fit; names the field, value and
     *     reason
     */
    Object[] map(JsonNode record) throws RecordRejectedException;
}
