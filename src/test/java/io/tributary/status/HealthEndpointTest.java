package io.tributary.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.Tributary;
import io.tributary.support.Database;
import io.tributary.support.FreePort;
import io.tributary.support.PagedApi;
import io.tributary.support.PagedApi.Reply;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /observe/health/*} of a running Tributary whose one connector the source refuses with a
 * JSON body: read with a JSON parser, the reason is one plain string, its URL and quotes as the
 * failure line has them, and {@code ?data=true} gives the check's details as typed fields.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealthEndpointTest {
    static final String REFUSAL = "{\"error\":\"invalid_api_key\"}";
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();
    final Database db = Database.h2();
    PagedApi api;
    Tributary tributary;
    Thread running;
    int port;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        api = new PagedApi(r -> Reply.status(401, REFUSAL, Map.of()));
        Files.writeString(
                dir.resolve("refused.camel.yaml"),
                String.join(
                        "\n",
                        "- templatedRoute:",
                        "    routeTemplateRef: http-to-jdbc",
                        "    parameters:",
                        "      - {name: connector, value: refused}",
                        "      - {name: schedule, value: \"timer:refused?repeatCount=1&delay=10\"}",
                        "      - {name: url, value: \"" + api.baseUrl() + "/items\"}",
                        "      - {name: pagination, value: none}",
                        "      - {name: recordsPath, value: /items}",
                        "      - {name: schema, value: src/test/resources/paging/items.schema.yaml}",
                        "      - {name: table, value: items}",
                        ""));
        port = FreePort.next();
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--tributary.demo.enabled=false",
                                "--camel.main.routes-include-pattern=file:" + dir + "/*.camel.yaml",
                                "--camel.management.port=" + port,
                                "--camel.management.host=127.0.0.1",
                                "--tributary.health.max-failures=1"));
        args.addAll(db.options());
        tributary = new Tributary();
        running = new Thread(() -> tributary.run(args.toArray(String[]::new)), "tributary-health");
        running.start();
        await("the connector's check DOWN");
    }

    @AfterAll
    void stop() throws Exception {
        if (tributary != null) {
            tributary.stop();
            running.join(30_000);
        }
        api.close();
    }

    @Test
    void theReasonIsOnePlainStringWithItsUrlAndQuotesAsTheyWere() throws Exception {
        HttpResponse<String> ready = get("/observe/health/ready");
        assertEquals(503, ready.statusCode(), ready.body());
        assertTrue(
                ready.headers()
                        .firstValue("Content-Type")
                        .orElse("")
                        .startsWith("application/json"));
        JsonNode root = JSON.readTree(ready.body());
        assertEquals("DOWN", root.path("status").asText());
        JsonNode check = check(root, "connector:refused");
        assertEquals("DOWN", check.path("status").asText());
        JsonNode message = check.path("message");
        assertTrue(message.isTextual(), check.toString());
        assertTrue(
                message.asText().startsWith("the last 1 syncs failed; the latest: "),
                message.asText());
        assertTrue(message.asText().contains("HTTP 401"), message.asText());
        assertTrue(
                message.asText().contains("http://127.0.0.1:" + api.port() + "/items"),
                message.asText());
        assertTrue(message.asText().contains(REFUSAL), message.asText());
        assertFalse(message.asText().contains("\\"), "nothing is escaped twice: " + message);
        assertTrue(check.path("data").isMissingNode(), "details only when asked, as Camel's");
    }

    @Test
    void dataTrueGivesTheChecksDetailsAsTypedFields() throws Exception {
        JsonNode check =
                check(
                        JSON.readTree(get("/observe/health/ready?data=true").body()),
                        "connector:refused");
        JsonNode data = check.path("data");
        assertEquals("refused", data.path("connector").asText(), check.toString());
        assertTrue(data.path("consecutive.failures").isNumber(), check.toString());
        assertEquals(1, data.path("consecutive.failures").asInt());
        JsonNode error = data.path("last.error");
        assertTrue(error.isTextual(), check.toString());
        assertTrue(
                error.asText().contains(REFUSAL) && !error.asText().contains("\\"), error.asText());
        assertTrue(check.path("message").asText().endsWith(error.asText()));
    }

    @Test
    void livenessStaysUpAndTheWholeHealthSaysDown() throws Exception {
        HttpResponse<String> live = get("/observe/health/live");
        assertEquals(200, live.statusCode(), live.body());
        assertEquals("UP", JSON.readTree(live.body()).path("status").asText());

        HttpResponse<String> all = get("/observe/health");
        assertEquals(503, all.statusCode(), all.body());
        check(JSON.readTree(all.body()), "connector:refused");
    }

    @Test
    void onelineIsTheStatusAlone() throws Exception {
        JsonNode root = JSON.readTree(get("/observe/health/ready?exposureLevel=oneline").body());
        assertEquals(List.of("status"), List.copyOf(iterable(root.fieldNames())));
        assertEquals("DOWN", root.path("status").asText());
    }

    @Test
    void fullListsTheChecksThatAreUpToo() throws Exception {
        JsonNode root = JSON.readTree(get("/observe/health?exposureLevel=full").body());
        boolean anyUp = false;
        for (JsonNode c : root.path("checks")) {
            anyUp |= c.path("status").asText().equals("UP");
        }
        assertTrue(anyUp, "Camel's own context check is UP: " + root);
    }

    static JsonNode check(JsonNode root, String name) {
        for (JsonNode c : root.path("checks")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError(name + " not in " + root);
    }

    static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> list = new ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    void await(String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = get("/observe/health/ready");
                if (r.statusCode() == 503 && r.body().contains("connector:refused")) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // the management server starts with Camel
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
