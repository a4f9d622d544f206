package io.tributary.connector;

import static io.tributary.connector.Parameter.Group.INCREMENTAL;
import static io.tributary.connector.Parameter.Group.PAGING;
import static io.tributary.connector.Parameter.Group.SOURCE;
import static io.tributary.connector.Parameter.Type.DURATION;
import static io.tributary.connector.Parameter.Type.ENUM;
import static io.tributary.connector.Parameter.Type.INTEGER;
import static io.tributary.connector.Parameter.Type.JSON_POINTER;
import static io.tributary.connector.Parameter.Type.LIST;
import static io.tributary.connector.Parameter.Type.STRING;
import static io.tributary.connector.Parameter.Type.URL;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code tributary-bulk-source} Kamelet: an asynchronous export job (what Airbyte's low-code
 * CDK calls an {@code AsyncRetriever}: a creation requester, a polling requester, a download
 * requester, an optional delete requester). Each run creates a job (its body holding {@code
 * {cursor}}: the highest committed value of the sink schema's {@code cursorField}), polls its
 * status with back-off until the status field says done or failed, downloads the results (a results
 * endpoint paged by a locator header, as Salesforce Bulk API 2.0's {@code Sforce-Locator}, or the
 * URLs the status answer names), sends them to {@code kamelet:sink} in pages of {@code
 * recordsPerPage}, then deletes the job. The job and the last committed page live in the state
 * store, so a restart resumes the same job ({@link BulkSource}).
 *
 * <pre>
 * - route:
 *     id: salesforce-accounts
 *     from:
 *       uri: kamelet:tributary-bulk-source
 *       parameters:
 *         schedule: "quartz:salesforce-accounts?cron=0+0+*+*+*+?"
 *         url: https://acme.my.salesforce.com
 *         auth: bearer
 *         authSecret: "{{env:SALESFORCE_TOKEN}}"
 *         createPath: /services/data/v62.0/jobs/query
 *         createBody: '{"operation":"query","query":"SELECT Id, Name, SystemModstamp FROM Account WHERE SystemModstamp &gt;= {cursor}"}'
 *         statusPath: /services/data/v62.0/jobs/query/{jobId}
 *         resultsPath: /services/data/v62.0/jobs/query/{jobId}/results
 *       steps:
 *         - to:
 *             uri: kamelet:tributary-jdbc-sink
 *             parameters: {schema: routes/salesforce-accounts.schema.yaml, table: sf_accounts}
 * </pre>
 *
 * The Kamelet file ({@value #FILE}) is generated from these declarations by {@link ParameterDocs}.
 */
public final class BulkSourceKamelet {
    public static final String KAMELET = "tributary-bulk-source";
    public static final String FILE = "src/main/resources/kamelets/" + KAMELET + ".kamelet.yaml";
    public static final String BEAN = "tributaryBulkSource";
    public static final String TITLE = "Tributary bulk job source";
    public static final String DESCRIPTION =
            "Syncs through an asynchronous export job (Salesforce Bulk API 2.0 query jobs, report APIs): on each "
                    + "schedule it creates a job for the records changed since the cursor, polls its status with back-off, "
                    + "downloads its results (CSV, JSON Lines, gzip) in pages of recordsPerPage to the route's steps and its "
                    + "tributary-jdbc-sink, which commits each page with its message id, then deletes the job. The job and the "
                    + "last committed page are kept in the state store: a restart resumes the same job. The route's id is the "
                    + "connector's.";

    /** The Kamelet's parameters, declared once; the shared ones drawn from ConnectorParameters. */
    public static final List<Parameter> PARAMETERS = parameters();

    private static List<Parameter> parameters() {
        List<Parameter> p = new ArrayList<>();
        p.add(
                Parameter.of("connector", SOURCE, STRING)
                        .defaultNote("the id of the route that uses the Kamelet")
                        .examples("salesforce-accounts")
                        .describe(
                                "the connector's id: the key of its cursor and job, its name in logs and metrics; "
                                        + "set it in a Camel K Pipe, whose route is always named binding"));
        p.add(shared("schedule"));
        p.add(
                Parameter.of("url", SOURCE, URL)
                        .asRequired()
                        .examples("https://acme.my.salesforce.com")
                        .describe(
                                "the API's base URL: every path below is resolved against it, and credentials go "
                                        + "only to its host (and `allowedHosts`)"));
        p.add(
                Parameter.of("createMethod", SOURCE, ENUM)
                        .byDefault("POST")
                        .oneOf("POST", "PUT", "GET")
                        .describe("the HTTP method that creates the job"));
        p.add(
                Parameter.of("createPath", SOURCE, STRING)
                        .asRequired()
                        .examples("/services/data/v62.0/jobs/query")
                        .describe("the path that creates a job"));
        p.add(
                Parameter.of("createBody", SOURCE, STRING)
                        .examples(
                                "{\"operation\":\"query\",\"query\":\"SELECT Id, Name FROM Account WHERE SystemModstamp > {cursor}\"}")
                        .describe(
                                "the JSON body that creates the job; `{cursor}` is replaced by the stored cursor "
                                        + "(else `cursorStart`), JSON-escaped; it needs a `cursorField` in the sink's schema"));
        p.add(
                Parameter.of("jobIdPath", SOURCE, JSON_POINTER)
                        .byDefault("/id")
                        .describe(
                                "where the creation's answer holds the job's id (a JSON pointer)"));
        p.add(
                Parameter.of("statusPath", SOURCE, STRING)
                        .asRequired()
                        .examples("/services/data/v62.0/jobs/query/{jobId}")
                        .describe("the path of the job's status; `{jobId}` is the job's id"));
        p.add(
                Parameter.of("statusField", SOURCE, JSON_POINTER)
                        .byDefault("/state")
                        .describe(
                                "where the status answer holds the job's state (a JSON pointer)"));
        p.add(
                Parameter.of("runningStates", SOURCE, LIST)
                        .byDefault("Open,UploadComplete,InProgress")
                        .describe(
                                "the states of a job still working: poll again (any state not listed in any of "
                                        + "the three lists fails the run, naming it)"));
        p.add(
                Parameter.of("doneStates", SOURCE, LIST)
                        .byDefault("JobComplete")
                        .describe("the states of a job whose results are ready"));
        p.add(
                Parameter.of("failedStates", SOURCE, LIST)
                        .byDefault("Failed,Aborted")
                        .describe(
                                "the states of a job that failed at the provider: the run fails with its "
                                        + "`errorField`, the cursor stays, the next run creates a new job"));
        p.add(
                Parameter.of("errorField", SOURCE, JSON_POINTER)
                        .byDefault("/errorMessage")
                        .describe(
                                "where a failed job's status answer holds the provider's message"));
        p.add(
                Parameter.of("pollInterval", PAGING, DURATION)
                        .byDefault("PT5S")
                        .minimum(0)
                        .describe(
                                "the first wait between two status requests; each next one is twice as long"));
        p.add(
                Parameter.of("pollMaxInterval", PAGING, DURATION)
                        .byDefault("PT1M")
                        .minimum(0)
                        .describe("the longest wait between two status requests"));
        p.add(
                Parameter.of("maxWait", PAGING, DURATION)
                        .byDefault("PT1H")
                        .minimum(0)
                        .describe(
                                "the longest a run polls one job; past it the run fails and keeps the job, "
                                        + "so the next run polls the same job again"));
        p.add(
                Parameter.of("resultsPath", PAGING, STRING)
                        .examples("/services/data/v62.0/jobs/query/{jobId}/results")
                        .describe(
                                "the path of the job's results, paged by `locatorHeader`. Or `resultUrlField`"));
        p.add(
                Parameter.of("locatorHeader", PAGING, STRING)
                        .byDefault("Sforce-Locator")
                        .describe(
                                "the results answer's header naming the next part (absent, empty or `null`: "
                                        + "the last part)"));
        p.add(
                Parameter.of("locatorParam", PAGING, STRING)
                        .byDefault("locator")
                        .describe("the query parameter that asks the results endpoint for a part"));
        p.add(
                Parameter.of("maxRecords", PAGING, INTEGER)
                        .minimum(1)
                        .examples("50000")
                        .describe(
                                "sent as query parameter `maxRecords` with each results request: the records "
                                        + "per part (Salesforce's own default when not given)"));
        p.add(
                Parameter.of("resultUrlField", PAGING, JSON_POINTER)
                        .examples("/url", "/urls")
                        .describe(
                                "instead of `resultsPath`: where the done status answer holds the result "
                                        + "file's URL, or an array of URLs (files read in that order)"));
        p.add(
                Parameter.of("deletePath", SOURCE, STRING)
                        .examples("/services/data/v62.0/jobs/query/{jobId}")
                        .describe(
                                "a DELETE sent once every result is committed and the cursor moved (a failed "
                                        + "delete is logged, not a failed run)"));
        p.add(shared("format").byDefault("csv"));
        p.add(shared("recordsPerPage"));
        p.add(shared("csvDelimiter"));
        p.add(shared("csvQuote"));
        p.add(shared("csvColumns"));
        p.add(shared("compression"));
        for (String auth : io.tributary.auth.AuthSettings.PARAMETERS) {
            p.add(shared(auth));
        }
        p.add(
                Parameter.of("cursorStart", INCREMENTAL, STRING)
                        .byDefault("1970-01-01T00:00:00Z")
                        .examples("2026-01-01T00:00:00Z")
                        .describe(
                                "the first job's `{cursor}`; after a job whose results are all committed the "
                                        + "cursor is the highest value of the sink schema's `cursorField` among them"));
        p.add(shared("allowedHosts"));
        p.add(shared("requestDeadline"));
        p.add(shared("rateLimit"));
        return List.copyOf(p);
    }

    /** A parameter the HTTP source declares too, as the bean property of its own name. */
    private static Parameter shared(String name) {
        Parameter p = ConnectorParameters.named(name).orElseThrow();
        return name.equals("schedule") ? p : p.property(name);
    }

    static final List<ParameterRule> RULES =
            List.of(
                    ParameterRule.excludes(
                            "resultsPath",
                            "resultUrlField",
                            "give resultsPath or resultUrlField, not both"));

    /** The template's route: the job (created or resumed, polled), its results, the end. */
    static final String ROUTE =
            String.join(
                    "\n",
                    "    from:",
                    "      uri: \"{{schedule}}\"",
                    "      steps:",
                    "        - bean: {ref: \"{{"
                            + BEAN
                            + "}}\", method: startRun}   # the kept job, else a new one; polled until done",
                    "        - loop:",
                    "            doWhile: true",
                    "            simple: \"${exchangeProperty[tributary.more]}\"",
                    "            steps:",
                    "              - bean: {ref: \"{{"
                            + BEAN
                            + "}}\", method: readPage}   # the results' next recordsPerPage records",
                    "              - to: kamelet:sink   # the route's steps, then its sink: rows and message id in one transaction",
                    "              - bean: {ref: \"{{" + BEAN + "}}\", method: acknowledged}",
                    "        - bean: {ref: \"{{" + BEAN + "}}\", method: endOfSync}",
                    "        - to: kamelet:sink   # end: the sink finishes the sync",
                    "        - bean: {ref: \"{{"
                            + BEAN
                            + "}}\", method: finishRun}   # cursor moved, job forgotten, deleted",
                    "");

    private BulkSourceKamelet() {}
}
