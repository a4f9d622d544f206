package io.tributary.status;

import io.tributary.metrics.SyncOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.apache.camel.component.timer.TimerEndpoint;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.ScheduledPollEndpoint;

/**
 * What starts a connector's syncs, found from its route: the route's own consumer, or for a Kamelet
 * form (HTTP, SQL and file sources) the source Kamelet's route, whose {@code parentRouteId} is the
 * connector. Says the schedule ({@code cron 0 0 * * * ?}, {@code every 10 min}, {@code file, polls
 * every 500 ms}) and when the next sync starts: the quartz trigger's next fire time; for a timer
 * the last sync's start plus the period ({@code after start} before its first fire); {@code on
 * demand} for {@code direct:} and {@code --once}. Never a URI: an SFTP one may hold a password.
 */
final class Trigger {
    private final Endpoint endpoint;

    private Trigger(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    static Trigger of(CamelContext context, String connector) {
        Route route = context.getRoute(connector);
        Endpoint own = route == null ? null : route.getEndpoint();
        if (own != null && !own.getEndpointUri().startsWith("kamelet:")) {
            return new Trigger(own);
        }
        if (context instanceof ModelCamelContext) {
            for (RouteDefinition definition : ((ModelCamelContext) context).getRouteDefinitions()) {
                Map<String, Object> p = definition.getTemplateParameters();
                Route kamelet = context.getRoute(definition.getRouteId());
                if (p != null
                        && connector.equals(String.valueOf(p.get("parentRouteId")))
                        && kamelet != null
                        && !kamelet.getEndpoint().getEndpointUri().startsWith("kamelet:")) {
                    return new Trigger(kamelet.getEndpoint()); // the source's, not the sink's
                }
            }
        }
        return new Trigger(own);
    }

    String schedule() {
        if (endpoint instanceof QuartzEndpoint) {
            return "cron " + ((QuartzEndpoint) endpoint).getCron();
        }
        if (endpoint instanceof TimerEndpoint) {
            TimerEndpoint timer = (TimerEndpoint) endpoint;
            if (timer.getRepeatCount() == 1) {
                return "once";
            }
            return "every "
                    + StatusPage.human(Duration.ofMillis(timer.getPeriod()))
                    + (timer.getRepeatCount() > 1 ? ", " + timer.getRepeatCount() + " times" : "");
        }
        if (endpoint instanceof ScheduledPollEndpoint) {
            return scheme()
                    + ", polls every "
                    + StatusPage.human(
                            Duration.ofMillis(((ScheduledPollEndpoint) endpoint).getDelay()));
        }
        return endpoint == null ? "-" : scheme();
    }

    /** The next run as HTML: a time, or words. */
    String nextRun(Optional<SyncOutcome> last, boolean running, Instant now) {
        if (running) {
            return "running now";
        }
        if (endpoint instanceof QuartzEndpoint) {
            QuartzEndpoint quartz = (QuartzEndpoint) endpoint;
            Date next;
            try {
                var trigger =
                        quartz.getComponent().getScheduler().getTrigger(quartz.getTriggerKey());
                next = trigger == null ? null : trigger.getNextFireTime();
            } catch (org.quartz.SchedulerException | RuntimeException e) {
                next = null; // a scheduler not started (or gone): nothing to tell
            }
            return next == null ? "-" : TimeText.absolute(next.toInstant(), now);
        }
        if (endpoint instanceof TimerEndpoint) {
            TimerEndpoint timer = (TimerEndpoint) endpoint;
            if (timer.getRepeatCount() == 1) {
                return last.isPresent() ? "none (ran once)" : "on demand (once)";
            }
            if (last.isEmpty()) {
                return "after start";
            }
            Instant next = last.get().startedAt().plusMillis(timer.getPeriod());
            return next.isAfter(now) ? TimeText.absolute(next, now) : "due now";
        }
        if (endpoint instanceof ScheduledPollEndpoint) {
            return scheme().matches("file|s?ftps?") ? "when a file arrives" : "at the next poll";
        }
        return endpoint != null && "direct".equals(scheme()) ? "on demand" : "-";
    }

    private String scheme() {
        return endpoint.getEndpointUri().split(":", 2)[0];
    }
}
