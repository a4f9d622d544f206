package io.tributary.connector;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.auth.SecretMasker;
import io.tributary.schema.Column;
import io.tributary.schema.RecordMapper;
import io.tributary.schema.RecordRejectedException;
import io.tributary.schema.SchemaRecordMapper;
import io.tributary.schema.TargetSchema;
import io.tributary.sink.DeadLetter;
import io.tributary.sink.PageBatch;
import io.tributary.sink.Sink;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps a connector's records to rows or dead letters: a child stream's parent values first, then
 * schema drift, then the compiled mapper. It owns the target schema and the mapper, which drift
 * under {@code evolve} replaces with a new column (reported as a log line, a counter and a
 * drift-events row).
 */
final class RecordMapping {
    // the connector's own logger, as before the mapping was a class of its own
    private static final Logger LOG = LoggerFactory.getLogger(Connector.class);

    private final String id;
    private final SecretMasker masker;
    private final CamelContext context;
    private final Sink sink;
    private final io.tributary.metrics.ConnectorMetrics metrics;
    private final ParentSlices parents;
    private final io.tributary.schema.SchemaDrift schemaDrift; // null when drift is off
    private volatile TargetSchema targetSchema;
    private volatile RecordMapper mapper;

    RecordMapping(
            String id,
            SecretMasker masker,
            TargetSchema targetSchema,
            RecordMapper mapper,
            CamelContext context,
            Sink sink,
            io.tributary.metrics.ConnectorMetrics metrics,
            ParentSlices parents,
            io.tributary.schema.SchemaDrift.Policy driftPolicy) {
        this.id = id;
        this.masker = masker;
        this.targetSchema = targetSchema;
        this.mapper = mapper;
        this.context = context;
        this.sink = sink;
        this.metrics = metrics;
        this.parents = parents;
        this.schemaDrift =
                driftPolicy == io.tributary.schema.SchemaDrift.Policy.OFF
                        ? null
                        : new io.tributary.schema.SchemaDrift(
                                id, targetSchema, driftPolicy, new DriftReport());
    }

    /** The target schema, with any column drift added. */
    TargetSchema schema() {
        return targetSchema;
    }

    /** The record with its parent's values ({@code parentColumns}), for one record's mapping. */
    JsonNode withParent(JsonNode record, ParentSlices.Slice slice) {
        return parents.withParent(record, slice);
    }

    /**
     * Maps a whole page into one {@link PageBatch}: same rows, dead letters and filter as {@link
     * #map} per record.
     */
    PageBatch mapPage(JsonNode page, ParentSlices.Slice slice) {
        PageBatch batch = new PageBatch();
        boolean withParent = parents.fillsColumns();
        if (page != null) {
            for (JsonNode source : page) {
                JsonNode record =
                        withParent ? parents.withParent(source, slice) : source; // parentColumns
                Object item = map(record);
                if (item instanceof Object[]) {
                    batch.addRow((Object[]) item, record);
                } else if (item instanceof DeadLetter) {
                    batch.addDeadLetter((DeadLetter) item);
                }
            }
        }
        return batch;
    }

    /** A row, a dead letter, or null (filtered out). */
    Object map(JsonNode record) {
        try {
            if (schemaDrift != null) {
                RecordRejectedException drifted = schemaDrift.check(record);
                if (drifted != null) {
                    throw drifted;
                }
            }
            return mapper.map(record);
        } catch (RecordRejectedException e) {
            return new DeadLetter(
                    e.field(),
                    masker.mask(e.value()),
                    masker.mask(e.reason()),
                    masker.mask(String.valueOf(record)));
        }
    }

    /** Schema drift: log line, counter and drift-events row; under evolve, the new column. */
    private final class DriftReport implements io.tributary.schema.SchemaDrift.Listener {
        @Override
        public void report(io.tributary.schema.DriftEvent event) {
            LOG.warn(
                    "connector={} schema drift kind={} field={} detail=\"{}\" action={}",
                    id,
                    event.kind(),
                    masker.mask(event.field()),
                    masker.mask(event.detail()),
                    event.action());
            metrics.schemaDrift(id, event.kind());
            sink.recordDrift(id, event);
        }

        @Override
        public Column evolve(java.util.List<String> path, JsonNode sample) {
            Column column = io.tributary.schema.SchemaDrift.columnFor(path, sample, targetSchema);
            sink.addColumn(column);
            targetSchema = targetSchema.withColumn(column);
            mapper = new SchemaRecordMapper(targetSchema, context);
            return column;
        }
    }
}
