package io.tributary.connector;

import io.tributary.config.ConnectorConfigException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.ToDefinition;

/**
 * What a source Kamelet's bean ({@link SqlSource}, {@link FileSource}, {@link WebhookSource},
 * {@link BulkSource}) is given: the parameters its generated Kamelet file sets through the bean's
 * setters, read back as given or by their declared default, and the route that uses the Kamelet
 * (camel-kamelet's {@code parentRouteId}), whose id is the connector's unless {@code connector}
 * names it. Composed, not inherited: each bean keeps its own setters (the Kamelet file names them)
 * and its own superclass.
 */
final class SourceSettings {
    private final String kamelet;
    private final List<Parameter> parameters;
    private final Map<String, String> given = new HashMap<>();
    private String callingRoute;

    SourceSettings(String kamelet, List<Parameter> parameters) {
        this.kamelet = kamelet;
        this.parameters = parameters;
    }

    /** A bean setter's value, as the Kamelet file gives it. */
    void put(String name, String value) {
        given.put(name, value);
    }

    /** A value exactly as set (a secret, whose spaces are its own), or null. */
    String get(String name) {
        return given.get(name);
    }

    /** A parameter's value as given (blank: not given), else its declared default; untrimmed. */
    String asGiven(String name) {
        return Parameter.given(parameters, given, name);
    }

    /** A parameter's value as given (trimmed; blank: not given), else its declared default. */
    String value(String name) {
        String v = asGiven(name);
        return v == null ? null : v.trim();
    }

    void callingRoute(String route) {
        this.callingRoute = route;
    }

    String callingRoute() {
        return callingRoute;
    }

    /** The connector's id: parameter {@code connector}, else the id of the route that uses it. */
    String connector() {
        String named = value("connector");
        String connector =
                named != null ? named : callingRoute == null ? null : callingRoute.trim();
        if (connector == null || connector.isBlank()) {
            throw new IllegalStateException(
                    "the " + kamelet + " cannot tell its connector: give the route an id");
        }
        return connector;
    }

    /** The definition of the route that uses the Kamelet, if the context knows it. */
    RouteDefinition route(CamelContext context) {
        if (!(context instanceof ModelCamelContext) || callingRoute == null) {
            return null;
        }
        RouteDefinition route =
                ((ModelCamelContext) context).getRouteDefinition(callingRoute.trim());
        return route == null || route.getInput() == null ? null : route;
    }

    /** The route's {@code tributary-jdbc-sink}s: how many, and the last one's schema file. */
    record JdbcSinks(int count, String schema) {}

    /**
     * The route's sinks, for a source whose pages (or events) commit with a position (or id) each:
     * no {@code tributary-file-sink}, no {@code writeMode: replace} ({@code replace} publishes a
     * whole sync, with no position per page); with {@code checkParameters}, every parameter of the
     * source's and the sink's URIs declared (a misspelt one would be ignored). Else exit 2, the
     * text after "a &lt;kamelet&gt; " saying why.
     *
     * @return the sinks found; none when the context does not know the route
     */
    JdbcSinks checkJdbcSinks(
            CamelContext context,
            String connector,
            boolean checkParameters,
            String whyNoFileSink,
            String whyNoReplace) {
        RouteDefinition route = route(context);
        if (route == null) {
            return new JdbcSinks(0, null);
        }
        if (checkParameters) {
            SinkBinding.check(
                    context,
                    connector,
                    kamelet,
                    parameters.stream().map(Parameter::name).toList(),
                    route.getInput().getEndpointUri());
        }
        int sinks = 0;
        String schema = null;
        for (ToDefinition to :
                org.apache.camel.model.ProcessorDefinitionHelper.filterTypeInOutputs(
                        route.getOutputs(), ToDefinition.class)) {
            String uri = ConnectorRoutes.withoutSlashes(to.getEndpointUri());
            if (uri == null) {
                continue;
            }
            if (uri.startsWith("kamelet:" + FileSinkStep.KAMELET)) {
                throw new ConnectorConfigException(
                        connector,
                        "kamelet",
                        FileSinkStep.KAMELET,
                        "a " + kamelet + " " + whyNoFileSink);
            }
            if (uri.startsWith("kamelet:" + PageSinkStep.KAMELET)) {
                sinks++;
                if (checkParameters) {
                    SinkBinding.check(
                            context,
                            connector,
                            PageSinkStep.KAMELET,
                            PageSinkStep.PARAMETERS.stream().map(Parameter::name).toList(),
                            uri);
                }
                Map<String, String> sink = ConnectorRoutes.kameletParameters(uri);
                String given = sink.get("schema");
                schema = given == null ? null : context.resolvePropertyPlaceholders(given).trim();
                String mode = sink.get("writeMode");
                if (mode != null
                        && context.resolvePropertyPlaceholders(mode).trim().equals("replace")) {
                    throw new ConnectorConfigException(
                            connector, "writeMode", "replace", "a " + kamelet + " " + whyNoReplace);
                }
            }
        }
        return new JdbcSinks(sinks, schema);
    }
}
