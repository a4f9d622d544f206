package io.tributary.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.metrics.SyncOutcomes;
import io.tributary.sink.PreviewSink;
import io.tributary.sink.SchemaPlan;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.camel.CamelContext;

/**
 * {@code tributary schema diff CONNECTOR [--json]}: what the connector's (changed) schema file will
 * do to its table on the next start, before it runs — columns added, types widened, {@code NOT
 * NULL} dropped, what would be refused and why — or, with no table yet, the columns it will be
 * created with. Tributary starts as for {@code state} (no route runs, no request, no secret): each
 * connector's sink is a {@link PreviewSink} that keeps its {@link SchemaPlan} instead of changing
 * the table (a refusal is kept too, not thrown). Exit 0 when the file can apply, 2 when it would be
 * refused. Example, after {@code qty} became a decimal and {@code extra} was added:
 *
 * <pre>
 * connector items: schema routes/items.schema.yaml, table items (upsert)
 *   widen_type     qty    bigint -&gt; NUMERIC
 *   add_column     extra  VARCHAR
 * the schema file can apply: 2 change(s), made by the next start
 * </pre>
 */
public final class SchemaDiffCommand implements Command {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PrintStream out;
    private final Options options;

    public SchemaDiffCommand(PrintStream out, Options options) {
        this.out = out;
        this.options = options;
    }

    @Override
    public int run(CamelContext context) throws Exception {
        String connector = options.connectors.get(0);
        SchemaPlan plan = PreviewSink.of(context).flatMap(p -> p.plan(connector)).orElse(null);
        if (plan == null) {
            SyncOutcomes outcomes =
                    context.getRegistry()
                            .lookupByNameAndType("tributarySyncOutcomes", SyncOutcomes.class);
            System.err.println(
                    "tributary: connector '"
                            + connector
                            + "' is not in the route files; known: "
                            + new TreeSet<>(outcomes.connectors()));
            return ExitCodes.BAD_USAGE;
        }
        if (!"jdbc".equals(plan.sink())) {
            System.err.println(
                    "tributary: connector '"
                            + connector
                            + "' writes "
                            + plan.sink()
                            + " files, not a table: schema diff compares a schema file with a database table");
            return ExitCodes.BAD_USAGE;
        }
        out.print(
                options.format == Options.Format.JSON
                        ? json(connector, plan)
                        : text(connector, plan));
        return plan.applies() ? ExitCodes.OK : ExitCodes.BAD_USAGE;
    }

    static String text(String connector, SchemaPlan plan) {
        StringBuilder b = new StringBuilder();
        b.append("connector ")
                .append(connector)
                .append(": schema ")
                .append(plan.schemaFile())
                .append(", table ")
                .append(plan.table())
                .append(" (")
                .append(plan.writeMode())
                .append(")\n");
        if ("delete".equals(plan.writeMode())) {
            return b.append("writeMode delete removes rows by key: it changes no table\n")
                    .toString();
        }
        section(b, plan);
        for (SchemaPlan child : plan.childTables()) {
            b.append("child table ").append(child.table()).append(":\n");
            section(b, child);
        }
        return b.toString();
    }

    /** One table's part: its columns to create, or its changes and refusals. */
    private static void section(StringBuilder b, SchemaPlan plan) {
        if (!plan.create().isEmpty()) {
            b.append(
                    plan.exists()
                            ? "writeMode replace rebuilds the table from the schema each sync, with:\n"
                            : "table "
                                    + plan.table()
                                    + " does not exist yet: the next start creates it with:\n");
            List<String[]> rows = new ArrayList<>();
            for (SchemaPlan.NewColumn c : plan.create()) {
                rows.add(
                        new String[] {
                            c.name(),
                            c.type(),
                            (c.notNull() ? "NOT NULL" : "")
                                    + (plan.primaryKey().contains(c.name()) ? " primary key" : "")
                        });
            }
            b.append(columns(rows));
            return;
        }
        List<String[]> rows = new ArrayList<>();
        for (SchemaPlan.Change c : plan.changes()) {
            rows.add(
                    new String[] {
                        c.kind(),
                        c.column(),
                        (c.oldType() == null || c.kind().equals("drop_not_null")
                                        ? ""
                                        : c.oldType() + " -> ")
                                + c.newType()
                                + (c.note() == null ? "" : " (" + c.note() + ")")
                    });
        }
        for (SchemaPlan.Refusal r : plan.refusals()) {
            rows.add(
                    new String[] {
                        "refused",
                        r.column(),
                        r.oldType() + " -> " + r.newType() + ": " + r.problem()
                    });
        }
        b.append(columns(rows));
        if (!plan.refusals().isEmpty()) {
            b.append("the schema file would be refused: ").append(plan.refusal()).append('\n');
        } else if (plan.changes().isEmpty()) {
            b.append("the table already takes the schema: nothing to change\n");
        } else {
            b.append("the schema file can apply: ")
                    .append(plan.changes().size())
                    .append(" change(s), made by the next start\n");
        }
    }

    private static String columns(List<String[]> rows) {
        int[] width = new int[2];
        for (String[] r : rows) {
            width[0] = Math.max(width[0], r[0].length());
            width[1] = Math.max(width[1], r[1].length());
        }
        StringBuilder b = new StringBuilder();
        for (String[] r : rows) {
            b.append("  ")
                    .append(pad(r[0], width[0]))
                    .append("  ")
                    .append(pad(r[1], width[1]))
                    .append("  ")
                    .append(r[2].strip())
                    .append('\n');
        }
        return b.toString();
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }

    static String json(String connector, SchemaPlan plan) {
        ObjectNode o = JSON.createObjectNode();
        o.put("connector", connector);
        o.put("schema", plan.schemaFile());
        o.put("table", plan.table());
        o.put("writeMode", plan.writeMode());
        o.put("tableExists", plan.exists());
        o.put("applies", plan.applies());
        o.set("create", JSON.valueToTree(plan.create()));
        o.set("primaryKey", JSON.valueToTree(plan.primaryKey()));
        o.set("changes", JSON.valueToTree(plan.changes()));
        o.set("refusals", JSON.valueToTree(plan.refusals()));
        o.put("refusal", plan.refusal());
        if (!plan.childTables().isEmpty()) {
            o.set("childTables", JSON.valueToTree(plan.childTables()));
        }
        return o + "\n";
    }
}
