package io.tributary.http;

import io.tributary.auth.SecretMasker;
import io.tributary.connector.SyncRun;
import io.tributary.metrics.SyncOutcome;
import io.tributary.metrics.SyncOutcomes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The end of a failed run: the failure becomes the run's summary line (connector, page, status,
 * masked URL, body excerpt) and its recorded outcome. The cursor stays at the last committed page.
 */
public final class FailRun implements Processor {
    private final TransientFailures transientFailures;

    public FailRun(TransientFailures transientFailures) {
        this.transientFailures = transientFailures;
    }

    /**
     * The URL of the call, when the step that failed was the HTTP call (Camel's {@code CamelToEndpoint}):
     * a timeout or reset names no URL of its own. Null for other steps, e.g. a database write.
     */
    static java.net.URI failedCall(Exchange exchange, SyncRun run) {
        String step = exchange.getProperty(Exchange.TO_ENDPOINT, String.class);
        return run != null && step != null && step.startsWith("http") ? run.requestUrl() : null;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        SyncRun run = exchange.getProperty(SyncRun.PROPERTY, SyncRun.class);
        SecretMasker masker = run == null ? new SecretMasker(List.of()) : run.masker();
        String reason = FailureDescription.of(cause, masker, exchange.getMessage().getHeader(Exchange.HTTP_METHOD, "GET", String.class),
                failedCall(exchange, run));
        ErrorPolicy policy = run == null ? ErrorPolicy.defaults(transientFailures.maxRetryAfter()) : run.errorPolicy();
        ResponseClass kind = policy.classify(cause);
        if (!policy.retries(cause)) { // retried ones were counted at each attempt (RetryAfterDelay)
            io.tributary.metrics.ConnectorMetrics.of(exchange.getContext())
                    .failure(run == null ? exchange.getFromRouteId() : run.connectorId(), cause);
        }
        if (run != null && run.quotaRefusal() != null) {
            reason = reason + "; no retry: " + run.quotaRefusal();
        } else if (policy.retries(cause)) {
            reason = reason + " (gave up after retries)";
        } else if (kind == ResponseClass.RATE_LIMITED) {
            reason = reason + " (rate limited for longer than the longest wait allowed, tributary.http.max-retry-after="
                    + policy.maxWait().toSeconds() + " s; the next scheduled run tries again)";
        } else if (kind == ResponseClass.REFRESH_AUTH) {
            reason = reason + " (the credentials were refused; check authSecret)";
        } else if (PermanentFailures.of(cause).isPresent()) {
            PermanentFailures permanent = PermanentFailures.of(cause).get();
            reason = reason + " (permanent: " + permanent.label() + ", not retried; " + permanent.advice() + ")";
        }
        if (run != null) {
            run.finish(run.position() + ": " + reason);
        } else {
            // failed before the run began (e.g. the cursor store was unreachable)
            SyncOutcomes outcomes = exchange.getContext().getRegistry()
                    .lookupByNameAndType("tributarySyncOutcomes", SyncOutcomes.class);
            SyncOutcome outcome = new SyncOutcome(exchange.getFromRouteId(), false, Instant.now(), Duration.ZERO,
                    0, 0, 0, 0, null, "before the first request: " + reason);
            org.slf4j.LoggerFactory.getLogger("io.tributary.sync").error(outcome.summary());
            if (outcomes != null) {
                outcomes.record(outcome);
            }
        }
    }
}
