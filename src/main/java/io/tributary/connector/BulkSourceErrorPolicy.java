package io.tributary.connector;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The error handling of a route from {@code tributary-bulk-source} (route configuration {@value
 * #ID}, which {@link KameletRoutes} gives it): any failure ends the run with its summary line and
 * outcome, not retried inside it. The job stays kept (unless the provider failed or lost it) and
 * the cursor where it was, so the next run polls or downloads the same job after its last committed
 * page: a retry there costs a status request, never a second job.
 */
public final class BulkSourceErrorPolicy extends RouteConfigurationBuilder {
    public static final String ID = "tributary-bulk-source";
    private static final Logger LOG = LoggerFactory.getLogger("io.tributary.sync");

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .onException(Exception.class)
                .maximumRedeliveries(0)
                .logExhausted(false)
                .logStackTrace(false)
                .logHandled(false)
                .handled(true)
                .process(BulkSourceErrorPolicy::fail)
                .end();
    }

    private static void fail(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        BulkRun run = exchange.getProperty(BulkRun.PROPERTY, BulkRun.class);
        if (run != null) {
            run.source.fail(run, cause);
        } else {
            LOG.error(
                    "connector={} sync failed before it began: {}",
                    exchange.getFromRouteId(),
                    io.tributary.http.FailureDescription.of(cause, io.tributary.http.Masker.NONE));
        }
    }
}
