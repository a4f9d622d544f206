package io.tributary.connector;

import io.tributary.sink.DeadLetter;
import io.tributary.sink.PageBatch;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Gathers the split's mapped records back into one {@link PageBatch} per page, so the sink writes
 * the page as one batch in one transaction instead of one statement per record.
 *
 * <pre>
 * &lt;split aggregationStrategy="pageBatch"&gt; ... &lt;/split&gt;
 * </pre>
 */
public final class PageBatchAggregation implements AggregationStrategy {
    /** Exchange property: the source record {@code Connector.mapRecord} mapped. */
    public static final String SOURCE = "tributary.record";

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        Object item = newExchange.getMessage().getBody();
        Exchange result = oldExchange == null ? newExchange : oldExchange;
        PageBatch batch =
                oldExchange == null
                        ? new PageBatch()
                        : oldExchange.getMessage().getBody(PageBatch.class);
        if (item instanceof Object[]) {
            batch.addRow(
                    (Object[]) item,
                    newExchange.getProperty(SOURCE, com.fasterxml.jackson.databind.JsonNode.class));
        } else if (item instanceof DeadLetter) {
            batch.addDeadLetter((DeadLetter) item);
        } else if (item != null) {
            throw new IllegalStateException(
                    "split step produced "
                            + item.getClass().getName()
                            + "; expected a mapped row or a dead letter from Connector.mapRecord");
        }
        result.getMessage().setBody(batch);
        return result;
    }
}
