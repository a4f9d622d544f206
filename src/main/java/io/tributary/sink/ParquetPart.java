package io.tributary.sink;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * One Parquet file being written: rows stream into a hidden temporary file ({@code
 * .items-20261126T010200Z-00001.parquet.tmp}) beside its final name; {@link #close} ends it and
 * forces it to disk, {@link #publish} renames it into place. Memory is one row group's buffer
 * ({@link #ROW_GROUP_BYTES}), whatever the file's length.
 */
final class ParquetPart {
    /**
     * The row group parquet-java buffers before it writes one out. 8 MB keeps a few open files well
     * inside a 192 MB heap (the bench's) with 1M-row syncs; readers skip by row group, so smaller
     * ones cost a little scan speed only.
     */
    static final long ROW_GROUP_BYTES = 8L << 20;

    private static final int PAGE_BYTES = 1 << 20;
    final Path temporary;
    final Path target;
    private final ParquetWriter<Object[]> writer;
    private long rows;
    private boolean closed;

    ParquetPart(Path target, ParquetColumns columns) throws IOException {
        this.target = target;
        this.temporary = target.resolveSibling("." + target.getFileName() + ".tmp");
        this.writer =
                new Builder(new LocalOutputFile(temporary), columns)
                        .withConf(new PlainParquetConfiguration()) // no Hadoop Configuration
                        .withCodecFactory(new ParquetSnappy())
                        .withCompressionCodec(CompressionCodecName.SNAPPY)
                        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                        .withRowGroupSize(ROW_GROUP_BYTES)
                        .withPageSize(PAGE_BYTES)
                        .build();
    }

    void write(Object[] row) throws IOException {
        writer.write(row);
        rows++;
    }

    long rows() {
        return rows;
    }

    /** The bytes written and buffered so far (about the file's size once closed). */
    long bytes() {
        return writer.getDataSize();
    }

    /** Writes the footer and forces the file to disk. */
    void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        writer.close();
        try (FileChannel file = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            file.force(true);
        }
    }

    void publish() throws IOException {
        close();
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
    }

    void discard() {
        try {
            if (!closed) {
                closed = true;
                writer.close();
            }
        } catch (IOException | RuntimeException ignored) {
            // deleted next
        }
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
            // the next sync's start removes it
        }
    }

    /** parquet-java's builder for rows that are {@code Object[]} in the table's column order. */
    private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
        private final ParquetColumns columns;

        Builder(OutputFile file, ParquetColumns columns) {
            super(file);
            this.columns = columns;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Object[]> getWriteSupport(ParquetConfiguration conf) {
            return new Rows(columns.schema(), columns);
        }

        @Override
        @Deprecated // parquet-java's Hadoop half, never called with a ParquetConfiguration
        protected WriteSupport<Object[]> getWriteSupport(
                org.apache.hadoop.conf.Configuration conf) {
            throw new UnsupportedOperationException("the parquet sink runs without Hadoop");
        }
    }

    private static final class Rows extends WriteSupport<Object[]> {
        private final MessageType schema; // this file's, fixed when it opened
        private final ParquetColumns columns;
        private RecordConsumer out;

        Rows(MessageType schema, ParquetColumns columns) {
            this.schema = schema;
            this.columns = columns;
        }

        @Override
        public WriteContext init(ParquetConfiguration conf) {
            return new WriteContext(schema, Map.of());
        }

        @Override
        @Deprecated // parquet-java's Hadoop half, never called with a ParquetConfiguration
        public WriteContext init(org.apache.hadoop.conf.Configuration conf) {
            throw new UnsupportedOperationException("the parquet sink runs without Hadoop");
        }

        @Override
        public void prepareForWrite(RecordConsumer out) {
            this.out = out;
        }

        @Override
        public void write(Object[] row) {
            columns.write(out, row);
        }
    }
}
