package io.tributary.connector;

import io.tributary.auth.SecretMasker;
import io.tributary.http.ErrorPolicy;
import io.tributary.http.FailureDescription;
import io.tributary.http.PermanentFailures;
import io.tributary.http.ResponseClass;
import io.tributary.http.RunContext;
import io.tributary.http.TransientFailures;
import io.tributary.metrics.ConnectorMetrics;
import io.tributary.metrics.ErrorType;
import io.tributary.metrics.SyncLog;
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

    @Override
    public void process(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        SyncRun run = exchange.getProperty(SyncRun.PROPERTY, SyncRun.class);
        SecretMasker masker = run == null ? new SecretMasker(List.of()) : run.masker();
        String reason =
                FailureDescription.of(
                        cause,
                        masker,
                        exchange.getMessage().getHeader(Exchange.HTTP_METHOD, "GET", String.class),
                        RunContext.failedCall(exchange, run));
        ErrorPolicy policy =
                run == null
                        ? ErrorPolicy.defaults(transientFailures.maxRetryAfter())
                        : run.errorPolicy();
        ResponseClass kind = policy.classify(cause);
        if (!policy.retries(cause)) { // retried ones were counted at each attempt (RetryAfterDelay)
            ConnectorMetrics.of(exchange.getContext())
                    .failure(run == null ? exchange.getFromRouteId() : run.connectorId(), cause);
        }
        if (run != null && run.quotaRefusal() != null) {
            reason = reason + "; no retry: " + run.quotaRefusal();
        } else if (policy.retries(cause)) {
            reason = reason + " (gave up after retries)";
        } else if (kind == ResponseClass.RATE_LIMITED) {
            reason =
                    reason
                            + " (rate limited for longer than the longest wait allowed, tributary.http.max-retry-after="
                            + policy.maxWait().toSeconds()
                            + " s; the next scheduled run tries again)";
        } else if (kind == ResponseClass.REFRESH_AUTH) {
            reason = reason + " (the credentials were refused; check authSecret)";
        } else if (PermanentFailures.of(cause).isPresent()) {
            PermanentFailures permanent = PermanentFailures.of(cause).get();
            reason =
                    reason
                            + " (permanent: "
                            + permanent.label()
                            + ", not retried; "
                            + permanent.advice()
                            + ")";
        }
        if (run != null) {
            run.finish(run.position() + ": " + reason, cause);
        } else {
            // failed before the run began (e.g. the cursor store was unreachable)
            SyncOutcomes outcomes =
                    exchange.getContext()
                            .getRegistry()
                            .lookupByNameAndType("tributarySyncOutcomes", SyncOutcomes.class);
            SyncOutcome outcome =
                    new SyncOutcome(
                            exchange.getFromRouteId(),
                            false,
                            Instant.now(),
                            Duration.ZERO,
                            0,
                            0,
                            0,
                            0,
                            null,
                            "before the first request: " + reason);
            SyncLog.summary(outcome, SyncRun.newId(), ErrorType.of(cause), null);
            if (outcomes != null) {
                outcomes.record(outcome);
            }
        }
    }
}
