package io.tributary.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A running Tributary whose management server requires basic authentication (Camel's {@code
 * camel.management.authenticationEnabled} with a credentials file, as mounted from a Secret): a
 * real HTTP client on 127.0.0.1 is refused the metrics, the status page and the whole health
 * without credentials and served them with, while the Kubernetes probes' two paths stay open.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManagementAuthTest {
    static final String USER = "ops";
    static final String PASSWORD = "s3cret-for-the-scrape";
    final HttpClient http = HttpClient.newHttpClient();
    final Database db = Database.h2();
    PagedApi api;
    Tributary tributary;
    Thread running;
    int port;

    @BeforeAll
    void start(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        api = new PagedApi(r -> Reply.json(Map.of("items", List.of())));
        Files.writeString(
                dir.resolve("quiet.camel.yaml"),
                String.join(
                        "\n",
                        "- templatedRoute:",
                        "    routeTemplateRef: http-to-jdbc",
                        "    parameters:",
                        "      - {name: connector, value: quiet}",
                        "      - {name: schedule, value: \"timer:quiet?repeatCount=1&delay=10\"}",
                        "      - {name: url, value: \"" + api.baseUrl() + "/items\"}",
                        "      - {name: pagination, value: none}",
                        "      - {name: recordsPath, value: /items}",
                        "      - {name: schema, value: src/test/resources/paging/items.schema.yaml}",
                        "      - {name: table, value: items}",
                        ""));
        // Vert.x's property-file format, as a Secret's key would hold it
        Path users =
                Files.writeString(
                        dir.resolve("management-users.properties"),
                        "user." + USER + "=" + PASSWORD + ",scraper\nrole.scraper=*\n");
        port = FreePort.next();
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--tributary.demo.enabled=false",
                                "--camel.main.routes-include-pattern=file:" + dir + "/*.camel.yaml",
                                "--camel.management.port=" + port,
                                "--camel.management.host=127.0.0.1",
                                "--camel.management.authenticationEnabled=true",
                                "--camel.management.basicPropertiesFile=" + users));
        args.addAll(db.options());
        tributary = new Tributary();
        running = new Thread(() -> tributary.run(args.toArray(String[]::new)), "tributary-auth");
        running.start();
        awaitStatusPage();
    }

    @AfterAll
    void stop() throws Exception {
        if (tributary != null) {
            tributary.stop();
            running.join(30_000);
        }
        api.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/observe/metrics", "/observe/status", "/observe/health"})
    void withoutCredentialsTheManagementPathIsRefused(String path) throws Exception {
        HttpResponse<String> r = get(path, null);
        assertEquals(401, r.statusCode(), path + ": " + r.body());
        assertTrue(
                r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"),
                r.headers().map().toString());
        assertFalse(r.body().contains("quiet"), "nothing of the connectors is shown");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/observe/metrics", "/observe/status", "/observe/health"})
    void withWrongCredentialsTheManagementPathIsRefused(String path) throws Exception {
        assertEquals(401, get(path, USER + ":not-the-password").statusCode(), path);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/observe/metrics", "/observe/status", "/observe/health"})
    void withCredentialsTheManagementPathIsServed(String path) throws Exception {
        HttpResponse<String> r = get(path, USER + ":" + PASSWORD);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/observe/health/live", "/observe/health/ready"})
    void theProbesPathsStayOpenForTheKubelet(String path) throws Exception {
        HttpResponse<String> r = get(path, null);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        assertTrue(r.body().contains("\"status\":\"UP\""), r.body());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/observe/health/live", "/observe/health/ready"})
    void theProbesPathsShowNoMoreThanTheirStatusWithoutCredentials(String path) throws Exception {
        HttpResponse<String> r = get(path + "?exposureLevel=full&data=true", null);
        assertEquals("{\"status\":\"UP\"}", r.body().strip());
    }

    @org.junit.jupiter.api.Test
    void authenticationWithoutACredentialsFileStopsStartUpInsteadOfServingEveryone()
            throws Exception {
        try (io.tributary.support.LogCapture log = io.tributary.support.LogCapture.open()) {
            Tributary t = new Tributary();
            int exit = t.run(startArgs("--camel.management.authenticationEnabled=true"));

            assertEquals(Tributary.BAD_USAGE, exit, log.all());
            assertTrue(
                    t.lastProblem().startsWith("setting 'camel.management.authenticationEnabled'"),
                    t.lastProblem());
            assertTrue(t.lastProblem().contains("camel.management.basicPropertiesFile"));
        }
    }

    @org.junit.jupiter.api.Test
    void aCredentialsFileThatIsNotThereStopsStartUpNamingTheSettingAndPath(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path missing = dir.resolve("users.properties");
        Tributary t = new Tributary();
        int exit =
                t.run(
                        startArgs(
                                "--camel.management.authenticationEnabled=true",
                                "--camel.management.basicPropertiesFile=" + missing));

        assertEquals(Tributary.BAD_USAGE, exit);
        assertTrue(
                t.lastProblem().startsWith("setting 'camel.management.basicPropertiesFile'"),
                t.lastProblem());
        assertTrue(t.lastProblem().contains(missing.toString()), t.lastProblem());
    }

    /** A run that keeps running (the management server's checks apply), on another port. */
    String[] startArgs(String... extra) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--tributary.demo.enabled=false",
                                "--camel.main.routes-include-pattern=file:routes/*.camel.yaml",
                                "--camel.management.port=" + FreePort.next(),
                                "--camel.management.host=127.0.0.1"));
        args.addAll(db.options());
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    HttpResponse<String> get(String path, String credentials)
            throws IOException, InterruptedException {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10));
        if (credentials != null) {
            b.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The status page is mounted after Camel started; until then its path is not found. */
    void awaitStatusPage() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (get(StatusPage.PATH, USER + ":" + PASSWORD).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // the management server starts with Camel
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for the status page");
    }
}
