package io.tributary.connector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;

/**
 * A connector's route, in either form: a {@code templatedRoute} of {@code http-to-jdbc} (or a route
 * written in full), whose trigger is its {@code from}; or a route whose {@code from} is a source
 * Kamelet ({@code tributary-http-source}, {@code tributary-sql-source}), whose trigger is that
 * Kamelet's {@code schedule} parameter. What {@code --once}, preview, cluster scheduling and the
 * schedule check change or read, they change or read here.
 */
public final class ConnectorRoutes {
    /** camel-kamelet's own endpoint options, which a route may give any Kamelet. */
    static final Set<String> CAMEL_KAMELET_OPTIONS =
            Set.of(
                    "routeId",
                    "location",
                    "bridgeErrorHandler",
                    "noErrorHandler",
                    "timeout",
                    "block");

    private ConnectorRoutes() {}

    /** The source Kamelets Tributary ships: a route from one of them is a connector. */
    static final List<String> SOURCE_KAMELETS =
            List.of(HttpSourceKamelet.KAMELET, SqlSourceKamelet.KAMELET, BulkSourceKamelet.KAMELET);

    /**
     * Whether a route's template id names a source Kamelet; null (a templatedRoute's parameters
     * have none) is not one, where List.of's contains would throw.
     */
    static boolean namesSourceKamelet(Object templateId) {
        return templateId instanceof String id && SOURCE_KAMELETS.contains(id);
    }

    /**
     * Whether the route's {@code from} is a Tributary source Kamelet ({@code
     * tributary-http-source}, {@code tributary-sql-source}): {@code
     * kamelet:tributary-http-source?...}, or with the id of the Kamelet's route, {@code
     * kamelet:tributary-http-source/source} (as Camel K writes a Pipe's).
     */
    public static boolean isKameletSource(RouteDefinition route) {
        return sourceKamelet(route) != null;
    }

    /**
     * The route's source Kamelet, {@code tributary-http-source} or {@code tributary-sql-source};
     * else null.
     */
    public static String sourceKamelet(RouteDefinition route) {
        String uri = route.getInput() == null ? null : route.getInput().getEndpointUri();
        uri = withoutSlashes(uri);
        if (uri == null) {
            return null;
        }
        for (String kamelet : SOURCE_KAMELETS) {
            String source = "kamelet:" + kamelet;
            if (uri.equals(source)
                    || uri.startsWith(source + "?")
                    || uri.startsWith(source + "/")
                    || uri.startsWith(source + ":")) {
                return kamelet;
            }
        }
        return null;
    }

    /** {@code kamelet://name...} as {@code kamelet:name...}; null stays null. */
    static String withoutSlashes(String uri) {
        return uri != null && uri.startsWith("kamelet://")
                ? "kamelet:" + uri.substring("kamelet://".length())
                : uri;
    }

    /**
     * The source Kamelet's parameters as camel-kamelet gathers them: properties {@code
     * camel.kamelet.tributary-http-source.NAME}, then {@code
     * camel.kamelet.tributary-http-source.ROUTEID.NAME} for the Kamelet's route id ({@code
     * kamelet:tributary-http-source/ROUTEID}; a Camel K Pipe's are there), then the URI's own,
     * which win. Values as written: placeholders unresolved.
     */
    static Map<String, String> sourceParameters(ModelCamelContext context, RouteDefinition route) {
        String uri = withoutSlashes(route.getInput().getEndpointUri());
        Map<String, String> fromUri = kameletParameters(uri);
        Map<String, String> parameters = new LinkedHashMap<>();
        String kamelet = sourceKamelet(route);
        String prefix = "camel.kamelet." + kamelet + ".";
        parameters.putAll(properties(context, prefix));
        String path = uri.substring(("kamelet:" + kamelet).length());
        int q = path.indexOf('?');
        String routeId =
                fromUri.containsKey("routeId")
                        ? fromUri.get("routeId")
                        : path.startsWith("/")
                                ? (q < 0 ? path.substring(1) : path.substring(1, q))
                                : null;
        if (routeId != null && !routeId.isBlank()) {
            parameters.putAll(properties(context, prefix + routeId + "."));
        }
        parameters.putAll(fromUri);
        return parameters;
    }

    private static Map<String, String> properties(ModelCamelContext context, String prefix) {
        Map<String, String> found = new LinkedHashMap<>();
        java.util.Properties p =
                context.getPropertiesComponent().loadProperties(k -> k.startsWith(prefix));
        for (String key : p.stringPropertyNames()) {
            found.put(key.substring(prefix.length()), p.getProperty(key));
        }
        return found;
    }

    /** The trigger's URI, template parameters and property placeholders resolved. */
    public static String schedule(ModelCamelContext context, RouteDefinition route) {
        if (FileSourceKamelet.isSource(route)) {
            // a drop folder is looked at on Camel's scheduler, every delay ms
            return "scheduler:" + route.getRouteId();
        }
        if (isKameletSource(route)) {
            String schedule = sourceParameters(context, route).get("schedule");
            return schedule == null ? "" : resolve(context, schedule);
        }
        return OnceTrigger.scheduleUri(context, route);
    }

    /** Replaces the trigger: the Kamelet's {@code schedule} parameter, else the route's from. */
    public static void setSchedule(RouteDefinition route, String uri) {
        if (FileSourceKamelet.isSource(route)) {
            FileSourceKamelet.lookOnce(route); // its one look replaces its schedule
            return;
        }
        if (!isKameletSource(route)) {
            route.getInput().setUri(uri);
            return;
        }
        String given = route.getInput().getEndpointUri();
        int q = given.indexOf('?');
        List<String> pairs = q < 0 ? new ArrayList<>() : split(given.substring(q + 1));
        pairs.removeIf(p -> p.startsWith("schedule="));
        pairs.add(0, "schedule=RAW{" + uri + "}"); // its own '&' must not cut it
        route.getInput()
                .setUri((q < 0 ? given : given.substring(0, q)) + "?" + String.join("&", pairs));
    }

    /**
     * A connector parameter's value as the route gives it (placeholders resolved), or null: the
     * Kamelet's parameter, or the template's.
     */
    public static String parameter(ModelCamelContext context, RouteDefinition route, String name) {
        Object value;
        if (isKameletSource(route)) {
            value = sourceParameters(context, route).get(name);
        } else {
            value =
                    route.getTemplateParameters() == null
                            ? null
                            : route.getTemplateParameters().get(name);
        }
        return value == null ? null : resolve(context, value.toString());
    }

    /**
     * An endpoint URI's parameters as camel-kamelet reads them: split at each {@code &} outside
     * {@code RAW{...}} / {@code RAW(...)}, which are unwrapped; no percent-decoding.
     */
    public static Map<String, String> kameletParameters(String uri) {
        Map<String, String> parameters = new LinkedHashMap<>();
        int q = uri == null ? -1 : uri.indexOf('?');
        if (q < 0) {
            return parameters;
        }
        for (String pair : split(uri.substring(q + 1))) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            if ((value.startsWith("RAW{") && value.endsWith("}"))
                    || (value.startsWith("RAW(") && value.endsWith(")"))) {
                value = value.substring(4, value.length() - 1);
            }
            if (!name.isEmpty()) {
                parameters.put(name, value);
            }
        }
        return parameters;
    }

    /**
     * The parameters of an endpoint URI whose value (not written in RAW) holds a placeholder that
     * resolves to a text with a {@code &}: Camel resolves placeholders before it reads the
     * parameters, so that value is cut there, silently. By name, with the placeholders as written
     * (never the resolved text: it is often a secret).
     */
    static Map<String, String> cutByPlaceholders(
            org.apache.camel.CamelContext context, String uri) {
        Map<String, String> cut = new LinkedHashMap<>();
        int q = uri == null ? -1 : uri.indexOf('?');
        if (q < 0) {
            return cut;
        }
        java.util.regex.Matcher placeholder =
                java.util.regex.Pattern.compile("\\{\\{[^}]+}}").matcher("");
        for (String pair : split(uri.substring(q + 1))) {
            int eq = pair.indexOf('=');
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            if (value.startsWith("RAW(") || value.startsWith("RAW{") || !value.contains("{{")) {
                continue;
            }
            String resolved;
            try {
                resolved = context.resolvePropertyPlaceholders(value);
            } catch (RuntimeException e) {
                continue; // unresolvable: reported as such where it is used
            }
            if (resolved.indexOf('&') >= 0) {
                List<String> names = new ArrayList<>();
                placeholder.reset(value);
                while (placeholder.find()) {
                    names.add(placeholder.group());
                }
                cut.put(pair.substring(0, eq), String.join(" ", names));
            }
        }
        return cut;
    }

    private static List<String> split(String query) {
        List<String> pairs = new ArrayList<>();
        int start = 0;
        int braces = 0; // inside RAW{...}: placeholders' own {{ }} are balanced
        boolean parenthesis = false; // inside RAW(...), which ends at the first ')'
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (braces == 0 && !parenthesis && query.startsWith("RAW{", i)) {
                braces = 1;
                i += 3;
            } else if (braces == 0 && !parenthesis && query.startsWith("RAW(", i)) {
                parenthesis = true;
                i += 3;
            } else if (braces > 0) {
                braces += c == '{' ? 1 : c == '}' ? -1 : 0;
            } else if (parenthesis) {
                parenthesis = c != ')';
            } else if (c == '&') {
                pairs.add(query.substring(start, i));
                start = i + 1;
            }
        }
        if (start < query.length()) {
            pairs.add(query.substring(start));
        }
        return pairs;
    }

    private static String resolve(ModelCamelContext context, String value) {
        try {
            return context.resolvePropertyPlaceholders(value);
        } catch (RuntimeException e) {
            return value;
        }
    }
}
