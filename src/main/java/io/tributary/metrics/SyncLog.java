package io.tributary.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The one summary line of each sync, on logger {@code io.tributary.sync} (INFO, ERROR when it
 * failed): logfmt text for people ({@link SyncOutcome#summary(Map)}), and the same facts as
 * key-value pairs, which {@code TRIBUTARY_LOG_FORMAT=json} writes as top-level fields:
 *
 * <pre>
 * {"level":"ERROR",...,"connector":"obs","outcome":"failed","records":0,"written":0,"pages":0,
 *  "duration_ms":41,"cursor":null,"error":"page 1: HTTP 401 ...","cursor_from":null,
 *  "run":"5f0c9a2e41b7","error_type":"auth"}
 * </pre>
 *
 * <p>A child stream's line also names its parent connector ({@code parent}) and the parent's key it
 * ran for ({@code parent_key}):
 *
 * <pre>
 * sync connector=tasks outcome=success records=12 ... cursor=2024-03-01T10:00:00Z
 *  cursor_from=2024-02-01T00:00:00Z run=5f0c9a2e41b7 deleted=0 parent=projects parent_key=P1
 * </pre>
 */
public final class SyncLog {
    private static final Logger LOG = LoggerFactory.getLogger("io.tributary.sync");

    /**
     * The field naming the cursor a run started from (its stored cursor, else the initial one),
     * written next to {@code cursor}, where it ended.
     */
    public static final String CURSOR_FROM = "cursor_from";

    private SyncLog() {}

    /**
     * Logs the summary of a finished sync.
     *
     * @param run the run's id, which its retry lines carry too
     * @param errorType why it failed; ignored on success
     * @param parent a child stream's parent (masked), or null
     */
    public static void summary(
            SyncOutcome outcome, String run, ErrorType errorType, String parent) {
        summaryWith(
                outcome,
                run,
                errorType,
                parent == null
                        ? Map.of()
                        : Map.of("parent", parent)); // a child stream: one line per parent
    }

    /**
     * Logs the summary of a finished sync, with {@code deleted}: the rows deletes at the source
     * deleted or marked, as committed.
     */
    public static void summary(
            SyncOutcome outcome, String run, ErrorType errorType, String parent, long deleted) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("deleted", deleted);
        if (parent != null) {
            extra.put("parent", parent); // a child stream: one line per parent
        }
        summaryWith(outcome, run, errorType, extra);
    }

    /**
     * Logs the summary of a finished sync with facts of its source after the run's (the SQL and
     * file sources: {@code file}, {@code resumed_after}), in the text and as fields.
     */
    public static void summaryWith(
            SyncOutcome outcome, String run, ErrorType errorType, Map<String, ?> extra) {
        Map<String, Object> more = new LinkedHashMap<>();
        if (extra.containsKey(CURSOR_FROM)) {
            more.put(CURSOR_FROM, extra.get(CURSOR_FROM)); // beside cursor=, where the run ended
        }
        more.put("run", run);
        if (!outcome.success()) {
            more.put("error_type", (errorType == null ? ErrorType.OTHER : errorType).tag());
        }
        extra.forEach(more::putIfAbsent);
        LoggingEventBuilder line = outcome.success() ? LOG.atInfo() : LOG.atError();
        Map<String, Object> fields = outcome.fields();
        fields.putAll(more);
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            line = line.addKeyValue(field.getKey(), field.getValue());
        }
        line.log(outcome.summary(more));
    }
}
