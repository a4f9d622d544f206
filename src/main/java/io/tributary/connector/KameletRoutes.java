package io.tributary.connector;

import io.tributary.config.ConnectorConfigException;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ModelLifecycleStrategySupport;
import org.apache.camel.model.RouteDefinition;

/**
 * Connector routes in Kamelet form, as Camel adds their definitions: a route whose source is {@code
 * tributary-http-source} gets the connectors' error handling ({@link ConnectorErrorPolicy}, which
 * camel-kamelet applies to the Kamelets' own routes too), one from {@code tributary-sql-source} the
 * SQL source's ({@link SqlSourceErrorPolicy}), and a Kamelet's route starts only when the route
 * that uses it does (a connector {@code --once} leaves stopped must not fire its schedule).
 */
public final class KameletRoutes extends ModelLifecycleStrategySupport {
    private final ModelCamelContext context;

    private KameletRoutes(ModelCamelContext context) {
        this.context = context;
    }

    /** Installs it; call before the route files load. */
    public static void install(ModelCamelContext context) {
        context.addModelLifecycleStrategy(new KameletRoutes(context));
    }

    /**
     * As the route file loads, so the error names the file and nothing has started: the route has
     * an id of its own (the connector's, the key of its cursor) and exactly one Tributary sink.
     */
    private static void requireATributarySink(RouteDefinition route) {
        if (!route.hasCustomIdAssigned()) {
            // Camel would number it (route1, route2...) in load order: another file loaded before
            // it would give the connector another id, and another cursor
            throw new ConnectorConfigException(
                    "(unnamed)",
                    "id",
                    null,
                    "a route from kamelet:"
                            + ConnectorRoutes.sourceKamelet(route)
                            + (route.getResource() == null
                                    ? ""
                                    : " in " + route.getResource().getLocation())
                            + " needs an id: it is the connector's id, the key of its cursor");
        }
        java.util.List<String> sinks =
                org.apache.camel.model.ProcessorDefinitionHelper.filterTypeInOutputs(
                                route.getOutputs(), org.apache.camel.model.ToDefinition.class)
                        .stream()
                        .map(org.apache.camel.model.ToDefinition::getEndpointUri)
                        .filter(java.util.Objects::nonNull)
                        .map(ConnectorRoutes::withoutSlashes)
                        .filter(
                                uri ->
                                        uri.startsWith("kamelet:" + PageSinkStep.KAMELET)
                                                || uri.startsWith(
                                                        "kamelet:" + FileSinkStep.KAMELET))
                        .toList();
        if (sinks.isEmpty()) {
            throw SinkBinding.unbound(route.getRouteId(), ConnectorRoutes.sourceKamelet(route));
        }
        if (sinks.size() > 1) {
            // each page commits with the cursor in one sink's transaction: a second sink would
            // get no pages, or pages the cursor has already moved past
            throw new ConnectorConfigException(
                    route.getRouteId(),
                    "kamelet",
                    null,
                    "the route sends its pages to "
                            + sinks.size()
                            + " Tributary sinks; a source's pages commit with its cursor in one sink:"
                            + " load each table (or file) with a connector of its own");
        }
    }

    /**
     * The route loaders prepare a route (which puts its route configurations' {@code onException}
     * clauses in it) before Camel adds it, so the configuration named here only now would be
     * ignored: the user's steps and the sink's failures would go to Camel's default error handler
     * (no retry, no summary line, Camel's own log of the failure). Prepared again, it has them.
     */
    private void applyRouteConfiguration(RouteDefinition route) {
        if (!route.isPrepared()) {
            return; // prepared later, with the configuration named
        }
        org.apache.camel.spi.Resource resource = route.getResource();
        org.apache.camel.model.RoutesDefinition routes =
                new org.apache.camel.model.RoutesDefinition();
        routes.setCamelContext(context);
        routes.setResource(resource);
        route.markUnprepared();
        routes.prepareRoute(route);
    }

    /**
     * A source that names its connector ({@code connector}, which a Camel K Pipe must: its route is
     * always {@code binding}) gives the route that id, as templated routes get theirs: commands,
     * {@code --once} and the outcomes then all speak of one name.
     */
    private void nameAfterItsConnector(RouteDefinition route) {
        String connector = ConnectorRoutes.parameter(context, route, "connector");
        if (connector != null
                && !connector.isBlank()
                && !connector.contains("{{")
                && !connector.trim().equals(route.getRouteId())) {
            route.setId(connector.trim());
        }
    }

    /**
     * Camel caches an endpoint by its URI: two connectors whose sink steps had the very same
     * parameters (a table loaded by a pull connector and its deleted-records stream, or by a
     * webhook and its backfill) shared one Kamelet route, bound to the first, and the second found
     * no sink. Naming the Kamelet's route after the connector ({@code kamelet:NAME/ROUTE}) makes
     * each its own.
     */
    private static void aSinkOfItsOwn(RouteDefinition route) {
        for (org.apache.camel.model.ToDefinition to :
                org.apache.camel.model.ProcessorDefinitionHelper.filterTypeInOutputs(
                        route.getOutputs(), org.apache.camel.model.ToDefinition.class)) {
            String uri = to.getEndpointUri();
            if (uri == null) {
                continue;
            }
            String plain = ConnectorRoutes.withoutSlashes(uri);
            for (String kamelet : new String[] {PageSinkStep.KAMELET, FileSinkStep.KAMELET}) {
                String prefix = "kamelet:" + kamelet;
                if (plain.startsWith(prefix)
                        && (plain.length() == prefix.length()
                                || plain.charAt(prefix.length()) == '?')) {
                    to.setUri(
                            prefix
                                    + "/"
                                    + route.getRouteId()
                                    + "-sink"
                                    + plain.substring(prefix.length()));
                }
            }
        }
    }

    /**
     * A connector's sink Kamelet route is {@code <connector>-sink}: a route of that id (another
     * connector named {@code orders-sink} beside {@code orders}) would keep camel-kamelet from
     * creating it, and the first connector's pages would find no sink, after a timeout. Refused as
     * the second of the two loads, whichever it is.
     */
    private void refuseATakenSinkRouteId(RouteDefinition route) {
        String id = route.getRouteId();
        if (id == null
                || route.getTemplateParameters() != null
                        && route.getTemplateParameters().containsKey("parentRouteId")) {
            return; // a Kamelet's own route: the sink route itself
        }
        RouteDefinition sinkOfThis = context.getRouteDefinition(id + "-sink");
        if (feedsATributarySink(route) && sinkOfThis != null && sinkOfThis != route) {
            throw takenSinkRouteId(id, id + "-sink");
        }
        if (id.endsWith("-sink")) {
            String owner = id.substring(0, id.length() - "-sink".length());
            RouteDefinition source = context.getRouteDefinition(owner);
            if (source != null && source != route && feedsATributarySink(source)) {
                throw takenSinkRouteId(owner, id);
            }
        }
    }

    /** A route from one of Tributary's source Kamelets, webhooks included. */
    private static boolean feedsATributarySink(RouteDefinition route) {
        return ConnectorRoutes.isKameletSource(route) || WebhookSourceKamelet.isSource(route);
    }

    private static ConnectorConfigException takenSinkRouteId(String connector, String sinkRoute) {
        return new ConnectorConfigException(
                connector,
                "id",
                sinkRoute,
                "is another route's id, and it is this connector's sink route (<connector>-sink, one"
                        + " per connector); rename one of the two routes");
    }

    @Override
    public void onAddRouteDefinition(RouteDefinition route) {
        if (ConnectorRoutes.isKameletSource(route)) {
            if (route.getRouteConfigurationId() == null) {
                String kamelet = ConnectorRoutes.sourceKamelet(route);
                route.setRouteConfigurationId(
                        SqlSourceKamelet.KAMELET.equals(kamelet)
                                ? SqlSourceErrorPolicy.ID
                                : BulkSourceKamelet.KAMELET.equals(kamelet)
                                        ? BulkSourceErrorPolicy.ID
                                        : ConnectorErrorPolicy.ID);
                applyRouteConfiguration(route);
            }
            requireATributarySink(route);
            nameAfterItsConnector(route);
            aSinkOfItsOwn(route);
        } else if (WebhookSourceKamelet.isSource(route)) {
            if (route.getRouteConfigurationId() == null) {
                route.setRouteConfigurationId(WebhookErrorPolicy.ID);
                applyRouteConfiguration(route);
            }
            aSinkOfItsOwn(route); // a webhook and its backfill may load one table alike
        }
        refuseATakenSinkRouteId(route);
        Object parent =
                route.getTemplateParameters() == null
                        ? null
                        : route.getTemplateParameters().get("parentRouteId");
        if (parent != null) {
            RouteDefinition using = context.getRouteDefinition(parent.toString());
            if (using != null && "false".equals(using.getAutoStartup())) {
                route.setAutoStartup("false");
            }
        }
    }
}
