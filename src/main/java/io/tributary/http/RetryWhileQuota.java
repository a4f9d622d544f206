package io.tributary.http;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

/**
 * Camel's {@code retryWhile} for connector routes: another attempt while attempts remain and, when
 * the step being retried is the API call, the connector's rate limiter grants one more request
 * (waiting for it if need be). Every call the API sees is paid for, retries included; a retried
 * database write is not. When no quota comes within the longest wait, the retries end and {@code
 * FailRun} reports that reason ({@link RunContext#quotaRefusal()}).
 */
public final class RetryWhileQuota implements Predicate {
    private final int maxRedeliveries;

    public RetryWhileQuota(int maxRedeliveries) {
        this.maxRedeliveries = maxRedeliveries;
    }

    @Override
    public boolean matches(Exchange exchange) {
        int done = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        if (done > maxRedeliveries) {
            return false;
        }
        RunContext run = RunContext.of(exchange);
        String step = exchange.getProperty(Exchange.TO_ENDPOINT, String.class);
        if (run == null || step != null && !step.startsWith("http")) {
            return true;
        }
        return run.beforeRetry();
    }
}
