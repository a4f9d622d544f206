package io.tributary.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.support.ExceptionHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /observe/health}, {@code /live} and {@code /ready} as plain JSON. Camel 4.18's own handler
 * (camel-platform-http-main's {@code ManagementHttpServer}) escapes a check's message with {@code
 * Jsoner.escape} and then once more as it writes the JSON object, so a parser reads a reason with a
 * URL or a quoted body as {@code http:\/\/...} and {@code {\"error\"...}}. These routes take the
 * place of Camel's on the same paths with the same shape and query parameters ({@code
 * exposureLevel=oneline|default|full}, {@code data=true}, {@code stackTrace=true}; the response is
 * 503 when not UP), each text escaped once and a check's details typed:
 *
 * <pre>
 * {"status":"DOWN","checks":[{"name":"connector:obs","status":"DOWN",
 *   "message":"the last 3 syncs failed; the latest: page 1: HTTP 401 ... (GET http://...)",
 *   "data":{"connector":"obs","consecutive.failures":3,"last.error":"page 1: HTTP 401 ..."}}]}
 * </pre>
 *
 * <p>With {@code camel.management.authenticationEnabled=true} the whole health ({@code
 * /observe/health}) needs credentials like every other management path, but {@code /live} and
 * {@code /ready} stay open with their status alone ({@code {"status":"UP"}}, 200 or 503): a
 * Kubernetes probe or a Docker HEALTHCHECK cannot easily send credentials, and UP/DOWN reveals
 * nothing a failing pod would not; a check's reasons (URLs, a refused body) need credentials.
 */
public final class HealthEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(HealthEndpoint.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private enum Kind {
        ALL,
        LIVE,
        READY
    }

    private final CamelContext context;

    private HealthEndpoint(CamelContext context) {
        this.context = context;
    }

    /** After Camel started: replaces Camel's health routes, when the management server has them. */
    public static boolean mount(CamelContext context) {
        ManagementHttpServer server = context.hasService(ManagementHttpServer.class);
        if (server == null || server.getRouter() == null || !server.isHealthCheckEnabled()) {
            return false;
        }
        String base = server.getHealthPath();
        Router router = server.getRouter();
        List<String> paths = List.of(base, base + "/live", base + "/ready");
        for (Route route : new ArrayList<>(router.getRoutes())) {
            if (paths.contains(route.getPath())) {
                route.remove(); // Camel's; ours below answer on the same paths
            }
        }
        boolean locked =
                server.getConfiguration() != null
                        && server.getConfiguration().getAuthenticationConfig().isEnabled();
        HealthEndpoint endpoint = new HealthEndpoint(context);
        Kind[] kinds = {Kind.ALL, Kind.LIVE, Kind.READY};
        for (int i = 0; i < kinds.length; i++) {
            Kind kind = kinds[i];
            boolean probe = locked && kind != Kind.ALL;
            Route route = router.route(HttpMethod.GET, paths.get(i));
            if (probe) {
                // a kubelet's probe sends no credentials: live and ready answer before Camel's
                // authentication handler (on the same router), with their status alone
                route.order(OPEN_PROBES);
            }
            // checks may block (a database probe): off the event loop, as Camel does
            route.produces("application/json")
                    .blockingHandler(rc -> endpoint.respond(rc, kind, probe));
        }
        return true;
    }

    /** Before every route added in the usual order (0, 1, ...), Camel's authentication first. */
    private static final int OPEN_PROBES = -1;

    private void respond(RoutingContext rc, Kind kind, boolean statusOnly) {
        String level = statusOnly ? "oneline" : rc.request().getParam("exposureLevel");
        if (level == null) {
            level = HealthCheckRegistry.get(context).getExposureLevel();
        }
        boolean full = "full".equals(level);
        boolean data = !statusOnly && "true".equals(rc.request().getParam("data"));
        boolean stackTrace = !statusOnly && "true".equals(rc.request().getParam("stackTrace"));
        Collection<HealthCheck.Result> results =
                switch (kind) {
                    case ALL -> HealthCheckHelper.invoke(context, level);
                    case LIVE -> HealthCheckHelper.invokeLiveness(context, level);
                    case READY -> HealthCheckHelper.invokeReadiness(context, level);
                };
        boolean up = HealthCheckHelper.isResultsUp(results, kind == Kind.READY);
        ObjectNode root = JSON.createObjectNode().put("status", up ? "UP" : "DOWN");
        if (!"oneline".equals(level)) {
            ArrayNode checks = JSON.createArrayNode();
            for (HealthCheck.Result result : results) {
                if (full || result.getState() == HealthCheck.State.DOWN) {
                    checks.add(check(result, full || stackTrace, stackTrace, data));
                }
            }
            if (!checks.isEmpty()) {
                root.set("checks", checks);
            }
        }
        String body;
        try {
            body = JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            LOG.warn("health response failed: {}", e.toString());
            rc.response().setStatusCode(500).end();
            return;
        }
        rc.response()
                .setStatusCode(up ? 200 : 503)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(body);
    }

    private static ObjectNode check(
            HealthCheck.Result result, boolean error, boolean stackTrace, boolean data) {
        ObjectNode check =
                JSON.createObjectNode()
                        .put("name", result.getCheck().getId())
                        .put("status", result.getState().name());
        if (error && result.getError().isPresent()) {
            Throwable e = result.getError().get();
            check.put("error-message", messages(e));
            if (stackTrace) {
                check.put("error-stacktrace", ExceptionHelper.stackTraceToString(e));
            }
        }
        result.getMessage().ifPresent(m -> check.put("message", m));
        Map<String, Object> details = result.getDetails();
        if (data && details != null && !details.isEmpty()) {
            ObjectNode values = check.putObject("data");
            new TreeMap<>(details)
                    .forEach(
                            (k, v) -> {
                                if (v instanceof Number || v instanceof Boolean) {
                                    values.putPOJO(k, v);
                                } else {
                                    values.put(k, v == null ? "" : v.toString());
                                }
                            });
        }
        return check;
    }

    /** The failure's message and its causes', as Camel words them. */
    private static String messages(Throwable e) {
        StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null) {
                b.append("; Caused by: ")
                        .append(c.getClass().getName())
                        .append(": ")
                        .append(c.getMessage());
            }
        }
        return b.toString();
    }
}
