package io.tributary.http;

import io.tributary.log.Logfmt;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Runs before each redelivery: logs the attempt with the connector, the run, the page, the attempt
 * number and the masked failure (the URL of a failed call, the trimmed cause of any other). Camel's
 * own retry logging stays off because it would print the URL with its API key, and a failed write's
 * values.
 *
 * <pre>
 * retry 1/3 connector=obs run=5f0c9a2e41b7 at="page 3" error_type=other error="HTTP 503 ... (GET http://...)"
 * </pre>
 *
 * With {@code TRIBUTARY_LOG_FORMAT=json} the line also carries the run so far as fields ({@link
 * RunContext#logFields}) and {@code outcome=retry}, {@code attempt}, {@code max_attempts}.
 */
public final class RetryAttempt implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(RetryAttempt.class);
    private final int maxRedeliveries;

    public RetryAttempt(int maxRedeliveries) {
        this.maxRedeliveries = maxRedeliveries;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        RunContext run = RunContext.of(exchange);
        String connector = run == null ? exchange.getFromRouteId() : run.connectorId();
        int attempt =
                exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        Long retryAfterMs = exchange.getMessage().getHeader(Exchange.REDELIVERY_DELAY, Long.class);
        CallListener.of(exchange.getContext()).retry(connector);
        String error =
                FailureDescription.of(
                        cause,
                        run == null ? Masker.NONE : run.masker(),
                        exchange.getMessage().getHeader(Exchange.HTTP_METHOD, "GET", String.class),
                        RunContext.failedCall(exchange, run));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("connector", connector);
        if (run != null) {
            fields.putAll(run.logFields(cause));
        }
        fields.put("outcome", "retry");
        fields.put("at", run == null ? "request" : run.position());
        fields.put("attempt", attempt);
        fields.put("max_attempts", maxRedeliveries);
        if (retryAfterMs != null) {
            fields.put("retry_after_ms", retryAfterMs); // the server asked (Retry-After, a reset)
        }
        fields.put("error", error);

        StringBuilder text = new StringBuilder("retry " + attempt + "/" + maxRedeliveries);
        for (String key :
                new String[] {"connector", "run", "at", "error_type", "error", "retry_after_ms"}) {
            if (fields.containsKey(key)) {
                text.append(' ').append(key).append('=').append(Logfmt.value(fields.get(key)));
            }
        }
        LoggingEventBuilder line = LOG.atWarn();
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            line = line.addKeyValue(field.getKey(), field.getValue());
        }
        line.log(text.toString());
    }
}
