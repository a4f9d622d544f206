package io.tributary.connector;

import io.tributary.config.ConnectorConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteBuilderLifecycleStrategy;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.model.TemplatedRouteParameterDefinition;

/**
 * Remembers which file each connector came from, so start-up errors can name it ({@code
 * routes/inventory.camel.yaml: connector 'inventory': parameter 'pageSize' ...}). Camel does not
 * carry the file over to routes made from a template, so this listens as route files load. It also
 * refuses a connector id declared twice (Camel would let the second route silently replace the
 * first, while both share one cursor), and knows the file being parsed when a parse error names
 * only a line.
 */
public final class RouteFiles implements RouteBuilderLifecycleStrategy {
    private final Map<String, String> files = new ConcurrentHashMap<>();

    /**
     * Each templated route's connector and the parameters its file gives, for a missing mandatory
     * one.
     */
    private final Map<String, Set<String>> templatedParameters = new ConcurrentHashMap<>();

    private volatile String loading;

    @Override
    public void beforeConfigure(RouteBuilder builder) {
        if (builder.getResource() != null) {
            loading =
                    builder.getResource()
                            .getLocation(); // configure() parses the file: an error there has no
            // file name
        }
    }

    @Override
    public void afterConfigure(RouteBuilder builder) {
        loading = null;
        if (builder.getResource() == null) {
            return;
        }
        String location = builder.getResource().getLocation();
        List<String> ids = new ArrayList<>();
        for (RouteDefinition route : builder.getRouteCollection().getRoutes()) {
            if (route.getRouteId() != null) {
                ids.add(route.getRouteId());
            }
        }
        for (TemplatedRouteDefinition templated :
                builder.getTemplatedRouteCollection().getTemplatedRoutes()) {
            Map<String, String> parameters = new LinkedHashMap<>();
            if (templated.getParameters() != null) {
                for (TemplatedRouteParameterDefinition p : templated.getParameters()) {
                    parameters.put(p.getName(), p.getValue());
                }
            }
            // the id the route will run under: its routeId, else its connector
            // (HttpToJdbcTemplate.nameRoutes)
            String id =
                    templated.getRouteId() != null
                            ? templated.getRouteId()
                            : parameters.get("connector");
            if (id != null) {
                ids.add(id);
                templatedParameters.put(id, parameters.keySet());
            }
            String connector = parameters.get("connector");
            if (connector != null && !connector.equals(id)) {
                files.putIfAbsent(connector, location);
            }
        }
        Set<String> seen = new java.util.HashSet<>();
        for (String id : ids) {
            if (!seen.add(id)) {
                throw new ConnectorConfigException(
                        id,
                        "connector",
                        id,
                        "is declared twice in "
                                + strip(location)
                                + "; each connector needs its own id (its route id, cursor and table)");
            }
            String earlier = files.putIfAbsent(id, location);
            if (earlier != null && !earlier.equals(location)) {
                java.util.List<String> both =
                        new java.util.ArrayList<>(List.of(strip(earlier), strip(location)));
                both.sort(null); // Camel loads files in no fixed order
                throw new ConnectorConfigException(
                        id,
                        "connector",
                        id,
                        "is declared in two route files, "
                                + both.get(0)
                                + " and "
                                + both.get(1)
                                + "; one would silently replace the other and both would share one cursor:"
                                + " rename one (each connector needs its own id)");
            }
        }
    }

    public Optional<String> of(String connector) {
        return Optional.ofNullable(files.get(connector)).map(RouteFiles::strip);
    }

    /** The ids of the connectors and routes declared in each file, as loaded so far. */
    public Map<String, String> all() {
        Map<String, String> copy = new java.util.TreeMap<>();
        files.forEach((id, f) -> copy.put(id, strip(f)));
        return copy;
    }

    /**
     * The file Camel was parsing when it failed (a parse error names the line, not the file); empty
     * if none.
     */
    public Optional<String> loading() {
        return Optional.ofNullable(loading).map(RouteFiles::strip);
    }

    /**
     * The templated routes whose file does not give {@code parameter}, as "file: connector 'id'".
     */
    public List<String> without(String parameter) {
        List<String> found = new ArrayList<>();
        templatedParameters.forEach(
                (id, given) -> {
                    if (!given.contains(parameter)) {
                        found.add(of(id).map(f -> f + ": ").orElse("") + "connector '" + id + "'");
                    }
                });
        found.sort(null);
        return found;
    }

    private static String strip(String location) {
        return location.startsWith("file:") ? location.substring(5) : location;
    }
}
