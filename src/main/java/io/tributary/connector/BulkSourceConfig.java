package io.tributary.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.auth.AuthSettings;
import io.tributary.auth.Authenticator;
import io.tributary.auth.Authenticators;
import io.tributary.config.ConnectorConfigException;
import io.tributary.config.Settings;
import io.tributary.format.FormatSettings;
import io.tributary.http.OriginPolicy;
import io.tributary.http.PageRequest;
import io.tributary.metrics.ConnectorMetrics;
import io.tributary.ratelimit.Budget;
import io.tributary.ratelimit.JdbcBudgetStore;
import io.tributary.ratelimit.RateLimits;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;

/**
 * A bulk connector's parameters checked into typed settings, with no I/O ({@link #check}): each
 * problem a {@link ConnectorConfigException} naming connector, parameter and value, so start-up
 * stops with exit 2 before anything runs. Then {@link #job} makes its calls' parts (authenticator,
 * host rule, budget) and {@link #results} the reader of a done job's results.
 */
final class BulkSourceConfig {
    private static final ObjectMapper JSON = new ObjectMapper();

    URI base;
    String createMethod;
    String createPath;
    String createBody;
    String jobIdPath;
    String statusPath;
    String statusField;
    String errorField;
    Set<String> running;
    Set<String> done;
    Set<String> failed;
    Duration pollInterval;
    Duration pollMaxInterval;
    Duration maxWait;
    String resultsPath;
    String resultUrlField;
    String locatorHeader;
    String locatorParam;
    String maxRecords;
    String deletePath;
    FormatSettings format;
    int recordsPerPage;
    private Function<String, String> values;

    static BulkSourceConfig check(
            String connector, CamelContext context, Function<String, String> value) {
        ParameterChecks.check(
                connector,
                BulkSourceKamelet.PARAMETERS.stream().filter(p -> p.property() != null).toList(),
                BulkSourceKamelet.RULES,
                value);
        BulkSourceConfig c = new BulkSourceConfig();
        c.values = value;
        c.base = URI.create(value.apply("url"));
        if (c.base.getHost() == null
                || !(c.base.getScheme().equals("https") || c.base.getScheme().equals("http"))) {
            throw new ConnectorConfigException(
                    connector, "url", value.apply("url"), "must be an http(s) URL with a host");
        }
        c.createMethod = value.apply("createMethod");
        c.createPath = value.apply("createPath");
        c.createBody = value.apply("createBody");
        if (c.createBody != null) {
            try {
                JSON.readTree(c.body("2026-01-01T00:00:00Z"));
            } catch (IOException e) {
                throw new ConnectorConfigException(
                        connector,
                        "createBody",
                        c.createBody,
                        "must be JSON once {cursor} is filled in");
            }
        }
        c.jobIdPath = value.apply("jobIdPath");
        c.statusPath = value.apply("statusPath");
        if (!c.statusPath.contains("{jobId}")) {
            throw new ConnectorConfigException(
                    connector, "statusPath", c.statusPath, "must hold {jobId}, the job's id");
        }
        c.statusField = value.apply("statusField");
        c.errorField = value.apply("errorField");
        c.running = Set.copyOf(BulkSource.list(value.apply("runningStates")));
        c.done = Set.copyOf(BulkSource.list(value.apply("doneStates")));
        c.failed = Set.copyOf(BulkSource.list(value.apply("failedStates")));
        c.pollInterval = Duration.parse(value.apply("pollInterval"));
        c.pollMaxInterval = Duration.parse(value.apply("pollMaxInterval"));
        c.maxWait = Duration.parse(value.apply("maxWait"));
        c.resultsPath = value.apply("resultsPath");
        c.resultUrlField = value.apply("resultUrlField");
        if (c.resultsPath == null && c.resultUrlField == null) {
            throw new ConnectorConfigException(
                    connector,
                    "resultsPath",
                    null,
                    "give where the results are: resultsPath (an endpoint paged by locatorHeader) or resultUrlField");
        }
        c.locatorHeader = value.apply("locatorHeader");
        c.locatorParam = value.apply("locatorParam");
        c.maxRecords = value.apply("maxRecords");
        c.deletePath = value.apply("deletePath");
        try {
            c.format =
                    FormatSettings.parse(
                            value.apply("format"),
                            null,
                            value.apply("csvDelimiter"),
                            value.apply("csvQuote"),
                            value.apply("csvColumns"),
                            null,
                            value.apply("compression"));
        } catch (IllegalArgumentException e) {
            String parameter = e.getMessage().split(" ", 2)[0];
            throw new ConnectorConfigException(
                    connector, parameter, value.apply(parameter), e.getMessage());
        }
        if (c.format.kind() == FormatSettings.Kind.XML) {
            throw new ConnectorConfigException(
                    connector, "format", "xml", "a bulk job's results are csv, jsonl or json");
        }
        c.recordsPerPage = Integer.parseInt(value.apply("recordsPerPage"));
        return c;
    }

    /** The creation body with the cursor in it, JSON-escaped. */
    String body(String cursor) {
        if (createBody == null) {
            return null;
        }
        String escaped = JSON.getNodeFactory().textNode(cursor).toString();
        return createBody.replace("{cursor}", escaped.substring(1, escaped.length() - 1));
    }

    /** A path with the job's id in it, URL-encoded. */
    String path(String template, String jobId) {
        return template.replace("{jobId}", PageRequest.percentEncoded(jobId));
    }

    /** The calls' parts: authenticator, host rule, the budget every call pays. */
    BulkJob job(String connector, CamelContext context, ConnectorMetrics metrics) {
        AuthSettings auth = new AuthSettings();
        for (String name : AuthSettings.PARAMETERS) {
            String v = values.apply(name);
            if (v != null) {
                auth.set(name, v);
            }
        }
        Authenticator authenticator = Authenticators.create(connector, auth, context);
        OriginPolicy origin;
        try {
            origin = new OriginPolicy(base, values.apply("allowedHosts"));
        } catch (IllegalArgumentException e) {
            throw new ConnectorConfigException(
                    connector, "allowedHosts", values.apply("allowedHosts"), e.getMessage());
        }
        Duration quotaWait =
                Duration.ofSeconds(
                        new Settings(context).number("tributary.http.max-retry-after", 300));
        Budget budget = null;
        String rateLimit = values.apply("rateLimit");
        if (rateLimit != null) {
            try {
                budget = RateLimits.budget(context, rateLimit, quotaWait);
            } catch (IllegalArgumentException e) {
                throw new ConnectorConfigException(
                        connector, "rateLimit", rateLimit, e.getMessage());
            }
        }
        RateLimits limits =
                context.getRegistry().lookupByNameAndType(RateLimits.BEAN, RateLimits.class);
        if (limits == null) {
            DataSource ds =
                    context.getRegistry()
                            .lookupByNameAndType("tributaryDataSource", DataSource.class);
            limits =
                    new RateLimits(
                            new JdbcBudgetStore(ds), Clock.systemUTC(), RateLimits.Sleeper.REAL);
            context.getRegistry().bind(RateLimits.BEAN, limits);
        }
        String deadline = values.apply("requestDeadline");
        return new BulkJob(
                connector,
                base,
                origin,
                authenticator,
                limits.limiter(connector, budget, quotaWait),
                metrics,
                deadline == null
                        ? io.tributary.http.HttpClientSetup.defaultDeadline(context)
                        : Duration.parse(deadline));
    }

    /** A done job's results: the locator-paged endpoint, or the files its status answer names. */
    BulkResults results(BulkJob job, String jobId, JsonNode status) throws IOException {
        if (resultsPath != null) {
            Map<String, String> query = new LinkedHashMap<>();
            if (maxRecords != null) {
                query.put("maxRecords", maxRecords);
            }
            return BulkResults.paged(
                    job,
                    jobId,
                    path(resultsPath, jobId),
                    query,
                    locatorParam,
                    locatorHeader,
                    format,
                    recordsPerPage);
        }
        JsonNode at = status.at(resultUrlField);
        List<String> urls = new ArrayList<>();
        if (at.isTextual()) {
            urls.add(at.asText());
        } else if (at.isArray()) {
            at.forEach(u -> urls.add(u.asText()));
        }
        if (urls.isEmpty()) {
            throw new IOException(
                    "job "
                            + jobId
                            + " is done but its status answer has no result URL at resultUrlField '"
                            + resultUrlField
                            + "'");
        }
        return BulkResults.files(job, jobId, urls, format, recordsPerPage);
    }

    /**
     * The cursor rule of the sink's schema ({@link BulkCursor}); null when the schema declares no
     * {@code cursorField}, which a {@code createBody} holding {@code {cursor}} cannot do without.
     */
    BulkCursor cursor(String connector, String schemaFile) {
        boolean asks = createBody != null && createBody.contains("{cursor}");
        if (schemaFile == null) {
            if (asks) {
                throw new ConnectorConfigException(
                        connector,
                        "createBody",
                        createBody,
                        "holds {cursor}, but the route names no tributary-jdbc-sink schema whose cursorField it would come from");
            }
            return null;
        }
        io.tributary.schema.TargetSchema schema;
        try {
            schema = io.tributary.schema.TargetSchema.load(java.nio.file.Path.of(schemaFile));
        } catch (io.tributary.schema.SchemaException e) {
            throw new ConnectorConfigException(connector, "schema", schemaFile, e.getMessage());
        }
        if (asks && schema.cursorField() == null) {
            // the cursor comes from the records: a clock (this host's or the provider's) would
            // skip records changed near the job's snapshot whenever the two disagree
            throw new ConnectorConfigException(
                    connector,
                    "createBody",
                    createBody,
                    "holds {cursor}, but the sink's schema "
                            + schemaFile
                            + " declares no cursorField: name the field the query filters on (e.g. cursorField: modstamp for"
                            + " SystemModstamp), whose highest committed value becomes the cursor");
        }
        return asks ? BulkCursor.of(connector, schema, values.apply("cursorStart")) : null;
    }
}
