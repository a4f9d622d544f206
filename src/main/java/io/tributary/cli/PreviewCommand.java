package io.tributary.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.Tributary;
import io.tributary.connector.SyncOutcome;
import io.tributary.connector.SyncOutcomes;
import io.tributary.sink.DeadLetter;
import io.tributary.sink.PreviewSink;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;

/**
 * {@code tributary preview CONNECTOR [--pages N] [--format table|json]}: after the connector's route ran
 * once against its source with a {@link PreviewSink} (nothing written, the cursor not moved), prints
 * the mapped rows as an aligned table, or as JSON lines for {@code jq}, then the dead letters.
 */
public final class PreviewCommand implements Tributary.Command {
    static final int MAX_CELL = 40;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PrintStream out;
    private final Options options;

    public PreviewCommand(PrintStream out, Options options) {
        this.out = out;
        this.options = options;
    }

    @Override
    public int run(CamelContext context) throws Exception {
        String connector = options.connectors.get(0);
        PreviewSink preview = PreviewSink.of(context).orElseThrow();
        SyncOutcome outcome = context.getRegistry().lookupByNameAndType("tributarySyncOutcomes", SyncOutcomes.class)
                .latest(connector).orElse(null);
        List<String> columns = preview.columns();
        List<Object[]> rows = preview.rows();
        if (options.format == Options.Format.JSON) {
            for (Object[] row : rows) {
                ObjectNode o = JSON.createObjectNode();
                for (int i = 0; i < columns.size(); i++) {
                    Object v = row[i];
                    o.set(columns.get(i), JSON.valueToTree(v == null || v instanceof Number || v instanceof Boolean ? v : v.toString()));
                }
                out.println(JSON.writeValueAsString(o));
            }
        } else {
            out.print(table(columns, rows));
            out.println(rows.size() + " row(s) from " + (outcome == null ? "?" : outcome.pages()) + " page(s) of " + connector
                    + "; nothing written, cursor unchanged" + (outcome != null && outcome.cursor() != null
                    ? " (a sync of these pages would move it to " + outcome.cursor() + ")" : ""));
        }
        for (DeadLetter d : preview.deadLetters()) {
            out.println("dead letter: field '" + d.field() + "' value '" + d.value() + "': " + d.reason());
        }
        if (outcome == null || !outcome.success()) {
            System.err.println("preview of " + connector + " failed: " + (outcome == null ? "it did not run" : outcome.error()));
            return Tributary.SYNC_FAILED;
        }
        return Tributary.OK;
    }

    /** An aligned text table; long cells are cut so a row stays readable. */
    static String table(List<String> columns, List<Object[]> rows) {
        List<String[]> cells = new ArrayList<>();
        int[] width = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            width[i] = columns.get(i).length();
        }
        for (Object[] row : rows) {
            String[] line = new String[columns.size()];
            for (int i = 0; i < columns.size(); i++) {
                String text = i < row.length && row[i] != null ? row[i].toString().replaceAll("\\s+", " ") : "";
                line[i] = text.length() > MAX_CELL ? text.substring(0, MAX_CELL - 3) + "..." : text;
                width[i] = Math.max(width[i], line[i].length());
            }
            cells.add(line);
        }
        StringBuilder b = new StringBuilder();
        appendRow(b, columns.toArray(String[]::new), width);
        String[] rule = new String[columns.size()];
        for (int i = 0; i < rule.length; i++) {
            rule[i] = "-".repeat(width[i]);
        }
        appendRow(b, rule, width);
        cells.forEach(line -> appendRow(b, line, width));
        return b.toString();
    }

    private static void appendRow(StringBuilder b, String[] cells, int[] width) {
        for (int i = 0; i < cells.length; i++) {
            b.append(i == 0 ? "" : "  ").append(cells[i]).append(" ".repeat(width[i] - cells[i].length()));
        }
        b.append(System.lineSeparator());
    }
}
