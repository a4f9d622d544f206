package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.support.ConnectorHarness;
import io.tributary.support.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invalid configurations, as rows of (parameters changed from a working connector, the message's
 * end): each simple kind of the declarations and each rule between parameters stops the connector
 * at start-up with {@code connector '<id>': parameter '<name>' value '<value>': <problem>}.
 */
class InvalidConfigurationsTest {
    static final String NO_CURSOR = "NO_CURSOR";
    static final String NUMBER_CURSOR = "NUMBER_CURSOR";
    static final String FLAGGED = "src/test/resources/deletes/tickets.schema.yaml";
    static final AtomicInteger IDS = new AtomicInteger();

    @TempDir static Path dir;
    static ConnectorHarness tributary;

    static Stream<Arguments> invalidConfigurations() {
        return Stream.of(
                // required
                row(Map.of("url", ""), "parameter 'url': is required"),
                // integer kinds
                row(
                        Map.of("pageSize", "lots"),
                        "parameter 'pageSize' value 'lots': must be a positive integer"),
                row(
                        Map.of("pageSize", "0"),
                        "parameter 'pageSize' value '0': must be a positive integer"),
                row(
                        Map.of("firstPage", "-1"),
                        "parameter 'firstPage' value '-1': must be a whole number, 0 or more"),
                row(
                        Map.of("maxPages", "many"),
                        "parameter 'maxPages' value 'many': must be a whole number, 0 or more"),
                // booleans
                row(
                        Map.of("clientFilter", "yes"),
                        "parameter 'clientFilter' value 'yes': must be true or false"),
                row(
                        Map.of("cursorInclusive", "maybe"),
                        "parameter 'cursorInclusive' value 'maybe': must be true or false"),
                // enums
                row(
                        Map.of("pagination", "pages"),
                        "parameter 'pagination' value 'pages': must be page-number, offset, cursor, next-url, "
                                + "link-header, has-more, end-flag, post-token, graphql or none"),
                row(
                        Map.of("auth", "oauth"),
                        "parameter 'auth' value 'oauth': must be none, api-key-query"),
                row(
                        Map.of("order", "newest"),
                        "parameter 'order' value 'newest': must be ascending, descending or unordered"),
                row(
                        Map.of("sink", "orc"),
                        "parameter 'sink' value 'orc': must be jdbc, jsonl, csv or parquet"),
                row(
                        Map.of("writeMode", "merge"),
                        "parameter 'writeMode' value 'merge': must be upsert, append, replace or delete"),
                row(
                        Map.of("onDelete", "archive"),
                        "parameter 'onDelete' value 'archive': must be delete or mark"),
                row(
                        Map.of("partition", "hour"),
                        "parameter 'partition' value 'hour': must be none or date"),
                row(
                        Map.of("drift", "adapt"),
                        "parameter 'drift' value 'adapt': must be off, evolve, freeze or quarantine"),
                row(
                        Map.of("authClientAuth", "header"),
                        "parameter 'authClientAuth' value 'header': must be basic or form"),
                // durations
                row(
                        Map.of("lookback", "10 minutes"),
                        "parameter 'lookback' value '10 minutes': must be an ISO-8601 duration such as PT10M"),
                row(
                        Map.of("lookback", "PT-10M"),
                        "parameter 'lookback' value 'PT-10M': must not be negative"), // it would
                // skip
                // records
                row(
                        Map.of("order", "Descending"),
                        "parameter 'order' value 'Descending': must be "),
                row(
                        Map.of("clientFilter", "TRUE"),
                        "parameter 'clientFilter' value 'TRUE': must be true or false"),
                row(
                        Map.of("requestDeadline", "PT0S"),
                        "parameter 'requestDeadline' value 'PT0S': must be longer than zero"),
                row(
                        Map.of("cursorFutureTolerance", "-PT1H"),
                        "parameter 'cursorFutureTolerance' value '-PT1H': must not be negative"),
                row(
                        Map.of("window", "daily"),
                        "parameter 'window' value 'daily': must be an ISO-8601 duration such as P1D or PT6H"),
                // JSON pointers and URLs
                row(
                        Map.of("recordsPath", "observations"),
                        "parameter 'recordsPath' value 'observations': must be a JSON pointer such as /observations"),
                row(
                        Map.of("totalPagesPath", "total_pages"),
                        "parameter 'totalPagesPath' value 'total_pages': must be a JSON pointer"),
                row(
                        Map.of("url", "ftp://example.com/files"),
                        "parameter 'url' value 'ftp://example.com/files': must be an absolute http:// or https:// URL"),
                row(
                        Map.of("url", "http://exa mple.com/"),
                        "parameter 'url' value 'http://exa mple.com/': is not a valid URL"),
                row(
                        Map.of("authTokenUrl", "/oauth/token"),
                        "parameter 'authTokenUrl' value '/oauth/token': must be an absolute http:// or https:// URL"),
                // rules between parameters
                row(
                        Map.of("pagination", "cursor"),
                        "parameter 'nextPath' value '': is required by cursor pagination"),
                row(
                        Map.of("pagination", "has-more"),
                        "parameter 'tokenParam' value '': is required by has-more pagination"),
                row(
                        Map.of(
                                "pagination",
                                "end-flag",
                                "nextPath",
                                "/next",
                                "tokenParam",
                                "cursor"),
                        "parameter 'endFlagPath' value '': is required by end-flag pagination"),
                row(
                        Map.of("pagination", "page-number", "pageParam", ""),
                        "parameter 'pageParam' value '': is required by page-number pagination"),
                row(
                        Map.of(
                                "pagination",
                                "cursor",
                                "nextPath",
                                "/Envelope/Body/Response/NextPageToken",
                                "tokenParam",
                                ""),
                        "parameter 'tokenParam' value '': is required by cursor pagination, unless"
                                + " {pageToken} in url, requestHeaders or requestBody carries the token"),
                row(
                        Map.of(
                                "pagination",
                                "offset",
                                "requestBodyType",
                                "xml",
                                "requestBody",
                                "<Page>{page}</Page>"),
                        "parameter 'requestBody' value '<Page>{page}</Page>': is the page number of"
                                + " pagination page-number, not of offset"),
                row(
                        Map.of(
                                "requestBodyType",
                                "xml",
                                "requestBody",
                                "<Token>{pageToken}</Token>"),
                        "parameter 'requestBody' value '<Token>{pageToken}</Token>': is the token of"
                                + " pagination cursor or end-flag, not of page-number"),
                row(
                        Map.of("requestBodyType", "xml"),
                        "parameter 'requestBodyType' value 'xml': needs requestBody: the XML document"),
                row(
                        Map.of(
                                "requestBodyType",
                                "xml",
                                "requestBody",
                                "<Since>{cursor}</Since>",
                                "cursorParam",
                                "",
                                "cursorStart",
                                "2026-01-01T00:00:00Z",
                                "pagination",
                                "post-token",
                                "nextPath",
                                "/next",
                                "tokenParam",
                                "token"),
                        "parameter 'requestBodyType' value 'xml': cannot carry a post-token token"),
                row(
                        Map.of("pagination", "graphql", "nextPath", "/data/x/pageInfo/endCursor"),
                        "parameter 'hasMorePath' value '': is required by graphql pagination"),
                row(
                        Map.of(
                                "pagination",
                                "graphql",
                                "nextPath",
                                "/data/x/pageInfo/endCursor",
                                "hasMorePath",
                                "/data/x/pageInfo/hasNextPage"),
                        "parameter 'requestBody' value '': is required by graphql pagination"),
                row(
                        Map.of(
                                "pagination",
                                "graphql",
                                "nextPath",
                                "/data/x/pageInfo/endCursor",
                                "hasMorePath",
                                "/data/x/pageInfo/hasNextPage",
                                "requestBody",
                                "{\"variables\": {}}"),
                        "parameter 'requestBody' value '{\"variables\": {}}': needs a \"query\" string"),
                row(
                        Map.of("pagination", "offset", "offsetParam", ""),
                        "parameter 'offsetParam' value '': is required by offset pagination"),
                row(
                        Map.of(
                                "cursorParam",
                                "",
                                "window",
                                "P1D",
                                "cursorStart",
                                "2026-01-01T00:00:00Z"),
                        "parameter 'window' value 'P1D': needs windowStartParam, or {windowStart} in url, requestHeaders or requestBody"),
                row(
                        Map.of(
                                "window",
                                "P1D",
                                "windowStartParam",
                                "start_time",
                                "windowEndParam",
                                "end_time",
                                "cursorStart",
                                "2026-01-01T00:00:00Z"),
                        "parameter 'window' value 'P1D': replaces cursorParam: set one of them"),
                row(
                        Map.of(
                                "cursorParam",
                                "",
                                "window",
                                "P1D",
                                "windowStartParam",
                                "start_time",
                                "windowEndParam",
                                "end_time"),
                        "parameter 'window' value 'P1D': needs cursorStart: where the first window begins"),
                row(
                        Map.of("sink", "jsonl", "writeMode", "replace"),
                        "parameter 'writeMode' value 'replace': applies to sink jdbc"),
                row(
                        Map.of("sink", "parquet", "writeMode", "replace"),
                        "parameter 'writeMode' value 'replace': applies to sink jdbc"),
                row(
                        Map.of("sink", "jsonl", "partitionColumn", "name"),
                        "parameter 'partitionColumn' value 'name': applies to sink parquet"),
                row(
                        Map.of("rollMegabytes", "64"),
                        "parameter 'rollMegabytes' value '64': applies to sink parquet"),
                row(Map.of("sink", "parquet", "rollRows", "0"), "parameter 'rollRows' value '0'"),
                row(
                        Map.of("sink", "csv", "drift", "evolve"),
                        "parameter 'drift' value 'evolve': cannot add columns to a csv file"),
                row(
                        Map.of("writeMode", "append", "order", "descending"),
                        "parameter 'writeMode' value 'append': cannot be used with order 'descending': the cursor then moves only when"),
                row(
                        Map.of("writeMode", "append", "lookback", "PT10M"),
                        "parameter 'lookback' value 'PT10M': re-reads records already written, which writeMode append would write twice"),
                row(
                        Map.of(
                                "parent",
                                "weather-stations",
                                "parentQuery",
                                "SELECT id FROM weather_stations"),
                        "parameter 'parent' value 'weather-stations': names the parents one way: a parent connector or a parentQuery, not both"),
                row(
                        Map.of(
                                "parentQuery",
                                "SELECT id FROM weather_stations",
                                "parentFields",
                                "id"),
                        "parameter 'parentFields' value 'id': are columns of the parent connector's table: name it in parent"),
                row(
                        Map.of("parentColumns", "station_id=id"),
                        "parameter 'parentColumns' value 'station_id=id': needs a parent: parent (a "
                                + "connector) or parentQuery"),
                // parent -> child values
                row(
                        Map.of("parentQuery", "weather_stations"),
                        "parameter 'parentQuery' value 'weather_stations': must be a SELECT"),
                row(
                        Map.of("parent", "weather-stations", "parentFields", "Station Id"),
                        "parameter 'parentFields' value 'Station Id': "
                                + "'Station Id' is not a valid identifier"),
                row(
                        Map.of("parent", "weather-stations", "parentColumns", "station=id"),
                        "parameter 'parentColumns' value 'station=id': "
                                + "column 'station' is not in the schema file"),
                row(
                        Map.of("parent", "weather-stations", "parentColumns", "station_id"),
                        "parameter 'parentColumns' value 'station_id': "
                                + "must be COLUMN=FIELD pairs, e.g. project_id=id"),
                row(
                        Map.of(
                                "parent",
                                "weather-stations",
                                "parentFields",
                                "id",
                                "parentColumns",
                                "station_id=code"),
                        "parameter 'parentColumns' value 'station_id=code': field 'code' is not in parentFields [id]"),
                // rules that need the schema's cursor field
                row(
                        Map.of("schema", NO_CURSOR),
                        "parameter 'cursorParam' value 'since': needs a cursorField in "),
                row(
                        Map.of(
                                "schema",
                                NO_CURSOR,
                                "cursorParam",
                                "",
                                "cursorStart",
                                "2026-01-01T00:00:00Z"),
                        "parameter 'cursorStart' value '2026-01-01T00:00:00Z': needs a cursorField in "),
                row(
                        Map.of("schema", NO_CURSOR, "cursorParam", "", "order", "descending"),
                        "parameter 'order' value 'descending': needs a cursorField in the schema"),
                row(
                        Map.of("schema", NO_CURSOR, "cursorParam", "", "clientFilter", "true"),
                        "parameter 'clientFilter' value 'true': needs a cursorField in the schema"),
                row(
                        Map.of("schema", NUMBER_CURSOR, "lookback", "PT10M"),
                        "parameter 'lookback' value 'PT10M': needs a timestamp cursorField in the schema"),
                row(
                        Map.of(
                                "schema",
                                NUMBER_CURSOR,
                                "cursorParam",
                                "",
                                "window",
                                "P1D",
                                "windowStartParam",
                                "from",
                                "windowEndParam",
                                "to",
                                "cursorStart",
                                "1"),
                        "parameter 'window' value 'P1D': needs a timestamp cursorField in the schema"),
                // deletes at the source
                row(
                        Map.of("deleteMissing", "true"),
                        "parameter 'deleteMissing' value 'true': needs a full read each sync; cursorParam reads only what changed"),
                row(
                        Map.of(
                                "deleteMissing",
                                "true",
                                "cursorParam",
                                "",
                                "schema",
                                NO_CURSOR,
                                "writeMode",
                                "append"),
                        "parameter 'deleteMissing' value 'true': compares each full read with the table by key"),
                row(
                        Map.of(
                                "deleteMissing",
                                "true",
                                "cursorParam",
                                "",
                                "schema",
                                NO_CURSOR,
                                "sink",
                                "jsonl"),
                        "parameter 'deleteMissing' value 'true': needs sink jdbc"),
                row(
                        Map.of("deleteMissing", "true", "cursorParam", ""),
                        "parameter 'deleteMissing' value 'true': needs a full read each sync, but the schema "
                                + "routes/weather-observations.schema.yaml has cursorField 'observed_at'"),
                row(
                        Map.of("deleteMissing", "true", "cursorParam", "", "parent", "stations"),
                        "parameter 'deleteMissing' value 'true': needs a full read each sync; a child stream"),
                row(
                        Map.of("schema", FLAGGED, "cursorParam", "", "sink", "jsonl"),
                        "parameter 'schema' value '"
                                + FLAGGED
                                + "': deletes at the source need sink jdbc: a jsonl sink writes new files"),
                row(
                        Map.of("schema", FLAGGED, "cursorParam", "", "writeMode", "append"),
                        "parameter 'writeMode' value 'append': cannot take the schema's deletedWhen"),
                row(
                        Map.of("schema", FLAGGED, "cursorParam", "", "sink", "parquet"),
                        "parameter 'schema' value '"
                                + FLAGGED
                                + "': deletes at the source need sink jdbc: a parquet sink writes new files"),
                row(
                        Map.of("deleteMissing", "true", "cursorParam", "", "sink", "parquet"),
                        "parameter 'deleteMissing' value 'true': deletes at the source need sink jdbc"),
                row(
                        Map.of(
                                "schema",
                                "examples/shopify-orders/shopify-orders.schema.yaml",
                                "sink",
                                "parquet"),
                        "parameter 'sink' value 'parquet': the schema file examples/shopify-orders/shopify-orders.schema.yaml"
                                + " declares 'children' (child tables), which only sink jdbc writes"),
                row(
                        Map.of("writeMode", "delete", "cursorParam", "", "sink", "csv"),
                        "parameter 'writeMode' value 'delete': applies to sink jdbc"),
                // unknown names
                row(
                        Map.of("pageSzie", "500"),
                        "parameter 'pageSzie' value '500': is not a parameter of template http-to-jdbc (did you mean 'pageSize'?)"));
    }

    static Arguments row(Map<String, String> changes, String message) {
        return Arguments.of(changes, message);
    }

    @BeforeAll
    static void startCamel() throws Exception {
        Files.writeString(
                dir.resolve("no-cursor.schema.yaml"),
                "primaryKey: [id]\ncolumns:\n  id: {type: string, required: true}\n");
        Files.writeString(
                dir.resolve("number-cursor.schema.yaml"),
                "primaryKey: [id]\ncursorField: seq\ncolumns:\n  id: {type: string, required: true}\n  seq: {type: integer, required: true}\n");
        tributary = new ConnectorHarness(Database.h2()).start();
    }

    @AfterAll
    static void stopCamel() throws Exception {
        tributary.close();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("invalidConfigurations")
    void anInvalidConfigurationStopsTheConnectorNamingParameterValueAndProblem(
            Map<String, String> changes, String message) {
        String id = "bad-" + IDS.incrementAndGet();
        // a map of strings, not a ConnectorSpec: some rows name parameters that are not declared
        Map<String, String> p = new LinkedHashMap<>();
        p.put("url", "http://127.0.0.1:9/v1/observations");
        p.put("auth", "api-key-query");
        p.put("authName", "apikey");
        p.put("authSecret", "key-123");
        p.put("recordsPath", "/observations");
        p.put("cursorParam", "since");
        p.put("schema", "routes/weather-observations.schema.yaml");
        p.put("table", "weather_observations");
        p.putAll(changes);
        p.replace("schema", NO_CURSOR, dir.resolve("no-cursor.schema.yaml").toString());
        p.replace("schema", NUMBER_CURSOR, dir.resolve("number-cursor.schema.yaml").toString());

        Exception e = assertThrows(Exception.class, () -> tributary.add(id, p));

        String messages = HttpToJdbcTemplateTest.messages(e);
        assertTrue(messages.contains("connector '" + id + "': " + message), messages);
    }
}
