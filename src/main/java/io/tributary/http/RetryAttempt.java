package io.tributary.http;

import io.tributary.auth.SecretMasker;
import io.tributary.connector.SyncRun;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs before each redelivery: logs the attempt (connector, page, attempt number, masked failure)
 * and, when the server sent {@code Retry-After}, waits out whatever part of it the exponential
 * back-off has not already waited. Camel's own retry logging stays off because it would print the
 * URL with its API key.
 */
public final class RetryAttempt implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(RetryAttempt.class);
    private static final SecretMasker NO_SECRETS = new SecretMasker(List.of());
    private final int maxRedeliveries;

    public RetryAttempt(int maxRedeliveries) {
        this.maxRedeliveries = maxRedeliveries;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        SyncRun run = exchange.getProperty(SyncRun.PROPERTY, SyncRun.class);
        int attempt = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        long alreadyWaited = exchange.getMessage().getHeader(Exchange.REDELIVERY_DELAY, 0L, Long.class);
        Duration extra = Duration.ZERO;
        if (cause instanceof HttpOperationFailedException) {
            extra = RetryAfter.of((HttpOperationFailedException) cause, Instant.now())
                    .map(d -> d.minusMillis(alreadyWaited))
                    .filter(d -> !d.isNegative())
                    .orElse(Duration.ZERO);
        }
        LOG.warn("connector={} {} failed: {}; retry {}/{}{}",
                run == null ? exchange.getFromRouteId() : run.connectorId(),
                run == null ? "request" : run.position(),
                FailureDescription.of(cause, run == null ? NO_SECRETS : run.masker()),
                attempt, maxRedeliveries,
                extra.isZero() ? "" : " after waiting " + extra.toMillis() / 1000.0 + " s more for Retry-After");
        if (!extra.isZero()) {
            Thread.sleep(extra.toMillis());
        }
    }
}
