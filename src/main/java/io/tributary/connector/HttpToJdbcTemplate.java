package io.tributary.connector;

import io.tributary.config.ConnectorConfigException;
import org.apache.camel.builder.RouteBuilder;

/**
 * The standard connector shape as a Camel route template, {@code http-to-jdbc}:
 *
 * <pre>
 * from(schedule)                                 quartz cron or timer
 * slices                                         a child stream's parents (one run each), else one run
 * split: per slice
 *   startRun                                     cursor from the store (a child's: per parent)
 *   loop while more pages
 *     prepareRequest                             paging + cursor + credentials
 *     to(url)                                    camel-http; retried by the error policy
 *     readPage                                   JSON -> records, next page?
 *     loop while a page is pending               once; a streamed body (jsonl, csv, xml): per recordsPerPage
 *     toSink, sinkPage, acknowledged, nextChunk  the page contract, the sink's step in place of the
 *                                                tributary-http-source Kamelet's kamelet:sink hop:
 *                                                records -> rows + dead letters + cursor, one transaction
 *   endOfSync, sinkPage                          end: a replaced table swapped in, files renamed
 *   finishRun                                    summary line
 * </pre>
 *
 * A connector is a {@code templatedRoute} naming this template (see {@code
 * routes/weather-observations.camel.yaml}):
 *
 * <pre>
 * - templatedRoute:
 *     routeTemplateRef: http-to-jdbc
 *     parameters:
 *       - {name: connector,  value: weather-observations}
 *       - {name: schedule,   value: "timer:weather-observations?period=120000"}
 *       - {name: url,        value: "{{weather.base-url}}/v1/observations"}
 *       - {name: auth,       value: api-key-query}
 *       - {name: authName,   value: apikey}
 *       - {name: authSecret, value: "{{weather.api-key}}"}
 *       ...
 * </pre>
 *
 * Under {@code --once} the schedule is replaced by a timer that fires once (see {@link
 * OnceTrigger}).
 */
public final class HttpToJdbcTemplate extends RouteBuilder {
    public static final String ID = "http-to-jdbc";

    /**
     * Gives each route made from this template its connector's name as route id (unless the
     * templatedRoute set one), so logs, metrics and {@code --once} speak of "weather-observations",
     * not "route2". Call after the routes are loaded and before they start.
     */
    public static void nameRoutes(org.apache.camel.model.ModelCamelContext context) {
        for (org.apache.camel.model.RouteDefinition route : context.getRouteDefinitions()) {
            java.util.Map<String, Object> parameters = route.getTemplateParameters();
            if (parameters != null
                    && parameters.get("connector") != null
                    && !route.hasCustomIdAssigned()) {
                route.setId(parameters.get("connector").toString());
            }
        }
    }

    /**
     * A parameter's value with property placeholders such as {@code {{weather.api-key}}} resolved;
     * one that cannot be resolved (an unset environment variable) is named with its parameter.
     */
    private static String param(org.apache.camel.RouteTemplateContext rtc, String name) {
        String value = rtc.getProperty(name, String.class);
        try {
            return value == null ? null : rtc.getCamelContext().resolvePropertyPlaceholders(value);
        } catch (RuntimeException e) {
            // followed through properties: {{weather.api-key}} -> {{env:WEATHER_KEY}} ->
            // "environment variable WEATHER_KEY is not set"
            String why = io.tributary.config.Settings.whyUnresolved(rtc.getCamelContext(), value);
            why = why != null ? why : e.getMessage();
            throw new ConnectorConfigException(
                    rtc.getProperty("connector", String.class),
                    name,
                    value,
                    "cannot be resolved: " + why);
        }
    }

    /**
     * A parameter the template does not declare is a typo whose value would be silently ignored.
     */
    private static void rejectUnknownParameters(org.apache.camel.RouteTemplateContext rtc) {
        ParameterChecks.rejectUnknown(
                rtc.getProperty("connector", String.class),
                ID,
                ConnectorParameters.HTTP_TO_JDBC.stream().map(Parameter::name).toList(),
                rtc.getParameters());
    }

    @Override
    public void configure() {
        var template = routeTemplate(ID);
        for (Parameter p : ConnectorParameters.HTTP_TO_JDBC) {
            // required: no default (Camel refuses the route without it); optional without default:
            // ""
            template.templateParameter(
                    p.name(),
                    p.required() ? null : p.defaultValue() == null ? "" : p.defaultValue(),
                    p.plainDescription());
        }
        template.templateBean(
                        "sync",
                        Connector.class,
                        rtc -> {
                            rejectUnknownParameters(rtc);
                            Connector c = new Connector();
                            for (Parameter p : ConnectorParameters.CONNECTOR) {
                                c.set(p.name(), param(rtc, p.name()));
                            }
                            return c.init(rtc.getCamelContext()); // validate now: a bad parameter
                            // stops start-up
                        })
                .templateBean(
                        "slices", // the parallel split's threads (concurrency)
                        SliceThreads.class,
                        rtc -> {
                            SliceThreads threads = new SliceThreads();
                            threads.setConcurrency(param(rtc, "concurrency"));
                            return threads;
                        });
        var choice =
                template.from("{{schedule}}")
                        .routeConfigurationId(ConnectorErrorPolicy.ID)
                        .to("bean:{{sync}}?method=slices") // a child stream: its parents; else the
                        // stream itself
                        .choice();
        // concurrency: the trigger's slices at once on its threads; else one after the other here
        run(
                choice.when(exchangeProperty(SliceConcurrency.PARALLEL))
                        .split(body())
                        .parallelProcessing()
                        .executorService("{{slices}}"));
        run(choice.otherwise().split(body()));
        choice.end();
    }

    /** One slice's run, in its split. */
    private void run(org.apache.camel.model.SplitDefinition split) {
        split.to("bean:{{sync}}?method=startRun")
                .loopDoWhile(exchangeProperty(SyncRun.MORE))
                .removeHeaders("*")
                .to("bean:{{sync}}?method=prepareRequest")
                .to("{{url}}")
                .to("bean:{{sync}}?method=readPage")
                // the page contract as the Kamelets keep it, with the sink's step called in place
                // of the kamelet:sink hop: records -> rows + dead letters + cursor, acknowledged;
                // once for a JSON response, per recordsPerPage for a streamed one
                .loopDoWhile(exchangeProperty(SyncRun.PAGE_PENDING))
                .to("bean:{{sync}}?method=toSink")
                .to("bean:{{sync}}?method=sinkPage")
                .to("bean:{{sync}}?method=acknowledged")
                .to("bean:{{sync}}?method=nextChunk")
                .end()
                .end()
                .to("bean:{{sync}}?method=endOfSync")
                .to("bean:{{sync}}?method=sinkPage")
                .to("bean:{{sync}}?method=finishRun")
                .end();
    }
}
