package io.tributary.connector;

import io.tributary.config.ConnectorConfigException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.ToDefinition;

/**
 * Pairs the {@code tributary-http-source} of each route with the Tributary sink on the same route
 * (camel-kamelet gives both the route's id as {@code parentRouteId}). The source reads pages; the
 * sink maps and commits them with the cursor, so the cursor rule needs both halves: the source's
 * incremental settings and the sink's schema, whose cursor field it compares. Bound, they are one
 * connector, checked as one at start-up; a source whose route has no Tributary sink stops start-up.
 */
public final class SinkBinding {
    private static final String BEAN = "tributarySinkBinding";

    /** A sink Kamelet's step, which takes a source's pages once bound. */
    public interface BoundSink {
        /** The Kamelet's name, for messages. */
        String kamelet();

        /** Its parameters, under the connector's names (schema, table, writeMode, sink...). */
        Map<String, String> connectorSettings();

        /** From now on it hands this connector's pages to {@link Connector#receive}. */
        void bound(Connector connector);
    }

    private final CamelContext context;
    private final Map<String, Connector> sources = new TreeMap<>();
    private final Map<String, BoundSink> sinks = new TreeMap<>();
    private final Map<String, Connector> bound = new TreeMap<>();

    private SinkBinding(CamelContext context) {
        this.context = context;
    }

    /**
     * The context's binding, made on first use; before start-up it checks every source is bound.
     */
    public static SinkBinding of(CamelContext context) {
        synchronized (context) {
            SinkBinding b = context.getRegistry().lookupByNameAndType(BEAN, SinkBinding.class);
            if (b == null) {
                b = new SinkBinding(context);
                context.getRegistry().bind(BEAN, b);
                if (!context.isStarted()) {
                    SinkBinding binding = b;
                    // Kamelet routes are made while the context initializes, before this fires
                    try {
                        context.addStartupListener((c, alreadyStarted) -> binding.verify());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
            return b;
        }
    }

    synchronized void source(String route, Connector connector) {
        sources.put(route, connector);
        bind(route);
    }

    /**
     * @return whether a Tributary source feeds this sink (it then needs no set-up of its own)
     */
    public synchronized boolean sink(String callingRoute, BoundSink sink) {
        String route = usingRoute(callingRoute);
        sinks.put(route, sink);
        bind(route);
        return sources.containsKey(route);
    }

    /**
     * The route that uses the sink. When routes are added to a running context, camel-kamelet names
     * the source Kamelet's route (made while the using route was being built) as the sink's parent:
     * that route's own parent is the one.
     */
    String usingRoute(String parent) {
        if (parent != null && context instanceof ModelCamelContext) {
            RouteDefinition r = ((ModelCamelContext) context).getRouteDefinition(parent);
            java.util.Map<String, Object> p = r == null ? null : r.getTemplateParameters();
            if (p != null
                    && (ConnectorRoutes.namesSourceKamelet(p.get("templateId"))
                            || FileSourceKamelet.KAMELET.equals(p.get("templateId"))
                            || WebhookSourceKamelet.KAMELET.equals(p.get("templateId")))
                    && p.get("parentRouteId") != null) {
                return p.get("parentRouteId").toString();
            }
        }
        return parent;
    }

    private void bind(String route) {
        Connector source = sources.get(route);
        BoundSink sink = sinks.get(route);
        if (source == null || sink == null || bound.containsKey(route)) {
            return;
        }
        rejectUnknownParameters(route, sink);
        source.bindSink(sink.connectorSettings());
        sink.bound(source);
        bound.put(route, source);
    }

    /** Every source has a sink: else start-up stops, naming the route. */
    synchronized void verify() {
        for (String route : sources.keySet()) {
            if (!bound.containsKey(route)) {
                throw unbound(route);
            }
        }
    }

    static ConnectorConfigException unbound(String route) {
        return unbound(route, HttpSourceKamelet.KAMELET);
    }

    /** A route from source Kamelet {@code kamelet} with no Tributary sink. */
    static ConnectorConfigException unbound(String route, String kamelet) {
        return new ConnectorConfigException(
                route,
                "kamelet",
                kamelet,
                "its pages go to no Tributary sink: the route needs a step 'to: kamelet:"
                        + PageSinkStep.KAMELET
                        + "' (or kamelet:"
                        + FileSinkStep.KAMELET
                        + ") after the source");
    }

    /**
     * A misspelt Kamelet parameter would be ignored: each one the route gives must be declared. A
     * {@code &} inside a value cuts it and starts a parameter of its own, which this names too.
     */
    private void rejectUnknownParameters(String route, BoundSink sink) {
        if (!(context instanceof ModelCamelContext)) {
            return;
        }
        RouteDefinition definition = ((ModelCamelContext) context).getRouteDefinition(route);
        if (definition == null || definition.getInput() == null) {
            return;
        }
        check(
                context,
                route,
                HttpSourceKamelet.KAMELET,
                HttpSourceKamelet.PARAMETERS.stream().map(Parameter::name).toList(),
                definition.getInput().getEndpointUri());
        for (ToDefinition to :
                org.apache.camel.model.ProcessorDefinitionHelper.filterTypeInOutputs(
                        definition.getOutputs(), ToDefinition.class)) {
            String uri = to.getEndpointUri();
            if (uri != null && uri.startsWith("kamelet:" + sink.kamelet())) {
                List<String> names =
                        sink.kamelet().equals(FileSinkStep.KAMELET)
                                ? FileSinkStep.PARAMETERS.stream().map(Parameter::name).toList()
                                : PageSinkStep.PARAMETERS.stream().map(Parameter::name).toList();
                check(context, route, sink.kamelet(), names, uri);
            }
        }
    }

    /**
     * The parameters of a Kamelet's URI are all declared ({@code names}) and none was cut by a
     * placeholder's {@code &}: else a {@link ConnectorConfigException} naming the route.
     */
    static void check(
            CamelContext context,
            String route,
            String kamelet,
            Collection<String> names,
            String uri) {
        ConnectorRoutes.cutByPlaceholders(context, uri)
                .forEach(
                        (name, placeholders) -> {
                            throw new ConnectorConfigException(
                                    route,
                                    name,
                                    null,
                                    "its value "
                                            + placeholders
                                            + " resolves to a text with a '&', where camel-kamelet would cut it"
                                            + " (the rest becomes a parameter of its own): write it as RAW("
                                            + placeholders
                                            + ")");
                        });
        for (String name : ConnectorRoutes.kameletParameters(uri).keySet()) {
            if (names.contains(name) || ConnectorRoutes.CAMEL_KAMELET_OPTIONS.contains(name)) {
                continue;
            }
            String near =
                    names.stream()
                            .filter(
                                    d ->
                                            ParameterChecks.distance(
                                                            d.toLowerCase(java.util.Locale.ROOT),
                                                            name.toLowerCase(java.util.Locale.ROOT))
                                                    <= 3)
                            .findFirst()
                            .map(d -> " (did you mean '" + d + "'?)")
                            .orElse("");
            // no value in the message: a misspelt authSecret's value is a secret
            throw new ConnectorConfigException(
                    route,
                    name,
                    null,
                    "is not a parameter of kamelet "
                            + kamelet
                            + near
                            + "; if it was meant as part of the value before it: a '&' inside a"
                            + " value starts a new parameter, so write that value as RAW{...}");
        }
    }
}
