package io.tributary.connector;

import io.tributary.config.ConnectorConfigException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.quartz.CronExpression;

/**
 * Checks every route's schedule before anything runs, like any other parameter: a quartz cron
 * expression Quartz cannot parse would otherwise surface as a stack trace when the route starts, or
 * not at all under {@code --once} (which replaces schedules with a one-shot timer).
 */
public final class Schedules {
    private Schedules() {}

    /**
     * @throws ConnectorConfigException naming the connector, the parameter and the value
     */
    public static void validate(ModelCamelContext context) {
        for (RouteDefinition route : context.getRouteDefinitions()) {
            String uri = ConnectorRoutes.schedule(context, route);
            String cron = cronOf(uri);
            if (cron == null) {
                continue;
            }
            try {
                CronExpression.validateExpression(cron);
            } catch (ParseException e) {
                Object parameter =
                        ConnectorRoutes.isKameletSource(route)
                                ? uri
                                : route.getTemplateParameters() == null
                                        ? null
                                        : route.getTemplateParameters().get("schedule");
                throw new ConnectorConfigException(
                        route.getRouteId(),
                        parameter != null ? "schedule" : "from",
                        parameter != null ? parameter.toString() : uri,
                        "invalid cron expression '"
                                + cron
                                + "': "
                                + e.getMessage()
                                + " (Quartz cron: second minute hour day-of-month month day-of-week, '?' in one of the two days, spaces as '+',"
                                + " e.g. quartz:NAME?cron=0+0+*+*+*+?)");
            }
        }
    }

    /**
     * The cron expression of a quartz: ({@code cron=}) or cron: ({@code schedule=}) endpoint,
     * decoded; else null.
     */
    static String cronOf(String uri) {
        String option =
                uri.startsWith("quartz:") ? "cron" : uri.startsWith("cron:") ? "schedule" : null;
        int q = uri.indexOf('?');
        if (option == null || q < 0) {
            return null;
        }
        for (String pair : uri.substring(q + 1).split("&")) {
            if (pair.startsWith(option + "=")) {
                String value = pair.substring(option.length() + 1);
                if (value.startsWith("RAW(") && value.endsWith(")")) {
                    return value.substring(4, value.length() - 1);
                }
                return URLDecoder.decode(
                        value, StandardCharsets.UTF_8); // '+' is a space, as camel-quartz reads it
            }
        }
        return null;
    }
}
