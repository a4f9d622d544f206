package io.tributary.schema;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Predicate;
import org.apache.camel.spi.Language;
import org.apache.camel.support.DefaultExchange;

/**
 * A schema's computed columns and record filter, compiled once with Camel's simple language. Both
 * see the mapped row as the message body, a map from column name to typed value, so a HubSpot
 * contact's
 *
 * <pre>
 * filter: "${body[archived]} != true"
 * columns:
 *   full_name: {type: string, expression: "${body[first_name]} ${body[last_name]}"}
 * </pre>
 *
 * costs a map lookup per reference: the row is not copied, and one exchange per thread is reused.
 * Computed columns are evaluated in column order, so one may use another declared before it.
 */
final class RowExpressions {
    private final int[] computed;
    private final Expression[] expressions;
    private final Predicate filter;
    private final Map<String, Integer> index;
    private final ThreadLocal<Exchange> exchanges;

    private RowExpressions(
            int[] computed,
            Expression[] expressions,
            Predicate filter,
            Map<String, Integer> index,
            CamelContext context) {
        this.computed = computed;
        this.expressions = expressions;
        this.filter = filter;
        this.index = index;
        this.exchanges = ThreadLocal.withInitial(() -> new DefaultExchange(context));
    }

    static RowExpressions compile(TargetSchema schema, CamelContext context) {
        List<Column> columns = schema.columns();
        Map<String, Integer> index = new HashMap<>();
        int n = 0;
        for (int i = 0; i < columns.size(); i++) {
            index.put(columns.get(i).name(), i);
            if (columns.get(i).computed()) {
                n++;
            }
        }
        if (n == 0 && schema.filter() == null) {
            return null;
        }
        Language simple = context.resolveLanguage("simple");
        int[] computed = new int[n];
        Expression[] expressions = new Expression[n];
        int k = 0;
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            if (c.computed()) {
                try {
                    expressions[k] = simple.createExpression(c.expression());
                    expressions[k].init(context);
                } catch (RuntimeException e) {
                    throw new SchemaException(
                            schema.source()
                                    + ": field 'columns."
                                    + c.name()
                                    + ".expression' value '"
                                    + c.expression()
                                    + "' is not a valid simple expression: "
                                    + e.getMessage());
                }
                computed[k++] = i;
            }
        }
        Predicate filter = null;
        if (schema.filter() != null) {
            try {
                filter = simple.createPredicate(schema.filter());
                filter.init(context);
            } catch (RuntimeException e) {
                throw new SchemaException(
                        schema.source()
                                + ": field 'filter' value '"
                                + schema.filter()
                                + "' is not a valid simple predicate: "
                                + e.getMessage());
            }
        }
        return new RowExpressions(computed, expressions, filter, index, context);
    }

    Object[] apply(Object[] row, SchemaRecordMapper mapper) throws RecordRejectedException {
        Exchange exchange = exchanges.get();
        exchange.getMessage().setBody(new RowMap(row, index));
        for (int k = 0; k < computed.length; k++) {
            Object value;
            try {
                value = expressions[k].evaluate(exchange, Object.class);
            } catch (RuntimeException e) {
                throw new RecordRejectedException(
                        nameOf(computed[k]), null, "expression failed: " + e.getMessage());
            }
            row[computed[k]] = mapper.convertComputed(computed[k], value);
        }
        if (filter != null) {
            boolean keep;
            try {
                keep = filter.matches(exchange);
            } catch (RuntimeException e) {
                throw new RecordRejectedException("$", null, "filter failed: " + e.getMessage());
            }
            if (!keep) {
                return null;
            }
        }
        return row;
    }

    private String nameOf(int i) {
        return index.entrySet().stream()
                .filter(e -> e.getValue() == i)
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse("?");
    }

    /** The row seen as a map, without copying it. */
    private static final class RowMap extends AbstractMap<String, Object> {
        private final Object[] row;
        private final Map<String, Integer> index;

        RowMap(Object[] row, Map<String, Integer> index) {
            this.row = row;
            this.index = index;
        }

        @Override
        public Object get(Object key) {
            Integer i = index.get(key);
            return i == null ? null : row[i];
        }

        @Override
        public boolean containsKey(Object key) {
            return index.containsKey(key);
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    Iterator<Map.Entry<String, Integer>> it = index.entrySet().iterator();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return it.hasNext();
                        }

                        @Override
                        public Entry<String, Object> next() {
                            if (!hasNext()) {
                                throw new NoSuchElementException();
                            }
                            Map.Entry<String, Integer> e = it.next();
                            return new SimpleImmutableEntry<>(e.getKey(), row[e.getValue()]);
                        }
                    };
                }

                @Override
                public int size() {
                    return index.size();
                }
            };
        }
    }
}
