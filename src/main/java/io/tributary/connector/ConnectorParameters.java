package io.tributary.connector;

import static io.tributary.connector.Parameter.Group.AUTH;
import static io.tributary.connector.Parameter.Group.FORMAT;
import static io.tributary.connector.Parameter.Group.INCREMENTAL;
import static io.tributary.connector.Parameter.Group.LIMITS;
import static io.tributary.connector.Parameter.Group.PAGING;
import static io.tributary.connector.Parameter.Group.PARENT;
import static io.tributary.connector.Parameter.Group.SCHEDULE;
import static io.tributary.connector.Parameter.Group.SOURCE;
import static io.tributary.connector.Parameter.Group.TARGET;
import static io.tributary.connector.Parameter.Type.BOOLEAN;
import static io.tributary.connector.Parameter.Type.DURATION;
import static io.tributary.connector.Parameter.Type.ENUM;
import static io.tributary.connector.Parameter.Type.INTEGER;
import static io.tributary.connector.Parameter.Type.JSON_POINTER;
import static io.tributary.connector.Parameter.Type.LIST;
import static io.tributary.connector.Parameter.Type.STRING;
import static io.tributary.connector.Parameter.Type.URL;
import static io.tributary.connector.ParameterRule.excludes;
import static io.tributary.connector.ParameterRule.needs;
import static io.tributary.connector.ParameterRule.needsCursorField;
import static io.tributary.connector.ParameterRule.needsOneOf;
import static io.tributary.connector.ParameterRule.needsTimestampCursor;
import static io.tributary.connector.ParameterRule.notWith;
import static io.tributary.connector.ParameterRule.requiredBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every parameter of the {@code http-to-jdbc} connector, declared once, grouped as dlt nests its
 * configuration (source, schedule, auth, paging, incremental, parent, limits, target), and the
 * rules between them. {@link HttpToJdbcTemplate} registers its template parameters from this list
 * and hands the values to {@link Connector}, whose defaults come from here; {@link ParameterChecks}
 * checks the simple kinds and the rules at start-up; {@link ParameterDocs} writes the JSON Schema
 * ({@code docs/schema/http-to-jdbc.parameters.schema.json}) and docs/connector-parameters.md. A
 * Kamelet takes the groups it needs ({@link #in}).
 */
public final class ConnectorParameters {
    private ConnectorParameters() {}

    public static final List<Parameter> HTTP_TO_JDBC =
            List.of(
                    // ---- source ----
                    Parameter.of("connector", SOURCE, STRING)
                            .asRequired()
                            .property("id")
                            .examples("github-issues")
                            .describe(
                                    "the connector's id: its route id, its cursor's key, its name in logs"),
                    Parameter.of("url", SOURCE, URL)
                            .asRequired()
                            .examples("https://api.github.com/repos/apache/camel/issues?state=all")
                            .describe(
                                    "the endpoint to page through; a query string in it is kept and sent with every page; placeholders such as `{cursor}` in its path and query values are filled per request (see [Request templates](pagination.md#request-templates))"),
                    Parameter.of("recordsPath", SOURCE, STRING)
                            .examples("/items", "/", "//m:Row")
                            .describe(
                                    "where a page's records are: for JSON a pointer to their array, e.g. `/items` (`$.items` works too; `/`: the body is the array, as GitHub's); for XML an element path, e.g. `/soap:Envelope/soap:Body/m:Result/m:Row` or `//m:Row` (prefixes from `xmlNamespaces`); unused by jsonl and csv"),
                    // ---- format: how a body's records are written ----
                    Parameter.of("format", FORMAT, ENUM)
                            .byDefault("json")
                            .oneOf("json", "jsonl", "csv", "xml", "auto")
                            .describe(
                                    "how a response's records are written: `json` (an array at `recordsPath`), `jsonl` (JSON Lines / NDJSON: one object a line), `csv` (a header row, then one record a line), `xml` (elements at `recordsPath`), or `auto`: by each response's Content-Type (`application/x-ndjson`, `text/csv`, `application/xml`, else JSON); jsonl, csv and xml bodies stream through in pages of `recordsPerPage`"),
                    Parameter.of("recordsPerPage", FORMAT, INTEGER)
                            .byDefault("1000")
                            .minimum(1)
                            .describe(
                                    "for a jsonl, csv or xml body: the records the sink commits at a time, with the cursor, however long the body (a 1 GB export streams through in such pages)"),
                    Parameter.of("csvDelimiter", FORMAT, STRING)
                            .byDefault(",")
                            .examples(";", "\\t")
                            .describe(
                                    "the CSV field separator, one character, e.g. `;` (European spreadsheet exports) or `\\t` (a tab)"),
                    Parameter.of("csvQuote", FORMAT, STRING)
                            .byDefault("\"")
                            .describe("the CSV quote character, one character"),
                    Parameter.of("csvColumns", FORMAT, LIST)
                            .examples("id,name,updated_at")
                            .describe(
                                    "the CSV columns, comma-separated, for a file without a header row (unset: the first row is the header)"),
                    Parameter.of("xmlNamespaces", FORMAT, LIST)
                            .examples(
                                    "soap=http://schemas.xmlsoap.org/soap/envelope/,m=urn:example:orders")
                            .describe(
                                    "the prefixes `recordsPath` uses, `prefix=uri`, comma-separated; elements match by namespace, whatever prefix the body itself uses"),
                    Parameter.of("compression", FORMAT, ENUM)
                            .byDefault("auto")
                            .oneOf("auto", "gzip", "none")
                            .describe(
                                    "how a body's bytes are compressed beyond what the HTTP client decodes itself (`Content-Encoding: gzip`): `auto` (gzip when the bytes start as gzip does, e.g. a `.csv.gz` download), `gzip`, `none`"),
                    Parameter.of("charset", FORMAT, STRING)
                            .byDefault("utf-8")
                            .examples("utf-8", "windows-1252", "iso-8859-1")
                            .describe(
                                    "a body's charset when it declares none (an HTTP response whose Content-Type names none, a file), e.g. `windows-1252` (an export from a Windows system); an XML document's own declaration is used unless this is set"),
                    // ---- schedule ----
                    Parameter.of("schedule", SCHEDULE, STRING)
                            .asRequired()
                            .property(null)
                            .examples(
                                    "quartz:github-issues?cron=0+0/15+*+*+*+?",
                                    "timer:github-issues?period=3600000")
                            .describe(
                                    "trigger endpoint: `quartz:NAME?cron=0+0+*+*+*+?` (spaces as `+`) or `timer:NAME?period=3600000`; with several replicas only `quartz:` (see \"Several replicas\")"),
                    // ---- auth ----
                    Parameter.of("auth", AUTH, ENUM)
                            .byDefault("none")
                            .oneOf(
                                    io.tributary.auth.Authenticators.NAMES.toArray(
                                            String[]::new)) // one list: the registry\'s
                            .describe(
                                    "`none`, `api-key-query` (key as a query parameter), `api-key-header` (key in a header), or one of the schemes under [Authentication](auth.md), which also lists their `auth*` parameters"),
                    Parameter.of("authName", AUTH, STRING)
                            .examples("appid", "X-API-Key")
                            .describe(
                                    "the query parameter or header that carries the key, e.g. `appid` (OpenWeatherMap), `X-API-Key`"),
                    Parameter.of("authSecret", AUTH, STRING)
                            .asSecret()
                            .examples("{{env:GITHUB_TOKEN}}")
                            .describe(
                                    "the key — always a placeholder, `{{env:NAME}}` or a property such as `{{inventory.api-key}}` defined (itself from the environment) in application.properties; never the key itself"),
                    Parameter.of("authRef", AUTH, STRING)
                            .examples("crmAuth")
                            .describe(
                                    "name of an `io.tributary.auth.Authenticator` bean declared in a route file, used instead of `auth`"),
                    Parameter.of("authUser", AUTH, STRING)
                            .examples("agent@example.com/token")
                            .describe(
                                    "user name (`basic`, `session-login`; Zendesk's `email/token`) or the JWT subject (`jwt-*`)"),
                    Parameter.of("authTokenUrl", AUTH, URL)
                            .examples("https://login.salesforce.com/services/oauth2/token")
                            .describe(
                                    "OAuth2 token endpoint (`oauth2-*`, `jwt-bearer`), e.g. Salesforce's `https://login.salesforce.com/services/oauth2/token`"),
                    Parameter.of("authClientId", AUTH, STRING)
                            .describe("OAuth2 client id; the JWT issuer (`iss`) for `jwt-*`"),
                    Parameter.of("authClientSecret", AUTH, STRING)
                            .asSecret()
                            .examples("{{env:CRM_CLIENT_SECRET}}")
                            .describe(
                                    "OAuth2 client secret: a placeholder such as `{{env:CRM_CLIENT_SECRET}}`"),
                    Parameter.of("authClientAuth", AUTH, ENUM)
                            .byDefault("basic")
                            .oneOf("basic", "form")
                            .describe(
                                    "how the client authenticates at the token URL: `basic` (header) or `form` fields (Microsoft Entra ID)"),
                    Parameter.of("authScope", AUTH, STRING)
                            .examples("https://graph.microsoft.com/.default")
                            .describe("OAuth2 scope (space-separated)"),
                    Parameter.of("authAudience", AUTH, STRING)
                            .describe(
                                    "OAuth2 audience form field (Auth0); the JWT `aud` for `jwt-*` (default: the token URL)"),
                    Parameter.of("authFormFields", AUTH, STRING)
                            .examples("resource=https://api.example.com")
                            .describe(
                                    "further token-request form fields, e.g. `resource=https://api.example.com&tenant=acme`"),
                    Parameter.of("authRefreshToken", AUTH, STRING)
                            .asSecret()
                            .examples("{{env:XERO_REFRESH_TOKEN}}")
                            .describe(
                                    "first refresh token (`oauth2-refresh-token`); later the stored, rotated one wins"),
                    Parameter.of("authKeyFile", AUTH, STRING)
                            .examples("/run/secrets/service-account.pem")
                            .describe(
                                    "PEM file with an RSA private key (RS256) for `jwt-*`, e.g. a Google service account's"),
                    Parameter.of("authKeyId", AUTH, STRING)
                            .describe("JWT `kid` header for `jwt-*`"),
                    Parameter.of("authLoginUrl", AUTH, URL)
                            .examples("https://erp.example.com/api/login")
                            .describe("login URL (`session-login`)"),
                    Parameter.of("authLoginFields", AUTH, LIST)
                            .byDefault("username,password")
                            .examples("email,password")
                            .describe(
                                    "JSON field names of user and password in the login request (`session-login`)"),
                    Parameter.of("authTokenPath", AUTH, STRING)
                            .byDefault("/token")
                            .examples("/data/token", "$.auth.token", "header:X-Session")
                            .describe(
                                    "the token in the login answer (`session-login`): JSON pointer, `$.json.path` or `header:NAME`"),
                    Parameter.of("authTokenLifetime", AUTH, STRING)
                            .examples("PT30M")
                            .describe(
                                    "token lifetime when the provider gives none, e.g. `PT30M` or a number of seconds"),
                    // ---- paging ----
                    Parameter.of("pagination", PAGING, ENUM)
                            .byDefault("page-number")
                            .oneOf(
                                    io.tributary.paging.Paginations.NAMES.toArray(
                                            String[]::new)) // one list: the registry\'s
                            .describe(
                                    "`page-number`, `offset`, `cursor`, `next-url`, `link-header`, `has-more`, `end-flag`, `post-token`, `graphql` (a GraphQL connection's `pageInfo`, see [GraphQL](pagination.md#graphql)) or `none` (one response holds everything); see [Pagination, rate limits and errors](pagination.md)"),
                    Parameter.of("pageParam", PAGING, STRING)
                            .byDefault("page")
                            .examples("page")
                            .describe(
                                    "query parameter for the page number; empty when `{page}` in `requestBody` (or `url`, `requestHeaders`) carries it, e.g. a SOAP envelope's `<Page>{page}</Page>`"),
                    Parameter.of("pageSizeParam", PAGING, STRING)
                            .byDefault("page_size")
                            .examples("per_page", "limit")
                            .describe(
                                    "query parameter for the page size (empty: not sent), e.g. GitHub's `per_page`"),
                    Parameter.of("pageSize", PAGING, INTEGER)
                            .byDefault("100")
                            .minimum(1)
                            .examples("100")
                            .describe("records per page"),
                    Parameter.of("firstPage", PAGING, INTEGER)
                            .byDefault("1")
                            .minimum(0)
                            .examples("0")
                            .describe("number of the first page"),
                    Parameter.of("totalPagesPath", PAGING, JSON_POINTER)
                            .examples("/total_pages")
                            .describe(
                                    "JSON pointer to the total page count; when present it decides the last page, otherwise an empty or short page ends the sync"),
                    Parameter.of("offsetParam", PAGING, STRING)
                            .byDefault("offset")
                            .examples("startAt")
                            .describe("offset parameter (`offset` paging), e.g. Jira's `startAt`"),
                    Parameter.of("totalPath", PAGING, JSON_POINTER)
                            .examples("/total")
                            .describe(
                                    "JSON pointer to the total record count (`offset` paging), e.g. `/total`"),
                    Parameter.of("nextPath", PAGING, JSON_POINTER)
                            .examples("/nextPageToken", "/nextRecordsUrl")
                            .describe(
                                    "JSON pointer (or `$.a.b`) to the next token or next URL in the body, e.g. Google's `/nextPageToken`"),
                    Parameter.of("tokenParam", PAGING, STRING)
                            .examples("pageToken", "start_cursor")
                            .describe(
                                    "query parameter (or, for `post-token`, body field; for `graphql`, the query's variable, `after` by default) that carries the token, e.g. `pageToken`; empty when `{pageToken}` in the request template carries it"),
                    Parameter.of("hasMorePath", PAGING, JSON_POINTER)
                            .examples("/has_more")
                            .describe(
                                    "JSON pointer to a \"more pages\" flag, e.g. Stripe's `/has_more`"),
                    Parameter.of("endFlagPath", PAGING, JSON_POINTER)
                            .examples("/end_of_stream")
                            .describe(
                                    "JSON pointer to a \"last page\" flag, e.g. Zendesk's `/end_of_stream`"),
                    Parameter.of("idPath", PAGING, JSON_POINTER)
                            .byDefault("/id")
                            .examples("/id")
                            .describe(
                                    "JSON pointer to a record's id (`has-more` paging: Stripe's `starting_after`)"),
                    Parameter.of("requestHeaders", PAGING, STRING)
                            .examples("X-Since={cursor}")
                            .describe(
                                    "headers of every request, `Name=value` pairs joined by `&`, e.g. `X-Since={cursor}&X-Api-Version=2` (see [Request templates](pagination.md#request-templates)); credentials go in `auth*`"),
                    Parameter.of("requestBody", PAGING, STRING)
                            .examples("{\"page_size\": 100}")
                            .describe(
                                    "body of every request, which then goes by POST: JSON (`post-token` puts its token in it), e.g. a Notion database query, a form, or XML such as a SOAP envelope (`requestBodyType`); placeholders go inside its JSON strings, or in XML element text and attribute values (see [Request templates](pagination.md#request-templates))"),
                    Parameter.of("requestBodyType", PAGING, ENUM)
                            .byDefault("json")
                            .oneOf("json", "form", "xml")
                            .describe(
                                    "`json` (`application/json`), `form` (`application/x-www-form-urlencoded`: `requestBody` as `name=value&name=value`, each value form-encoded) or `xml` (a SOAP envelope, `text/xml; charset=utf-8` unless `requestHeaders` sets `Content-Type`, e.g. SOAP 1.2's `application/soap+xml`; each value XML-escaped; checked well-formed at start-up)"),
                    Parameter.of("maxPages", PAGING, INTEGER)
                            .byDefault("10000")
                            .minimum(0)
                            .examples("10000")
                            .describe(
                                    "most requests one sync may make (0: no limit); more fails the run"),
                    // ---- incremental: the cursor ----
                    Parameter.of("cursorParam", INCREMENTAL, STRING)
                            .examples("since", "updated_at_gte")
                            .describe(
                                    "query parameter that asks for records **at or after** the cursor, e.g. `since` (see [The cursor](pagination.md#the-cursor-what-is-sent-back-and-when-it-moves))"),
                    Parameter.of("cursorInclusive", INCREMENTAL, BOOLEAN)
                            .byDefault("true")
                            .describe(
                                    "`true`: `cursorParam` means at or after (`since`, `updated_at_gte`, `created[gte]`); `false`: strictly after (`start=T` returns time > T)"),
                    Parameter.of("cursorFormat", INCREMENTAL, STRING)
                            .byDefault("source")
                            .examples(
                                    "source", "iso", "epoch-seconds", "epoch-millis", "yyyy-MM-dd")
                            .describe(
                                    "how the cursor is sent: `source` (the text the record carried, e.g. `2025-01-09T00:00:25.000Z`), `iso` (UTC instant), `epoch-seconds`, `epoch-millis`, or a date-time pattern"),
                    Parameter.of("cursorFutureTolerance", INCREMENTAL, DURATION)
                            .byDefault("PT1H")
                            .minimum(0)
                            .examples("PT1H")
                            .describe(
                                    "a cursor value beyond now + this is reported (log line, `tributary_cursor_anomalies_total{kind=\"future\"}`); no value later than the sync's start ever becomes the cursor"),
                    Parameter.of("outOfOrderLimit", INCREMENTAL, STRING)
                            .byDefault("5%")
                            .examples("5%", "100%")
                            .describe(
                                    "share of the records read whose cursor value goes backwards inside its page before the run fails (naming `order: unordered`); `100%` only warns"),
                    Parameter.of("cursorStart", INCREMENTAL, STRING)
                            .examples("2026-01-01T00:00:00Z")
                            .describe(
                                    "cursor for the very first run (e.g. `2026-01-01T00:00:00Z`); empty: everything"),
                    Parameter.of("order", INCREMENTAL, ENUM)
                            .byDefault("ascending")
                            .oneOf("ascending", "descending", "unordered")
                            .describe(
                                    "`descending` for newest-first sources (Stripe), `unordered` for sources that filter by the cursor but sort by something else: both commit the cursor only when the whole sync is in"),
                    Parameter.of("clientFilter", INCREMENTAL, BOOLEAN)
                            .byDefault("false")
                            .describe(
                                    "`true`: drop records older than the cursor here, for sources that cannot filter"),
                    Parameter.of("lookback", INCREMENTAL, DURATION)
                            .minimum(0)
                            .examples("PT10M")
                            .describe(
                                    "re-read this much before the cursor at each run's start, e.g. `PT10M` (late writes; the upsert absorbs duplicates)"),
                    Parameter.of("window", INCREMENTAL, DURATION)
                            .minimum(1)
                            .examples("P1D", "PT6H")
                            .describe(
                                    "backfill in date windows of this length, e.g. `P1D`; each window is checkpointed; needs `cursorStart`, `windowStartParam`, `windowEndParam`"),
                    Parameter.of("windowStartParam", INCREMENTAL, STRING)
                            .examples("start_time")
                            .describe(
                                    "query parameter for a window's start, e.g. Zendesk's `start_time`"),
                    Parameter.of("windowEndParam", INCREMENTAL, STRING)
                            .examples("end_time")
                            .describe("query parameter for a window's end, e.g. `end_time`"),
                    // ---- parent -> child: dlt's params {project_id: {type: resolve, resource:
                    // projects, field: id}} ----
                    Parameter.of("parent", PARENT, STRING)
                            .examples("tracker-projects")
                            .describe(
                                    "the parent connector's id (dlt's `resolve` `resource`): this child syncs once per row of the parent's `table`, each parent with its own cursor (`<connector>/<parent key>`); with a `direct:` schedule it runs right after each successful sync of the parent, else on its own schedule over the rows stored so far; see [Parent -> child streams](pagination.md#parent---child-streams)"),
                    Parameter.of("parentQuery", PARENT, STRING)
                            .examples(
                                    "SELECT id, key FROM tracker_projects WHERE archived = false ORDER BY id")
                            .describe(
                                    "instead of `parent`: a `SELECT` on the target database whose rows are the parents, its columns their fields (the first one the key), e.g. `SELECT id, key FROM tracker_projects WHERE archived = false ORDER BY id`"),
                    Parameter.of("parentFields", PARENT, LIST)
                            .defaultNote("the parent schema's `primaryKey`")
                            .examples("id", "id,key")
                            .describe(
                                    "the parent's columns the child uses (dlt's resolve `field`), the first one its key: `{parent.id}` in `url` (path or query) or in `requestBody` (inside a JSON string) becomes the parent's `id`; `{parent}` is the key"),
                    Parameter.of("parentColumns", PARENT, LIST)
                            .examples("project_id=id", "project_id=id,project_key=key")
                            .describe(
                                    "child columns filled from the parent, `COLUMN=FIELD`: `project_id=id` writes the parent's `id` into `project_id` of every row (at that column's `path`), even when the child's records lack it"),
                    // ---- errors, limits and hosts ----
                    Parameter.of("allowedHosts", LIMITS, LIST)
                            .examples("uploads.github.com")
                            .describe(
                                    "other hosts (`host` or `host:port`, comma-separated) that may receive the credentials via next links or redirects, e.g. `uploads.github.com`"),
                    Parameter.of("errorPolicy", LIMITS, LIST)
                            .examples("404=ignore,409=retry", "2xx:/errors=fail")
                            .describe(
                                    "overrides of the error classes, e.g. `404=ignore,409=retry`, and rules on 2xx bodies, e.g. `2xx:/errors=fail` (see [Error policy](errors-and-retries.md#error-policy))"),
                    Parameter.of("requestDeadline", LIMITS, DURATION)
                            .minimum(1)
                            .defaultNote("`tributary.http.request-deadline` (`PT5M`)")
                            .examples("PT2M")
                            .describe(
                                    "the longest one request may take, headers and body, e.g. `PT2M`; passing it is a retried failure"),
                    Parameter.of("rateLimit", LIMITS, STRING)
                            .examples("weather", "github")
                            .describe(
                                    "name of a shared, persisted request budget, e.g. `weather` (`tributary.ratelimit.NAME.*`, see [Rate limits](errors-and-retries.md#rate-limits))"),
                    Parameter.of("concurrency", LIMITS, INTEGER)
                            .byDefault("1")
                            .minimum(1)
                            .examples("8")
                            .describe(
                                    "how many parents' slices of a child stream (`parent`, `parentQuery`), date windows of a backfill (`window`), or numbered pages with a total (`totalPagesPath`, `totalPath`) sync at once, 1 to "
                                            + SliceConcurrency.MAX
                                            + " (1: one after the other); each slice keeps its own cursor and commits its pages in order, "
                                            + "the windows' cursor moves only over the finished windows from the first, numbered pages move none, "
                                            + "and every request still takes from the `rateLimit` budget; see [Concurrency](concurrency.md)"),
                    // ---- target: schema, table, sink ----
                    Parameter.of("schema", TARGET, STRING)
                            .asRequired()
                            .examples("routes/github-issues.schema.yaml")
                            .describe("the target schema file, relative to the working directory"),
                    Parameter.of("table", TARGET, STRING)
                            .asRequired()
                            .examples("github_issues")
                            .describe("target table; lower-case letters, digits, `_`"),
                    Parameter.of("sink", TARGET, ENUM)
                            .byDefault("jdbc")
                            .oneOf("jdbc", "jsonl", "csv", "parquet")
                            .describe(
                                    "`jdbc` (the target database), `jsonl` (JSON Lines files), `csv` (RFC 4180 files) or `parquet` (typed Parquet files, a data lake's; see [Parquet files](sinks.md#parquet-files)); see [Write modes and file sinks](sinks.md#write-modes-and-file-sinks)"),
                    Parameter.of("writeMode", TARGET, ENUM)
                            .byDefault("upsert")
                            .oneOf("upsert", "append", "replace", "delete")
                            .describe(
                                    "`upsert` (merge by primary key), `append` (every record a new row; no primary key), `replace` (full refresh, swapped in when the sync completes), `delete` (each record names a key deleted at the source, e.g. Salesforce `getDeleted`: its row is deleted or marked, see [Deletes at the source](schema.md#deletes-at-the-source)); `jdbc` only"),
                    Parameter.of("onDelete", TARGET, ENUM)
                            .byDefault("delete")
                            .oneOf("delete", "mark")
                            .describe(
                                    "what a deletion at the source does to its row: `delete` removes it, `mark` sets its `_deleted_at` (cleared when the record comes back); for the schema's `deletedWhen`, `writeMode: delete` and `deleteMissing`"),
                    Parameter.of("deleteMissing", TARGET, BOOLEAN)
                            .byDefault("false")
                            .describe(
                                    "`true`: each sync is a full read (no cursor), and when it succeeded the rows whose keys it did not read are deleted or marked (`onDelete`), e.g. a price list with no deleted flag; never after a failed sync"),
                    Parameter.of("directory", TARGET, STRING)
                            .byDefault("data")
                            .examples("/var/lib/tributary/exports")
                            .describe("folder of a file sink; files go to `DIRECTORY/<table>/`"),
                    Parameter.of("partition", TARGET, ENUM)
                            .byDefault("none")
                            .oneOf("none", "date")
                            .describe(
                                    "file sinks: `none` (one file per sync) or `date` (one per day of the cursor field, in `date=YYYY-MM-DD/`)"),
                    Parameter.of("partitionColumn", TARGET, STRING)
                            .examples("country")
                            .describe(
                                    "sink parquet: a schema column whose values name the folders, Hive's way (`country=DE/`, under `date=.../` with partition date; the value escaped for a path, null as `__HIVE_DEFAULT_PARTITION__`); the column is in the folder's name, not in the files"),
                    Parameter.of("rollRows", TARGET, INTEGER)
                            .minimum(1)
                            .defaultNote("1000000")
                            .examples("1000000")
                            .describe(
                                    "sink parquet: rows in one file; the next row begins the partition's next file"),
                    Parameter.of("rollMegabytes", TARGET, INTEGER)
                            .minimum(1)
                            .defaultNote("256")
                            .examples("256")
                            .describe(
                                    "sink parquet: megabytes (compressed, about) in one file; the next row begins the partition's next file"),
                    Parameter.of("drift", TARGET, ENUM)
                            .byDefault("off")
                            .oneOf("off", "evolve", "freeze", "quarantine")
                            .describe(
                                    "schema-drift policy: `off`, `evolve`, `freeze` or `quarantine`; see [Schema drift](schema.md#schema-drift)"));

    /**
     * The text encoding of a body that declares none (a file; an HTTP response without {@code
     * charset=} in its Content-Type), declared once for every source that reads text. In group
     * FORMAT; not yet one of {@link #HTTP_TO_JDBC}'s: the HTTP source reads the declared charset,
     * else UTF-8.
     */
    /** {@code charset}, which the file source takes too. */
    public static final Parameter CHARSET =
            HTTP_TO_JDBC.stream().filter(p -> p.name().equals("charset")).findFirst().orElseThrow();

    private static final Set<String> NEEDS_NEXT =
            Set.of("cursor", "next-url", "end-flag", "post-token", "graphql");

    /**
     * The rules between parameters, in the order they are checked. The auth schemes' own needs
     * (which {@code auth*} each requires) are checked by {@code io.tributary.auth.Authenticators},
     * {@code requestBody}'s JSON by {@code Paginations}, {@code cursorFormat} against the cursor's
     * type by {@link CursorAdvance}.
     */
    public static final List<ParameterRule> RULES =
            List.of(
                    requiredBy(
                            "format",
                            Set.of("json", "xml", "auto"),
                            "recordsPath",
                            "is required by format {value}: where the records are"),
                    requiredBy(
                            "pagination",
                            NEEDS_NEXT,
                            "nextPath",
                            "is required by {value} pagination"),
                    requiredBy(
                            "pagination",
                            Set.of("has-more", "post-token"),
                            "tokenParam",
                            "is required by {value} pagination"),
                    requiredBy(
                            "pagination",
                            Set.of("graphql"),
                            "hasMorePath",
                            "is required by {value} pagination: the connection's"
                                    + " pageInfo/hasNextPage, e.g."
                                    + " /data/repository/issues/pageInfo/hasNextPage"),
                    requiredBy(
                            "pagination",
                            Set.of("graphql"),
                            "requestBody",
                            "is required by {value} pagination: the GraphQL request,"
                                    + " {\"query\": \"...\", \"variables\": {...}}"),
                    requiredBy(
                            "pagination",
                            Set.of("cursor", "end-flag"),
                            List.of("tokenParam", "{pageToken}"),
                            "is required by {value} pagination, unless {pageToken} in url,"
                                    + " requestHeaders or requestBody carries the token"),
                    requiredBy(
                            "pagination",
                            Set.of("page-number"),
                            List.of("pageParam", "{page}"),
                            "is required by {value} pagination, unless {page} in url,"
                                    + " requestHeaders or requestBody carries the page"),
                    notWith(
                            "{page}",
                            Set.of(),
                            "pagination",
                            Set.of(
                                    "offset",
                                    "cursor",
                                    "next-url",
                                    "link-header",
                                    "has-more",
                                    "end-flag",
                                    "post-token",
                                    "graphql",
                                    "none"),
                            "is the page number of pagination page-number, not of {other}"),
                    notWith(
                            "{pageToken}",
                            Set.of(),
                            "pagination",
                            Set.of(
                                    "page-number",
                                    "offset",
                                    "next-url",
                                    "link-header",
                                    "has-more",
                                    "post-token",
                                    "graphql",
                                    "none"),
                            "is the token of pagination cursor or end-flag, not of {other}"
                                    + " (post-token and graphql put their token in the JSON body"
                                    + " themselves)"),
                    requiredBy(
                            "pagination",
                            Set.of("offset"),
                            "offsetParam",
                            "is required by {value} pagination"),
                    requiredBy(
                            "pagination",
                            Set.of("end-flag"),
                            "endFlagPath",
                            "is required by {value} pagination"),
                    needsOneOf(
                            "window",
                            List.of("windowStartParam", "{windowStart}"),
                            "needs windowStartParam, or {windowStart} in url, requestHeaders or requestBody"),
                    needsOneOf(
                            "window",
                            List.of("windowEndParam", "{windowEnd}"),
                            "needs windowEndParam, or {windowEnd} in url, requestHeaders or requestBody"),
                    excludes("window", "cursorParam", "replaces cursorParam: set one of them"),
                    needs(
                            "window",
                            Set.of(),
                            List.of("cursorStart"),
                            "needs cursorStart: where the first window begins"),
                    // ---- request templates: a name in braces is the parameter using it
                    // (RequestTemplate.PLACES) ----
                    excludes(
                            "{cursor}",
                            "cursorParam",
                            "sends the cursor already: drop cursorParam (or the placeholder)"),
                    needs(
                            "{cursor}",
                            Set.of(),
                            List.of("cursorStart"),
                            "needs cursorStart: the cursor the first sync sends, before one is stored"),
                    excludes(
                            "window",
                            "{cursor}",
                            "sends each window's bounds: write {windowStart} and {windowEnd} instead of {cursor}"),
                    needs(
                            "{windowStart}",
                            Set.of(),
                            List.of("window"),
                            "needs window: {windowStart} is a date window's start"),
                    needs(
                            "{windowEnd}",
                            Set.of(),
                            List.of("window"),
                            "needs window: {windowEnd} is a date window's end"),
                    needs(
                            "requestBodyType",
                            Set.of("form"),
                            List.of("requestBody"),
                            "needs requestBody: the form's fields"),
                    needs(
                            "requestBodyType",
                            Set.of("xml"),
                            List.of("requestBody"),
                            "needs requestBody: the XML document, e.g. a SOAP envelope"),
                    notWith(
                            "requestBodyType",
                            Set.of("form", "xml"),
                            "pagination",
                            Set.of("post-token", "graphql"),
                            "cannot carry a {other} token, which goes in a JSON body"
                                    + " (an XML body carries its token as {pageToken} with"
                                    + " pagination cursor)"),
                    notWith(
                            "writeMode",
                            Set.of("replace"),
                            "sink",
                            Set.of("jsonl", "csv", "parquet"),
                            "applies to sink jdbc; a file sink writes new files each sync (leave writeMode unset)"),
                    notWith(
                            "partitionColumn",
                            Set.of(),
                            "sink",
                            Set.of("jdbc", "jsonl", "csv"),
                            "applies to sink parquet"),
                    notWith(
                            "rollRows",
                            Set.of(),
                            "sink",
                            Set.of("jdbc", "jsonl", "csv"),
                            "applies to sink parquet"),
                    notWith(
                            "rollMegabytes",
                            Set.of(),
                            "sink",
                            Set.of("jdbc", "jsonl", "csv"),
                            "applies to sink parquet"),
                    notWith(
                            "drift",
                            Set.of("evolve"),
                            "sink",
                            Set.of("csv"),
                            "cannot add columns to a csv file; use jsonl, jdbc, or freeze/quarantine"),
                    notWith(
                            "writeMode",
                            Set.of("append"),
                            "order",
                            Set.of("descending", "unordered"),
                            "cannot be used with order '{other}': the "
                                    + "cursor then moves only when a whole sync is in, so a crash mid-sync would append every row written before it "
                                    + "again; use upsert (with a primaryKey) or replace"),
                    notWith(
                            "lookback",
                            Set.of(),
                            "writeMode",
                            Set.of("append"),
                            "re-reads records already written, which writeMode append would write twice; use upsert (with a primaryKey)"),
                    notWith(
                            "deleteMissing",
                            Set.of("true"),
                            "writeMode",
                            Set.of("append", "replace", "delete"),
                            "compares each full read with the table by key: use writeMode upsert (replace rebuilds the table anyway)"),
                    notWith(
                            "deleteMissing",
                            Set.of("true"),
                            "sink",
                            Set.of("jsonl", "csv"),
                            "needs sink jdbc: a file sink never removes a row from earlier files"),
                    notWith(
                            "deleteMissing",
                            Set.of("true"),
                            "clientFilter",
                            Set.of("true"),
                            "needs a full read each sync; clientFilter stops at the cursor"),
                    excludes(
                            "deleteMissing",
                            Set.of("true"),
                            "cursorParam",
                            "needs a full read each sync; cursorParam reads only what changed"),
                    excludes(
                            "deleteMissing",
                            Set.of("true"),
                            "window",
                            "needs a full read each sync; a window reads one slice of time"),
                    excludes(
                            "deleteMissing",
                            Set.of("true"),
                            "{cursor}",
                            "needs a full read each sync; {cursor} asks only for what changed"),
                    excludes(
                            "deleteMissing",
                            Set.of("true"),
                            "parent",
                            "needs a full read each sync; a child stream reads one parent's records a run"),
                    excludes(
                            "deleteMissing",
                            Set.of("true"),
                            "parentQuery",
                            "needs a full read each sync; a child stream reads one parent's records a run"),
                    excludes(
                            "parent",
                            "parentQuery",
                            "names the parents one way: a parent connector or a parentQuery, not both"),
                    needs(
                            "parentFields",
                            Set.of(),
                            List.of("parent"),
                            "are columns of the parent connector's table: name it in parent (a "
                                    + "parentQuery's fields are its own columns)"),
                    needsOneOf(
                            "parentColumns",
                            List.of("parent", "parentQuery"),
                            "needs a parent: parent (a connector) or parentQuery"),
                    needsCursorField("{cursor}", Set.of(), "needs a cursorField in {schema}"),
                    needsCursorField("cursorStart", Set.of(), "needs a cursorField in {schema}"),
                    needsCursorField("cursorParam", Set.of(), "needs a cursorField in {schema}"),
                    needsCursorField(
                            "order", Set.of("descending"), "needs a cursorField in the schema"),
                    needsCursorField(
                            "clientFilter", Set.of("true"), "needs a cursorField in the schema"),
                    needsTimestampCursor("lookback", "needs a timestamp cursorField in the schema"),
                    needsTimestampCursor("window", "needs a timestamp cursorField in the schema"));

    private static final Map<String, Parameter> BY_NAME =
            HTTP_TO_JDBC.stream().collect(Collectors.toMap(Parameter::name, Function.identity()));

    /**
     * The parameters a {@link Connector} bean takes (all but those the route itself uses: {@code
     * schedule}).
     */
    public static final List<Parameter> CONNECTOR =
            HTTP_TO_JDBC.stream().filter(p -> p.property() != null).toList();

    public static Optional<Parameter> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /**
     * The parameters of some groups, e.g. a Kamelet's: {@code in(SOURCE, SCHEDULE, AUTH, PAGING,
     * INCREMENTAL, LIMITS)}.
     */
    public static List<Parameter> in(Parameter.Group... groups) {
        Set<Parameter.Group> wanted = Set.of(groups);
        return HTTP_TO_JDBC.stream().filter(p -> wanted.contains(p.group())).toList();
    }

    /** The declared default, or null. */
    static String defaultOf(String name) {
        Parameter p = BY_NAME.get(name);
        if (p == null) {
            throw new IllegalStateException(
                    "'" + name + "' is not a declared parameter of " + HttpToJdbcTemplate.ID);
        }
        return p.defaultValue();
    }
}
