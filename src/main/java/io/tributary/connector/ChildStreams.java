package io.tributary.connector;

import io.tributary.auth.SecretMasker;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a parent's successful sync: the child streams that name it as {@code parent} and are
 * started by {@code direct:} run now, one after the other, in the parent's thread (so {@code
 * --once} waits for them), each over the parents just written; their failures are their own runs'.
 * Preview and check run no children.
 */
final class ChildStreams {
    // the connector's own logger, as before the children were a class of their own
    private static final Logger LOG = LoggerFactory.getLogger(Connector.class);

    private ChildStreams() {}

    static void runAfter(String id, CamelContext context, SecretMasker masker) {
        if (io.tributary.sink.PreviewSink.of(context).isPresent()) {
            return;
        }
        java.util.TreeMap<String, Connector> children = new java.util.TreeMap<>();
        for (Connector c : context.getRegistry().findByType(Connector.class)) {
            if (id.equals(c.parentConnector())) {
                children.put(c.getId(), c);
            }
        }
        for (String child : children.keySet()) {
            org.apache.camel.Route route = context.getRoute(child);
            org.apache.camel.ServiceStatus status =
                    context.getRouteController().getRouteStatus(child);
            org.apache.camel.model.RouteDefinition definition =
                    context instanceof org.apache.camel.model.ModelCamelContext
                            ? ((org.apache.camel.model.ModelCamelContext) context)
                                    .getRouteDefinition(child)
                            : null;
            // a Kamelet-form child's trigger is its source Kamelet's schedule
            String trigger =
                    definition == null || route == null
                            ? null
                            : ConnectorRoutes.isKameletSource(definition)
                                    ? ConnectorRoutes.schedule(
                                            (org.apache.camel.model.ModelCamelContext) context,
                                            definition)
                                    : route.getEndpoint().getEndpointUri();
            if (trigger == null
                    || status == null
                    || !status.isStarted()
                    || !trigger.startsWith("direct:")) {
                continue; // a child on a schedule of its own runs then
            }
            try (org.apache.camel.ProducerTemplate producer = context.createProducerTemplate()) {
                Exchange done =
                        producer.send(
                                trigger, new org.apache.camel.support.DefaultExchange(context));
                if (done.getException() != null) {
                    LOG.warn(
                            "connector={} child stream {} failed: {}",
                            id,
                            child,
                            masker.mask(String.valueOf(done.getException().getMessage())));
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
