package io.tributary.http;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs before each redelivery: logs the attempt with the connector, the page, the attempt number
 * and the masked failure (the URL of a failed call, the trimmed cause of any other). Camel's own
 * retry logging stays off because it would print the URL with its API key, and a failed write's
 * values.
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
        int attempt =
                exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        Long retryAfterMs = exchange.getMessage().getHeader(Exchange.REDELIVERY_DELAY, Long.class);
        CallListener.of(exchange.getContext())
                .retry(run == null ? exchange.getFromRouteId() : run.connectorId());
        LOG.warn(
                "connector={} {} failed: {}; retry {}/{}{}",
                run == null ? exchange.getFromRouteId() : run.connectorId(),
                run == null ? "request" : run.position(),
                FailureDescription.of(
                        cause,
                        run == null ? Masker.NONE : run.masker(),
                        exchange.getMessage().getHeader(Exchange.HTTP_METHOD, "GET", String.class),
                        RunContext.failedCall(exchange, run)),
                attempt,
                maxRedeliveries,
                retryAfterMs == null
                        ? ""
                        : " after waiting "
                                + retryAfterMs / 1000.0
                                + " s as the server asked (Retry-After or rate-limit reset)");
    }
}
