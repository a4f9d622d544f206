package io.tributary.sink;

import io.tributary.config.ConnectorConfigException;
import io.tributary.schema.TargetSchema;
import io.tributary.sql.SqlDialect;
import io.tributary.state.JdbcCursorStore;
import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * Chooses a connector's sink from its parameters: {@code sink} ({@code jdbc} | {@code jsonl} |
 * {@code csv} | {@code parquet}), {@code writeMode} ({@code upsert} | {@code append} | {@code
 * replace}, jdbc only), {@code directory} and {@code partition} ({@code none} | {@code date}, files
 * only), and for parquet a {@link FileLayout}'s column and bounds. Bad values fail start-up naming
 * the parameter.
 */
public final class Sinks {
    static final String PARQUET = "parquet";

    private Sinks() {}

    /** {@code partitionColumn}: a column of the schema, not a JSON one. */
    public static void validate(String connector, FileLayout layout, TargetSchema schema) {
        String column = layout.partitionColumn();
        if (column == null) {
            return;
        }
        int i = schema.indexOf(column);
        if (i < 0) {
            throw new ConnectorConfigException(
                    connector,
                    "partitionColumn",
                    column,
                    "is not a column of the schema; its columns: "
                            + schema.columns().stream()
                                    .map(io.tributary.schema.Column::name)
                                    .toList());
        }
        if (schema.columns().get(i).type() == io.tributary.schema.ColumnType.JSON) {
            throw new ConnectorConfigException(
                    connector,
                    "partitionColumn",
                    column,
                    "is a json column; a folder is named by a plain value (text, number, date...)");
        }
    }

    /** Checks the values; call before anything is created. */
    public static void validate(String connector, String sink, String writeMode, String partition) {
        if (!sink.equals("jdbc") && !sink.equals(PARQUET) && RecordFormat.named(sink) == null) {
            throw new ConnectorConfigException(
                    connector, "sink", sink, "must be jdbc, jsonl, csv or parquet");
        }
        WriteMode mode = WriteMode.parse(writeMode);
        if (mode == null) {
            throw new ConnectorConfigException(
                    connector, "writeMode", writeMode, "must be upsert, append, replace or delete");
        }
        if (!sink.equals("jdbc") && mode != WriteMode.UPSERT && mode != WriteMode.APPEND) {
            throw new ConnectorConfigException(
                    connector,
                    "writeMode",
                    writeMode,
                    "applies to sink jdbc; a file sink writes new files each sync (leave writeMode unset)");
        }
        if (!partition.equals("none") && !partition.equals("date")) {
            throw new ConnectorConfigException(
                    connector, "partition", partition, "must be none or date");
        }
    }

    public static Sink create(
            String connector,
            String sink,
            String writeMode,
            String directory,
            String partition,
            DataSource dataSource,
            JdbcCursorStore cursorStore,
            TargetSchema schema,
            String table) {
        return create(
                connector,
                sink,
                writeMode,
                directory,
                FileLayout.of(partition),
                dataSource,
                cursorStore,
                schema,
                table,
                SourceDeletes.Settings.NONE);
    }

    /** A sink partitioned by date or not, parquet's bounds at their defaults. */
    public static Sink create(
            String connector,
            String sink,
            String writeMode,
            String directory,
            String partition,
            DataSource dataSource,
            JdbcCursorStore cursorStore,
            TargetSchema schema,
            String table,
            SourceDeletes.Settings deletes) {
        return create(
                connector,
                sink,
                writeMode,
                directory,
                FileLayout.of(partition),
                dataSource,
                cursorStore,
                schema,
                table,
                deletes);
    }

    /**
     * @param layout a file sink's partitions and a parquet file's bounds ({@link FileLayout})
     * @param deletes {@code onDelete} and {@code deleteMissing} ({@link SourceDeletes})
     */
    public static Sink create(
            String connector,
            String sink,
            String writeMode,
            String directory,
            FileLayout layout,
            DataSource dataSource,
            JdbcCursorStore cursorStore,
            TargetSchema schema,
            String table,
            SourceDeletes.Settings deletes) {
        String partition = layout.partition();
        validate(connector, sink, writeMode, partition);
        validate(connector, layout, schema);
        SourceDeletes.check(connector, sink, WriteMode.parse(writeMode), schema, deletes);
        ChildTables.refuseUnsupported(connector, sink, WriteMode.parse(writeMode), schema);
        if (sink.equals(PARQUET)) {
            return new ParquetSink(
                    dataSource,
                    cursorStore,
                    schema,
                    table,
                    Path.of(directory),
                    layout.byDate(),
                    layout.partitionColumn(),
                    layout.rollRows(),
                    layout.rollMegabytes(),
                    Clock.systemUTC());
        }
        Sink target =
                sink.equals("jdbc")
                        ? new JdbcUpsertSink(
                                dataSource,
                                cursorStore,
                                schema,
                                table,
                                WriteMode.parse(writeMode),
                                connector,
                                deletes)
                        : new FileSink(
                                dataSource,
                                cursorStore,
                                schema,
                                table,
                                RecordFormat.named(sink),
                                Path.of(directory),
                                partition.equals("date"),
                                Clock.systemUTC());
        if (target instanceof JdbcUpsertSink && pipelines(((JdbcUpsertSink) target).dialect())) {
            return new PipelinedSink(target, connector);
        }
        return target;
    }

    /**
     * Whether page n is written on a thread of its own while page n+1 is fetched and mapped:
     * PostgreSQL (the server writes), and H2, whose embedded writes then use the second core as the
     * hand-written two-thread line does (docs/performance.md: 0.84x of it inline). The writer
     * thread commits, checkpoints an H2 file and only then acks each page ({@link PipelinedSink}).
     * DuckDB stays inline: not measured pipelined.
     */
    static boolean pipelines(SqlDialect dialect) {
        return dialect == SqlDialect.POSTGRESQL || dialect == SqlDialect.H2;
    }

    /**
     * For {@code preview} and {@code check}: the sink that writes nothing, after the checks
     * creating the real one would make of an existing table (a schema change it refuses fails here
     * too; the changes it would make are logged, not made).
     */
    public static Sink preview(
            PreviewSink preview,
            String connector,
            String sink,
            String writeMode,
            DataSource dataSource,
            TargetSchema schema,
            String table) {
        ChildTables.refuseUnsupported(connector, sink, WriteMode.parse(writeMode), schema);
        if (preview.keepsPlans()) { // schema diff: shown by the command, refused or not
            preview.keepPlan(
                    connector,
                    sink.equals("jdbc")
                            ? SchemaPlan.of(dataSource, schema, table, WriteMode.parse(writeMode))
                            : SchemaPlan.files(sink, schema));
        } else if (sink.equals("jdbc")) {
            JdbcUpsertSink.planChanges(
                    dataSource, schema, table, WriteMode.parse(writeMode), connector);
        }
        return preview.forConnector(connector, schema);
    }
}
