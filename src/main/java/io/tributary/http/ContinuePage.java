package io.tributary.http;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * For a response the error policy classifies {@code ignore} or {@code redirect}: records it on the
 * exchange as a {@link Continued} and lets the route go on ({@code continued(true)}), so that
 * {@code readPage} ends the stream (ignore) or the next {@code prepareRequest} follows the redirect
 * under the host rule.
 */
public final class ContinuePage implements Processor {
    public static final String PROPERTY = "tributary.continued";

    /**
     * What happened to the call: the class, the Location of a redirect, and the failure as one
     * line.
     */
    public record Continued(ResponseClass responseClass, int status, String location) {}

    private final ResponseClass responseClass;

    public ContinuePage(ResponseClass responseClass) {
        this.responseClass = responseClass;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int status = 0;
        String location = null;
        if (cause instanceof HttpOperationFailedException http) {
            status = http.getStatusCode();
            location = http.getRedirectLocation();
            if (location == null && http.getResponseHeaders() != null) {
                location = RateLimitHeaders.get(http.getResponseHeaders(), "Location");
            }
        }
        exchange.setProperty(PROPERTY, new Continued(responseClass, status, location));
        RunContext run = RunContext.of(exchange);
        CallListener.of(exchange.getContext())
                .passed(run == null ? exchange.getFromRouteId() : run.connectorId(), status);
        exchange.getMessage().setBody(null);
    }
}
