package io.tributary.sink;

import io.tributary.schema.Column;
import io.tributary.schema.TargetSchema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;

/**
 * For {@code tributary preview}: bound as {@value #BEAN}, it stands in for every connector's sink
 * so that nothing is written (no table created, no row, no dead letter, no cursor), and keeps the
 * mapped rows of up to {@code pages} pages to print.
 */
public final class PreviewSink {
    public static final String BEAN = "tributaryPreview";
    private final int pages;
    private final List<String> columns = Collections.synchronizedList(new ArrayList<>());
    private final List<Object[]> rows = Collections.synchronizedList(new ArrayList<>());
    private final List<DeadLetter> deadLetters = Collections.synchronizedList(new ArrayList<>());
    private volatile String connector;
    // a schema's child tables: name after "<table>__" -> its columns and the rows previewed
    private final java.util.Map<String, List<String>> childColumns =
            new java.util.concurrent.ConcurrentSkipListMap<>();
    private final java.util.Map<String, List<Object[]>> childRows =
            new java.util.concurrent.ConcurrentHashMap<>();
    // schema diff: each connector's plan, kept instead of logged (and a refusal kept, not thrown)
    private final java.util.Map<String, SchemaPlan> plans;

    public PreviewSink(int pages) {
        this(pages, null);
    }

    private PreviewSink(int pages, java.util.Map<String, SchemaPlan> plans) {
        this.pages = pages;
        this.plans = plans;
    }

    /**
     * For {@code tributary schema diff}: writes nothing, as for preview, and keeps each connector's
     * {@link SchemaPlan} for the command to show.
     */
    public static PreviewSink keepingPlans() {
        return new PreviewSink(1, new java.util.concurrent.ConcurrentHashMap<>());
    }

    /** Whether it keeps plans ({@link #keepingPlans}). */
    boolean keepsPlans() {
        return plans != null;
    }

    void keepPlan(String connector, SchemaPlan plan) {
        plans.put(connector, plan);
    }

    /** The connector's plan, kept at start-up; empty when no such connector loaded. */
    public Optional<SchemaPlan> plan(String connector) {
        return plans == null ? Optional.empty() : Optional.ofNullable(plans.get(connector));
    }

    public static Optional<PreviewSink> of(CamelContext context) {
        return Optional.ofNullable(
                context.getRegistry().lookupByNameAndType(BEAN, PreviewSink.class));
    }

    /**
     * The stand-in sink of one connector; only the previewed connector runs, so one set of columns.
     */
    public Sink forConnector(String id, TargetSchema schema) {
        List<String> names =
                schema.columns().stream()
                        .map(Column::name)
                        .collect(Collectors.toCollection(ArrayList::new));
        return new Sink() {
            private int seen;

            @Override
            public void write(
                    String connectorId, PageBatch batch, io.tributary.state.CursorState cursor) {
                if (!id.equals(connector)) {
                    connector = id;
                    columns.clear();
                    columns.addAll(names);
                    children(schema);
                }
                rows.addAll(batch.rows());
                addChildren(schema, batch);
                deadLetters.addAll(batch.deadLetters());
                seen++;
                batch.committed(); // what a sync would have committed: the preview's counts
            }

            @Override
            public boolean wantsMorePages() {
                return seen < pages;
            }

            @Override
            public void addColumn(Column column) {
                // drift: evolve shows the new column; the table is not altered
                if (id.equals(connector) && !columns.contains(column.name())) {
                    columns.add(column.name());
                }
                if (!names.contains(column.name())) {
                    names.add(column.name());
                }
            }
        };
    }

    private void children(TargetSchema schema) {
        childColumns.clear();
        childRows.clear();
        for (io.tributary.schema.ChildTable t : io.tributary.schema.ChildTable.of(schema)) {
            childColumns.put(t.suffix(), t.table().columns().stream().map(Column::name).toList());
            childRows.put(t.suffix(), Collections.synchronizedList(new ArrayList<>()));
        }
    }

    private void addChildren(TargetSchema schema, PageBatch batch) {
        if (schema.children().isEmpty()) {
            return;
        }
        List<io.tributary.schema.ChildTable> tables = io.tributary.schema.ChildTable.of(schema);
        for (Object[] row : batch.rows()) {
            io.tributary.schema.NestedRows nested = batch.children().of(row);
            for (int t = 0; nested != null && t < tables.size(); t++) {
                childRows.get(tables.get(t).suffix()).addAll(nested.of(t));
            }
        }
    }

    /**
     * The child tables' names after {@code <table>__} ({@code lines}, {@code lines__discounts}).
     */
    public List<String> childTables() {
        return List.copyOf(childColumns.keySet());
    }

    public List<String> childColumns(String childTable) {
        return childColumns.get(childTable);
    }

    public List<Object[]> childRows(String childTable) {
        return List.copyOf(childRows.get(childTable));
    }

    /** How many pages it keeps: a source that pages by itself stops after them. */
    public int pages() {
        return pages;
    }

    public List<String> columns() {
        return List.copyOf(columns);
    }

    public List<Object[]> rows() {
        return List.copyOf(rows);
    }

    public List<DeadLetter> deadLetters() {
        return List.copyOf(deadLetters);
    }
}
