package io.tributary.sink;

import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BOOLEAN;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;

import io.tributary.schema.Column;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * A table's columns as a Parquet schema, and how each row's values are written in it: {@code
 * string} -> STRING, {@code integer} -> INT64, {@code decimal} with a {@code scale} -> DECIMAL(38,
 * scale) (without one each value keeps its own digits, so it is written as STRING), {@code boolean}
 * -> BOOLEAN, {@code date} -> DATE, {@code timestamp} -> TIMESTAMP(MICROS, UTC), {@code json} ->
 * JSON. A required column is REQUIRED, the others OPTIONAL (a null is left out). The partition
 * column, whose value is the folder's name, is not repeated in the file (Hive's layout, which Spark
 * and DuckDB's {@code hive_partitioning} read back).
 */
final class ParquetColumns {
    static final int PRECISION = 38; // the widest DECIMAL DuckDB, Spark and Arrow read as decimal
    private static final int DECIMAL_BYTES = 16; // two's complement of 38 digits

    private final String table;
    private final List<Column> columns = new ArrayList<>();
    private final int skipped; // the partition column's index, or -1
    private MessageType schema;
    private int[] rowIndex; // the schema's field i is the row's value rowIndex[i]

    ParquetColumns(String table, List<Column> columns, int partitionColumn) {
        this.table = table;
        this.columns.addAll(columns);
        this.skipped = partitionColumn;
        build();
    }

    /** Drift under {@code evolve}: files opened from now on have the new column. */
    void add(Column column) {
        columns.add(column);
        build();
    }

    MessageType schema() {
        return schema;
    }

    private void build() {
        Types.MessageTypeBuilder message = Types.buildMessage();
        List<Integer> index = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            if (i != skipped) {
                message.addField(field(columns.get(i)));
                index.add(i);
            }
        }
        schema = message.named(table);
        rowIndex = index.stream().mapToInt(Integer::intValue).toArray();
    }

    private static Type field(Column c) {
        Type.Repetition repetition =
                c.required() ? Type.Repetition.REQUIRED : Type.Repetition.OPTIONAL;
        switch (c.type()) {
            case INTEGER:
                return Types.primitive(INT64, repetition).named(c.name());
            case DECIMAL:
                if (c.scale() == null) {
                    return Types.primitive(BINARY, repetition)
                            .as(LogicalTypeAnnotation.stringType())
                            .named(c.name());
                }
                return Types.primitive(FIXED_LEN_BYTE_ARRAY, repetition)
                        .length(DECIMAL_BYTES)
                        .as(LogicalTypeAnnotation.decimalType(c.scale(), PRECISION))
                        .named(c.name());
            case BOOLEAN:
                return Types.primitive(BOOLEAN, repetition).named(c.name());
            case DATE:
                return Types.primitive(INT32, repetition)
                        .as(LogicalTypeAnnotation.dateType())
                        .named(c.name());
            case TIMESTAMP:
                return Types.primitive(INT64, repetition)
                        .as(
                                LogicalTypeAnnotation.timestampType(
                                        true, LogicalTypeAnnotation.TimeUnit.MICROS))
                        .named(c.name());
            case JSON:
                return Types.primitive(BINARY, repetition)
                        .as(LogicalTypeAnnotation.jsonType())
                        .named(c.name());
            default: // STRING
                return Types.primitive(BINARY, repetition)
                        .as(LogicalTypeAnnotation.stringType())
                        .named(c.name());
        }
    }

    /** Writes one row as a Parquet record; a row shorter than the schema (drift) ends in nulls. */
    void write(RecordConsumer out, Object[] row) {
        out.startMessage();
        for (int f = 0; f < rowIndex.length; f++) {
            int i = rowIndex[f];
            Object v = i < row.length ? row[i] : null;
            if (v == null) {
                continue; // an OPTIONAL field left out is a null
            }
            Column c = columns.get(i);
            out.startField(c.name(), f);
            value(out, c, v);
            out.endField(c.name(), f);
        }
        out.endMessage();
    }

    private static void value(RecordConsumer out, Column c, Object v) {
        switch (c.type()) {
            case INTEGER:
                out.addLong(((Number) v).longValue());
                break;
            case DECIMAL:
                BigDecimal d = (BigDecimal) v;
                if (c.scale() == null) {
                    out.addBinary(Binary.fromString(d.toPlainString()));
                } else {
                    out.addBinary(Binary.fromConstantByteArray(fixed(c, d)));
                }
                break;
            case BOOLEAN:
                out.addBoolean((Boolean) v);
                break;
            case DATE:
                out.addInteger(Math.toIntExact(((LocalDate) v).toEpochDay()));
                break;
            case TIMESTAMP:
                Instant t = ((OffsetDateTime) v).toInstant();
                out.addLong(
                        Math.addExact(
                                Math.multiplyExact(t.getEpochSecond(), 1_000_000L),
                                t.getNano() / 1_000L));
                break;
            default: // STRING and JSON: the mapper's text
                out.addBinary(Binary.fromString(v.toString()));
        }
    }

    /** The unscaled value as 16 big-endian two's-complement bytes. */
    private static byte[] fixed(Column c, BigDecimal d) {
        BigDecimal scaled = d.setScale(c.scale()); // the mapper has checked the scale already
        if (scaled.precision() > PRECISION) {
            throw new IllegalArgumentException(
                    "a value of decimal column '"
                            + c.name()
                            + "' has more than "
                            + PRECISION
                            + " digits, the most a Parquet DECIMAL of its scale keeps here");
        }
        byte[] b = scaled.unscaledValue().toByteArray();
        byte[] out = new byte[DECIMAL_BYTES];
        Arrays.fill(out, 0, DECIMAL_BYTES - b.length, (byte) (b[0] < 0 ? -1 : 0));
        System.arraycopy(b, 0, out, DECIMAL_BYTES - b.length, b.length);
        return out;
    }
}
