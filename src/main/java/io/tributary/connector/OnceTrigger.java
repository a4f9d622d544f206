package io.tributary.connector;

import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;

/**
 * For {@code --once}: before the routes start, every route triggered by a schedule ({@code timer:},
 * {@code quartz:}, {@code cron:}, {@code scheduler:}) gets a timer that fires exactly once instead,
 * so a cron-scheduled connector runs now rather than at its next cron time. Works the same for
 * templated routes and routes written in full.
 *
 * <p>{@code --once} runs every connector in this process, now: clustered scheduling ({@code
 * tributary.cluster.enabled}) does not apply, so one runner per connector is the caller's job (a
 * Kubernetes CronJob with {@code concurrencyPolicy: Forbid}). Without {@code --once}, a {@code
 * timer:} schedule fires in every process that loads the route; only {@code quartz:} schedules fire
 * once per cluster.
 */
public final class OnceTrigger {
    private static final Set<String> SCHEDULES = Set.of("timer", "quartz", "cron", "scheduler");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^}]+)}}");

    private OnceTrigger() {}

    /**
     * @return how many routes now fire once
     */
    public static int apply(ModelCamelContext context) {
        int n = 0;
        for (RouteDefinition route : context.getRouteDefinitions()) {
            String uri = ConnectorRoutes.schedule(context, route);
            int colon = uri.indexOf(':');
            if (colon > 0 && SCHEDULES.contains(uri.substring(0, colon))) {
                // a Kamelet-form connector's trigger is its source Kamelet's schedule parameter
                ConnectorRoutes.setSchedule(
                        route, "timer:tributary-once-" + (++n) + "?repeatCount=1&delay=10");
            }
        }
        return n;
    }

    /**
     * The ids of the routes a schedule starts (timer, quartz, cron, scheduler): what {@code --once}
     * runs. A connector started from {@code direct:} (a child stream) runs inside the route that
     * calls it.
     */
    public static java.util.Set<String> scheduledRoutes(ModelCamelContext context) {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        for (RouteDefinition route : context.getRouteDefinitions()) {
            String uri = ConnectorRoutes.schedule(context, route);
            int colon = uri.indexOf(':');
            if (colon > 0 && SCHEDULES.contains(uri.substring(0, colon))) {
                ids.add(route.getRouteId());
            }
        }
        return ids;
    }

    /**
     * A latch that counts down once per given route when the exchange its one-shot timer started
     * has completed (or failed): the end of a {@code --once} run, child streams it called included.
     */
    public static java.util.concurrent.CountDownLatch countCompletions(
            org.apache.camel.CamelContext context, java.util.Set<String> routes) {
        java.util.Set<String> pending = java.util.concurrent.ConcurrentHashMap.newKeySet();
        pending.addAll(routes);
        java.util.concurrent.CountDownLatch done =
                new java.util.concurrent.CountDownLatch(pending.size());
        // a route policy hears of the exchanges the route's own consumer made (the timer's), not a
        // split's copies; a Kamelet-form connector's timer is in its source Kamelet's route
        context.addRoutePolicyFactory(
                (camelContext, routeId, route) -> {
                    String connector = connectorOf(routeId, route);
                    if (connector == null || !routes.contains(connector)) {
                        return null;
                    }
                    boolean drop = FileSourceKamelet.isKameletRoute(route);
                    return new org.apache.camel.support.RoutePolicySupport() {
                        @Override
                        public void onExchangeDone(
                                org.apache.camel.Route r, org.apache.camel.Exchange exchange) {
                            if (drop && !FileSourceKamelet.endsTheLook(exchange)) {
                                return; // a drop folder's look is done with its last file
                            }
                            if (pending.remove(connector)) {
                                done.countDown();
                            }
                        }
                    };
                });
        return done;
    }

    /**
     * The connector whose trigger a route holds: its own id, its user's for a source Kamelet's
     * route, none for a route that uses a source Kamelet (its exchanges are the pages).
     */
    private static String connectorOf(String routeId, org.apache.camel.NamedNode node) {
        if (!(node instanceof RouteDefinition)) {
            return routeId;
        }
        RouteDefinition route = (RouteDefinition) node;
        if (ConnectorRoutes.isKameletSource(route) || FileSourceKamelet.isSource(route)) {
            return null;
        }
        Map<String, Object> p = route.getTemplateParameters();
        if (p != null
                && (ConnectorRoutes.namesSourceKamelet(p.get("templateId"))
                        || FileSourceKamelet.KAMELET.equals(p.get("templateId")))
                && p.get("parentRouteId") != null) {
            return p.get("parentRouteId").toString();
        }
        return routeId;
    }

    /** A route's trigger URI with template parameters and property placeholders resolved. */
    public static String scheduleUri(ModelCamelContext context, RouteDefinition route) {
        return resolve(context, route.getInput().getEndpointUri(), route.getTemplateParameters());
    }

    private static String resolve(
            ModelCamelContext context, String uri, Map<String, Object> templateParameters) {
        if (uri == null) {
            return "";
        }
        Matcher m = PLACEHOLDER.matcher(uri);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            Object value = templateParameters == null ? null : templateParameters.get(m.group(1));
            m.appendReplacement(
                    b, Matcher.quoteReplacement(value != null ? value.toString() : m.group()));
        }
        m.appendTail(b);
        try {
            return context.resolvePropertyPlaceholders(b.toString());
        } catch (RuntimeException e) {
            return b.toString();
        }
    }
}
