package io.tributary.connector;

import io.tributary.auth.RefreshOnUnauthorized;
import io.tributary.config.Settings;
import io.tributary.http.ContinuePage;
import io.tributary.http.ErrorPolicy;
import io.tributary.http.ResponseClass;
import io.tributary.http.RetryAfterDelay;
import io.tributary.http.RetryAttempt;
import io.tributary.http.RetryWhileQuota;
import io.tributary.http.RunContext;
import io.tributary.http.TransientFailures;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * The error handling every connector route uses ({@code routeConfigurationId:
 * tributary-connector}), built on Camel's redelivery policy:
 *
 * <ul>
 *   <li>transient failures ({@link TransientFailures}) are redelivered at the step that failed (the
 *       HTTP call, or a database write cut off by an I/O error) with exponential back-off and
 *       jitter, bounded in attempts and delay; a {@code Retry-After} replaces the back-off ({@link
 *       RetryAfterDelay});
 *   <li>when they run out, or for anything else, the run ends with one clear line ({@link FailRun})
 *       and the cursor stays where the last committed page left it.
 * </ul>
 *
 * What counts as transient is the connector's {@link ErrorPolicy} (defaults plus its {@code
 * errorPolicy} overrides); responses it classifies {@code ignore} or {@code redirect} continue the
 * route ({@link ContinuePage}) instead of failing it. Settings: {@code
 * tributary.retry.max-redeliveries} (5), {@code tributary.retry.initial-delay-ms} (1000), {@code
 * tributary.retry.max-delay-ms} (60000), {@code tributary.http.max-retry-after} (seconds, 300).
 */
public final class ConnectorErrorPolicy extends RouteConfigurationBuilder {
    public static final String ID = "tributary-connector";

    @Override
    public void configuration() {
        Settings settings = new Settings(getContext());
        int redeliveries = settings.integer("tributary.retry.max-redeliveries", 5);
        long initialDelay = settings.number("tributary.retry.initial-delay-ms", 1000);
        long maxDelay = settings.number("tributary.retry.max-delay-ms", 60_000);
        TransientFailures transientFailures =
                new TransientFailures(
                        java.time.Duration.ofSeconds(
                                settings.number("tributary.http.max-retry-after", 300)));
        FailRun failRun = new FailRun(transientFailures);
        // tributary test: a cassette answers at once, whatever its recorded server asked to wait
        boolean replay = settings.flag("tributary.testkit.replay", false);

        ErrorPolicy defaults = ErrorPolicy.defaults(transientFailures.maxRetryAfter());
        routeConfiguration(ID)
                // a 401 under a token scheme: one new token, one more attempt (io.tributary.auth)
                .onException(org.apache.camel.http.base.HttpOperationFailedException.class)
                .onWhen(RefreshOnUnauthorized.APPLIES)
                .maximumRedeliveries(1)
                .redeliveryDelay(0)
                .retryWhile(
                        new RetryWhileQuota(
                                1)) // the repeated call is paid from the budget like any other
                .onRedelivery(new RefreshOnUnauthorized())
                .logRetryAttempted(false)
                .logExhausted(false)
                .logStackTrace(false)
                .logHandled(false)
                .handled(true)
                .process(RefreshOnUnauthorized.failingWith(failRun))
                .end()
                .onException(Exception.class)
                .onWhen(
                        exchange ->
                                policy(exchange, defaults).classify(caught(exchange))
                                        == ResponseClass.IGNORE)
                .continued(true)
                .logContinued(false)
                .logExhausted(false)
                .logStackTrace(false)
                .process(new ContinuePage(ResponseClass.IGNORE))
                .end()
                .onException(Exception.class)
                .onWhen(
                        exchange ->
                                policy(exchange, defaults).classify(caught(exchange))
                                        == ResponseClass.REDIRECT)
                .continued(true)
                .logContinued(false)
                .logExhausted(false)
                .logStackTrace(false)
                .process(new ContinuePage(ResponseClass.REDIRECT))
                .end()
                .onException(Exception.class)
                .onWhen(exchange -> policy(exchange, defaults).retries(caught(exchange)))
                .retryWhile(
                        new RetryWhileQuota(redeliveries)) // attempts left, and quota for the call
                .maximumRedeliveries(redeliveries)
                .redeliveryDelay(initialDelay)
                .useExponentialBackOff()
                .backOffMultiplier(2.0)
                .useCollisionAvoidance() // jitter, so parallel connectors do not retry in step
                .maximumRedeliveryDelay(maxDelay)
                .onExceptionOccurred(new RetryAfterDelay(!replay))
                .onRedelivery(new RetryAttempt(redeliveries))
                .logRetryAttempted(false)
                .logExhausted(false)
                .logStackTrace(false)
                .logHandled(false)
                .handled(true)
                .process(failRun)
                .end()
                .onException(Exception.class)
                .maximumRedeliveries(0)
                .logExhausted(false)
                .logStackTrace(false)
                .logHandled(false)
                .handled(true)
                .process(failRun)
                .end();
    }

    /**
     * How the connector whose run this is classifies the failure on the exchange, e.g. for an
     * {@code onException} clause that refreshes credentials: {@code .onWhen(e ->
     * ConnectorErrorPolicy.classify(e) == ResponseClass.REFRESH_AUTH)}. The same as {@link
     * RunContext#classify}.
     */
    public static ResponseClass classify(Exchange exchange) {
        return RunContext.classify(exchange);
    }

    /** The error policy of the connector whose run this is; the defaults outside a run. */
    static ErrorPolicy policy(Exchange exchange, ErrorPolicy defaults) {
        return RunContext.policyOn(exchange, defaults);
    }

    private static Throwable caught(Exchange exchange) {
        return RunContext.caught(exchange);
    }
}
