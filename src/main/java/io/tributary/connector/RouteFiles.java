package io.tributary.connector;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteBuilderLifecycleStrategy;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.model.TemplatedRouteParameterDefinition;

/**
 * Remembers which file each connector came from, so start-up errors can name it
 * ({@code routes/inventory.camel.yaml: connector 'inventory': parameter 'pageSize' ...}). Camel does
 * not carry the file over to routes made from a template, so this listens as route files load.
 */
public final class RouteFiles implements RouteBuilderLifecycleStrategy {
    private final Map<String, String> files = new ConcurrentHashMap<>();

    @Override
    public void afterConfigure(RouteBuilder builder) {
        if (builder.getResource() == null) {
            return;
        }
        String location = builder.getResource().getLocation();
        for (RouteDefinition route : builder.getRouteCollection().getRoutes()) {
            if (route.getRouteId() != null) {
                files.put(route.getRouteId(), location);
            }
        }
        for (TemplatedRouteDefinition templated : builder.getTemplatedRouteCollection().getTemplatedRoutes()) {
            if (templated.getRouteId() != null) {
                files.put(templated.getRouteId(), location);
            }
            if (templated.getParameters() != null) {
                for (TemplatedRouteParameterDefinition p : templated.getParameters()) {
                    if ("connector".equals(p.getName())) {
                        files.put(p.getValue(), location);
                    }
                }
            }
        }
    }

    public Optional<String> of(String connector) {
        return Optional.ofNullable(files.get(connector)).map(f -> f.startsWith("file:") ? f.substring(5) : f);
    }
}
