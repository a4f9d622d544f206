package io.tributary.connector;

import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * The error handling of a route from {@code tributary-webhook-source} (route configuration {@value
 * #ID}, which {@link KameletRoutes} gives it and camel-kamelet applies to its Kamelets' routes):
 * none. A failure in the route's steps or its sink goes back, unlogged and not retried, to the
 * source's {@code doCatch}, which answers 503 with one masked line ({@link WebhookSource#failed}):
 * the provider's retry is the retry, and Camel's own log of a failure would print the database's
 * whole message.
 */
public final class WebhookErrorPolicy extends RouteConfigurationBuilder {
    public static final String ID = "tributary-webhook";

    @Override
    public void configuration() {
        routeConfiguration(ID).errorHandler(noErrorHandler());
    }
}
