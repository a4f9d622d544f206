package io.tributary.connector;

import io.tributary.config.ConnectorConfigException;
import org.apache.camel.builder.RouteBuilder;

/**
 * The standard connector shape as a Camel route template, {@code http-to-jdbc}:
 *
 * <pre>
 * from(schedule)                                 quartz cron or timer
 *   startRun                                     cursor from the store
 *   loop while more pages
 *     prepareRequest                             paging + cursor + credentials
 *     to(url)                                    camel-http; retried by the error policy
 *     readPage                                   JSON -> records, next page?
 *     mapPage                                    records -> rows (compiled mapper); bad records -> dead letters
 *     commitPage                                 rows + dead letters + cursor, one transaction
 *   finishRun                                    summary line
 * </pre>
 *
 * A connector is a {@code templatedRoute} naming this template (see {@code routes/weather-observations.camel.yaml}):
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
 * Under {@code --once} the schedule is replaced by a timer that fires once (see {@link OnceTrigger}).
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
            if (parameters != null && parameters.get("connector") != null && !route.hasCustomIdAssigned()) {
                route.setId(parameters.get("connector").toString());
            }
        }
    }

    /**
     * A parameter's value with property placeholders such as {@code {{weather.api-key}}} resolved; one
     * that cannot be resolved (an unset environment variable) is named with its parameter.
     */
    private static String param(org.apache.camel.RouteTemplateContext rtc, String name) {
        String value = rtc.getProperty(name, String.class);
        try {
            return value == null ? null : rtc.getCamelContext().resolvePropertyPlaceholders(value);
        } catch (RuntimeException e) {
            // followed through properties: {{weather.api-key}} -> {{env:WEATHER_KEY}} -> "environment variable WEATHER_KEY is not set"
            String why = io.tributary.config.Settings.whyUnresolved(rtc.getCamelContext(), value);
            why = why != null ? why : e.getMessage();
            throw new ConnectorConfigException(rtc.getProperty("connector", String.class), name, value, "cannot be resolved: " + why);
        }
    }

    /** A parameter the template does not declare is a typo whose value would be silently ignored. */
    private static void rejectUnknownParameters(org.apache.camel.RouteTemplateContext rtc) {
        var template = ((org.apache.camel.model.ModelCamelContext) rtc.getCamelContext()).getRouteTemplateDefinition(ID);
        if (template == null || template.getTemplateParameters() == null) {
            return;
        }
        java.util.Set<String> declared = new java.util.TreeSet<>();
        template.getTemplateParameters().forEach(p -> declared.add(p.getName()));
        for (String given : rtc.getParameters().keySet()) {
            if (!declared.contains(given)) {
                String near = declared.stream().min(java.util.Comparator.comparingInt(d -> distance(d.toLowerCase(), given.toLowerCase())))
                        .filter(d -> distance(d.toLowerCase(), given.toLowerCase()) <= 3).map(d -> " (did you mean '" + d + "'?)").orElse("");
                throw new ConnectorConfigException(rtc.getProperty("connector", String.class), given,
                        String.valueOf(rtc.getParameters().get(given)), "is not a parameter of template " + ID + near
                        + "; its parameters: " + declared);
            }
        }
    }

    /** Edit distance, to suggest the parameter a typo meant. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int[] current = new int[b.length() + 1];
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            previous = current;
        }
        return previous[b.length()];
    }

    @Override
    public void configure() {
        routeTemplate(ID)
                .templateParameter("connector", null, "Connector id: the route id, the cursor's key, the name in logs")
                .templateParameter("schedule", null, "Trigger endpoint: quartz:NAME?cron=0+0+*+*+*+? or timer:NAME?period=3600000")
                .templateParameter("url", null, "The endpoint to page through, e.g. https://api.example.com/v1/items")
                .templateParameter("recordsPath", null, "JSON pointer to the records array in a page, e.g. /items")
                .templateParameter("schema", null, "Target schema file, e.g. routes/items.schema.yaml")
                .templateParameter("table", null, "Target table (created from the schema when missing)")
                .templateParameter("auth", "none", "none | api-key-query | api-key-header | basic | bearer | oauth2-client-credentials | oauth2-refresh-token | jwt-bearer | jwt-self-signed | session-login")
                .templateParameter("authName", "", "Query parameter or header that carries the key")
                .templateParameter("authSecret", "", "The key: always a placeholder such as {{env:MY_API_KEY}}")
                .templateParameter("pagination", "page-number", "page-number | offset | cursor | next-url | link-header | has-more | end-flag | post-token | none")
                .templateParameter("pageParam", "page", "Query parameter for the page number")
                .templateParameter("pageSizeParam", "page_size", "Query parameter for the page size (empty: not sent)")
                .templateParameter("pageSize", "100", "Records per page")
                .templateParameter("firstPage", "1", "Number of the first page (0 or 1)")
                .templateParameter("totalPagesPath", "", "JSON pointer to the total page count, e.g. /total_pages")
                .templateParameter("cursorParam", "", "Query parameter that asks for records at or after the cursor")
                .templateParameter("cursorInclusive", "true", "true: cursorParam means at or after; false: strictly after")
                .templateParameter("cursorFormat", "source", "How the cursor is sent: source (as the record carried it) | iso | epoch-seconds | epoch-millis | a date-time pattern")
                .templateParameter("cursorFutureTolerance", "PT1H", "Cursor values beyond now + this are reported; no value after the sync began becomes the cursor")
                .templateParameter("outOfOrderLimit", "5%", "Share of records whose cursor goes backwards in their page before the run fails")
                .templateParameter("cursorStart", "", "Cursor of the very first run (empty: everything)")
                .templateParameter("authRef", "", "Name of an Authenticator bean to use instead of auth")
                .templateParameter("authUser", "", "User name (basic, session-login) or JWT subject (jwt-*)")
                .templateParameter("authTokenUrl", "", "OAuth2 token endpoint (oauth2-*, jwt-bearer)")
                .templateParameter("authClientId", "", "OAuth2 client id; the JWT issuer for jwt-*")
                .templateParameter("authClientSecret", "", "OAuth2 client secret: a placeholder such as {{env:CRM_CLIENT_SECRET}}")
                .templateParameter("authClientAuth", "basic", "How the client authenticates at the token URL: basic | form")
                .templateParameter("authScope", "", "OAuth2 scope (space-separated)")
                .templateParameter("authAudience", "", "OAuth2 audience form field; the JWT aud for jwt-*")
                .templateParameter("authFormFields", "", "Further token-request form fields, e.g. resource=https://api.example.com")
                .templateParameter("authRefreshToken", "", "First refresh token (oauth2-refresh-token); later the stored one wins")
                .templateParameter("authKeyFile", "", "PEM file with an RSA private key (RS256) for jwt-*")
                .templateParameter("authKeyId", "", "JWT kid header for jwt-*")
                .templateParameter("authLoginUrl", "", "Login URL (session-login)")
                .templateParameter("authLoginFields", "username,password", "JSON field names of user and password (session-login)")
                .templateParameter("authTokenPath", "/token", "Token in the login answer: JSON pointer, $.json.path or header:NAME")
                .templateParameter("authTokenLifetime", "", "Token lifetime when the provider gives none, e.g. PT30M")
                .templateParameter("offsetParam", "offset", "Offset parameter (pagination offset), e.g. startAt for Jira")
                .templateParameter("totalPath", "", "JSON pointer to the total record count (pagination offset), e.g. /total")
                .templateParameter("nextPath", "", "JSON pointer to the next token or URL in the body, e.g. /nextPageToken")
                .templateParameter("tokenParam", "", "Query parameter (or POST body field) for the token, e.g. pageToken")
                .templateParameter("hasMorePath", "", "JSON pointer to a more-pages flag, e.g. /has_more")
                .templateParameter("endFlagPath", "", "JSON pointer to a last-page flag, e.g. /end_of_stream")
                .templateParameter("idPath", "/id", "JSON pointer to a record's id (pagination has-more)")
                .templateParameter("requestBody", "", "JSON body of each request (pagination post-token)")
                .templateParameter("maxPages", "10000", "Most pages one sync may request (0: no limit)")
                .templateParameter("allowedHosts", "", "Other hosts that may receive the credentials, e.g. uploads.github.com")
                .templateParameter("errorPolicy", "", "Overrides of the error classes, e.g. 404=ignore,409=retry")
                .templateParameter("requestDeadline", "", "Longest one request may take, headers and body, e.g. PT2M (default: tributary.http.request-deadline)")
                .templateParameter("rateLimit", "", "Name of a shared request budget (tributary.ratelimit.NAME.per-day...)")
                .templateParameter("order", "ascending", "ascending | descending (newest first) | unordered; the last two commit the cursor when the whole sync is in")
                .templateParameter("clientFilter", "false", "Drop records older than the cursor here (source cannot filter)")
                .templateParameter("lookback", "", "Re-read this much before the cursor, e.g. PT10M")
                .templateParameter("window", "", "Backfill in date windows of this length, e.g. P1D (each checkpointed)")
                .templateParameter("windowStartParam", "", "Query parameter for a window's start, e.g. start_time")
                .templateParameter("windowEndParam", "", "Query parameter for a window's end, e.g. end_time")
                .templateParameter("sink", "jdbc", "jdbc | jsonl | csv")
                .templateParameter("writeMode", "upsert", "upsert | append | replace (jdbc: full refresh swapped in when the sync completes)")
                .templateParameter("directory", "data", "Folder of a file sink's files (sink jsonl or csv)")
                .templateParameter("partition", "none", "none (one file per sync) | date (one per day of the cursor field)")
                .templateParameter("drift", "off", "Schema drift policy: off | evolve | freeze | quarantine")
                .templateBean("sync", Connector.class, rtc -> {
                    rejectUnknownParameters(rtc);
                    Connector c = new Connector();
                    c.setId(param(rtc, "connector"));
                    c.setUrl(param(rtc, "url"));
                    c.setRecordsPath(param(rtc, "recordsPath"));
                    c.setSchema(param(rtc, "schema"));
                    c.setTable(param(rtc, "table"));
                    io.tributary.auth.AuthSettings.PARAMETERS.forEach(p -> c.getAuthSettings().set(p, param(rtc, p)));
                    c.setPagination(param(rtc, "pagination"));
                    c.setPageParam(param(rtc, "pageParam"));
                    c.setPageSizeParam(param(rtc, "pageSizeParam"));
                    c.setPageSize(param(rtc, "pageSize"));
                    c.setFirstPage(param(rtc, "firstPage"));
                    c.setTotalPagesPath(param(rtc, "totalPagesPath"));
                    c.setCursorParam(param(rtc, "cursorParam"));
                    c.setCursorStart(param(rtc, "cursorStart"));
                    c.setCursorInclusive(param(rtc, "cursorInclusive"));
                    c.setCursorFormat(param(rtc, "cursorFormat"));
                    c.setCursorFutureTolerance(param(rtc, "cursorFutureTolerance"));
                    c.setOutOfOrderLimit(param(rtc, "outOfOrderLimit"));
                    c.setOffsetParam(param(rtc, "offsetParam"));
                    c.setTotalPath(param(rtc, "totalPath"));
                    c.setNextPath(param(rtc, "nextPath"));
                    c.setTokenParam(param(rtc, "tokenParam"));
                    c.setHasMorePath(param(rtc, "hasMorePath"));
                    c.setEndFlagPath(param(rtc, "endFlagPath"));
                    c.setIdPath(param(rtc, "idPath"));
                    c.setRequestBody(param(rtc, "requestBody"));
                    c.setMaxPages(param(rtc, "maxPages"));
                    c.setAllowedHosts(param(rtc, "allowedHosts"));
                    c.setErrorPolicy(param(rtc, "errorPolicy"));
                    c.setRequestDeadline(param(rtc, "requestDeadline"));
                    c.setRateLimit(param(rtc, "rateLimit"));
                    c.setOrder(param(rtc, "order"));
                    c.setClientFilter(param(rtc, "clientFilter"));
                    c.setLookback(param(rtc, "lookback"));
                    c.setWindow(param(rtc, "window"));
                    c.setWindowStartParam(param(rtc, "windowStartParam"));
                    c.setWindowEndParam(param(rtc, "windowEndParam"));
                    c.setSink(param(rtc, "sink"));
                    c.setWriteMode(param(rtc, "writeMode"));
                    c.setDirectory(param(rtc, "directory"));
                    c.setPartition(param(rtc, "partition"));
                    c.setDrift(param(rtc, "drift"));
                    return c.init(rtc.getCamelContext()); // validate now: a bad parameter stops start-up
                })
                .from("{{schedule}}")
                    .routeConfigurationId(ConnectorErrorPolicy.ID)
                    .to("bean:{{sync}}?method=startRun")
                    .loopDoWhile(exchangeProperty(SyncRun.MORE))
                        .removeHeaders("*")
                        .to("bean:{{sync}}?method=prepareRequest")
                        .to("{{url}}")
                        .to("bean:{{sync}}?method=readPage")
                        .to("bean:{{sync}}?method=mapPage") // the page's records -> one PageBatch (see Connector.mapPage)
                        .to("bean:{{sync}}?method=commitPage")
                    .end()
                    .to("bean:{{sync}}?method=finishRun");
    }
}
