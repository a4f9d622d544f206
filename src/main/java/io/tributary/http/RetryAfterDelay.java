package io.tributary.http;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Runs as soon as a call fails ({@code onExceptionOccurred}): when the server sent {@code
 * Retry-After} (or a spent quota with {@code X-RateLimit-Reset} or {@code RateLimit}; see {@link
 * RateLimitHeaders}, or a GraphQL answer's throttle status: {@link GraphqlErrors}), that becomes
 * the delay before the next attempt, through Camel's {@code CamelRedeliveryDelay} header, instead
 * of the back-off; otherwise the header is cleared and the exponential back-off applies.
 *
 * <p>On a replay of a cassette ({@code tributary test}) the wait a recorded server asked for is
 * history: the call is retried after the back-off, as if the server had named no wait (the
 * cassette's next interaction answers it), and no wait is counted.
 */
public final class RetryAfterDelay implements Processor {
    private final boolean serverWaits;

    /** Honours the server's waits. */
    public RetryAfterDelay() {
        this(true);
    }

    /**
     * @param serverWaits false on a replay: the recorded server's waits are not waited
     */
    public RetryAfterDelay(boolean serverWaits) {
        this.serverWaits = serverWaits;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable cause =
                exchange.getException() != null
                        ? exchange.getException()
                        : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        exchange.getMessage().removeHeader(Exchange.REDELIVERY_DELAY);
        RunContext run = RunContext.of(exchange);
        String connector = run == null ? exchange.getFromRouteId() : run.connectorId();
        CallListener metrics = CallListener.of(exchange.getContext());
        metrics.failure(connector, cause); // every failed attempt: status class and error type
        if (serverWaits && cause instanceof HttpOperationFailedException) {
            // the headers' wait, or one the body named (a GraphQL throttle:
            // BodyRuleFailure.askedWait)
            ErrorPolicy.serverWait(cause)
                    .ifPresent(
                            wait -> {
                                exchange.getMessage()
                                        .setHeader(
                                                Exchange.REDELIVERY_DELAY,
                                                Math.max(1, wait.toMillis()));
                                metrics.rateLimitWait(connector, wait);
                                if (run != null) {
                                    run.serverAskedToWait(wait);
                                }
                            });
        }
    }
}
