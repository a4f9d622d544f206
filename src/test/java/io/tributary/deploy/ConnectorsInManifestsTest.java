package io.tributary.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.tributary.Tributary;
import io.tributary.demo.RecordedRequest;
import io.tributary.support.Database;
import io.tributary.support.LogCapture;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The connectors shipped inside the manifests' ConfigMaps run: mounted into a folder as Kubernetes
 * would, started through Tributary with {@code --once}. The GitHub issues connector pages through a
 * loopback stand-in for {@code api.github.com} that answers as GitHub does: a bare JSON array,
 * {@code page}/{@code per_page}, {@code since} on {@code updated_at}, a bearer token. The GitHub
 * issues Pipe runs too, rendered as the Camel K operator renders it.
 */
class ConnectorsInManifestsTest {
    static final String TOKEN = "ghp_test_token_0123456789";
    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The Pipe's schedule in a test: --once does not reach a schedule inside a Kamelet (the route
     * is the Pipe's {@code from: kamelet:...}), so the run starts on a one-shot timer and is
     * stopped.
     */
    static final String ONE_SHOT = "timer:github-issues?repeatCount=1";

    @TempDir Path dir;

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "kubernetes/plain, tributary-routes",
        "kubernetes/camel-k, tributary-github-routes"
    })
    void theGithubIssuesConnectorLoadsEveryIssueUpdatedSinceItsStart(
            String folder, String configMap) throws Exception {
        List<ObjectNode> issues = issues(250);
        List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
        HttpServer github = github("/repos/apache/camel/issues", issues, requests);
        try {
            Path routes =
                    Manifests.mount(
                            Manifests.named(Manifests.in(folder), "ConfigMap", configMap),
                            dir.resolve("routes"));
            Path route = routes.resolve("github-issues.camel.yaml");
            Files.writeString(
                    route,
                    Files.readString(route)
                            .replace(
                                    "https://api.github.com",
                                    "http://127.0.0.1:" + github.getAddress().getPort())
                            .replace(
                                    "routes/github-issues.schema.yaml",
                                    routes.resolve("github-issues.schema.yaml").toString()));
            Database db = Database.h2();
            List<String> args =
                    new ArrayList<>(
                            List.of(
                                    "--once",
                                    "--tributary.demo.enabled=false",
                                    "--github.token=" + TOKEN,
                                    "--camel.main.routes-include-pattern=file:"
                                            + routes
                                            + "/*.camel.yaml"));
            args.addAll(db.options());

            int exit;
            try (LogCapture logs = LogCapture.open()) {
                exit = new Tributary().run(args.toArray(String[]::new));
                assertTrue(
                        logs.linesContaining(TOKEN).isEmpty(),
                        "the token never appears in the logs");
            }

            assertEquals(Tributary.OK, exit);
            long expected =
                    issues.stream()
                            .filter(
                                    i ->
                                            i.get("updated_at")
                                                            .asText()
                                                            .compareTo("2026-01-01T00:00:00Z")
                                                    >= 0)
                            .count();
            assertEquals(expected, db.count("SELECT COUNT(*) FROM github_issues"));
            assertEquals(
                    issues.get(issues.size() - 1).get("updated_at").asText(),
                    db.cursor("github-issues"));
            long pullRequests =
                    issues.stream()
                            .filter(
                                    i ->
                                            i.get("updated_at")
                                                            .asText()
                                                            .compareTo("2026-01-01T00:00:00Z")
                                                    >= 0)
                            .filter(i -> i.has("pull_request"))
                            .count();
            assertTrue(
                    expected < issues.size(), "issues updated before the cursor's start stay out");
            assertEquals(
                    pullRequests,
                    db.count("SELECT COUNT(*) FROM github_issues WHERE pull_request IS NOT NULL"));
            assertEquals(
                    "user100", db.single("SELECT author FROM github_issues WHERE number = 100"));
            assertTrue(
                    requests.stream()
                            .allMatch(
                                    r ->
                                            "updated".equals(r.query().get("sort"))
                                                    && "asc".equals(r.query().get("direction"))
                                                    && "100".equals(r.query().get("per_page"))),
                    "oldest update first, 100 a page: " + requests);
        } finally {
            github.stop(0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"tributary-demo-routes"})
    void theCamelKDemoConnectorRunsOnceAgainstTheDemoApi(String configMap) throws Exception {
        Path routes =
                Manifests.mount(
                        Manifests.named(Manifests.in("kubernetes/camel-k"), "ConfigMap", configMap),
                        dir.resolve("routes"));
        Path route = routes.resolve("weather-observations.camel.yaml");
        Files.writeString(
                route,
                Files.readString(route)
                        .replace(
                                "routes/weather-observations.schema.yaml",
                                routes.resolve("weather-observations.schema.yaml").toString()));
        Database db = Database.h2();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--once",
                                "--tributary.demo.port=" + port,
                                "--tributary.demo.history=PT6H",
                                "--camel.main.routes-include-pattern=file:"
                                        + routes
                                        + "/*.camel.yaml"));
        args.addAll(db.options());

        assertEquals(Tributary.OK, new Tributary().run(args.toArray(String[]::new)));
        assertTrue(db.count("SELECT COUNT(*) FROM weather_observations") > 3000);
    }

    /**
     * The GitHub issues Pipe as the Camel K operator renders it: the route it generates (id {@code
     * binding}, from the source Kamelet to the sink Kamelet) in {@code /etc/camel/sources/}, the
     * Pipe's properties as {@code camel.kamelet.NAME.ID.*} in {@code
     * /etc/camel/application.properties}, read through the manifest's {@code
     * CAMEL_MAIN_PROPERTY_PLACEHOLDER_LOCATION} (a system property here), the settings ConfigMap as
     * settings and the schemas ConfigMap mounted; GitHub answers newest created first, as without
     * {@code sort=updated}. The schedule is {@link #ONE_SHOT}.
     */
    @Test
    void theGithubIssuesPipeAsTheOperatorRendersItLoadsEveryIssueUpdatedSinceItsStart()
            throws Exception {
        List<Manifests.Doc> docs = Manifests.in("kubernetes/camel-k");
        Manifests.Doc pipe = Manifests.named(docs, "Pipe", "tributary-github-issues-pipe");
        List<ObjectNode> issues = issues(250);
        List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
        HttpServer github = github("/repos/OWNER/REPO/issues", issues, requests);
        String location = "camel.main.property-placeholder-location";
        try {
            Path etc = Files.createDirectories(dir.resolve("etc/camel"));
            Path app = dir.resolve("app"); // the container's /app, mounts only
            Path sources = Files.createDirectories(etc.resolve("sources"));
            Files.writeString(
                    sources.resolve("camel-k-embedded-flow.yaml"),
                    String.join(
                            "\n",
                            "- route:",
                            "    id: binding",
                            "    from:",
                            "      uri: kamelet:"
                                    + pipe.node.at("/spec/source/ref/name").asText()
                                    + "/source",
                            "      steps:",
                            "        - to: kamelet:"
                                    + pipe.node.at("/spec/sink/ref/name").asText()
                                    + "/sink",
                            ""));
            CamelKPipesTest.mounts(pipe)
                    .forEach(
                            (resource, folder) -> {
                                if (resource.startsWith("configmap:")) {
                                    try {
                                        Manifests.mount(
                                                Manifests.named(
                                                        docs,
                                                        "ConfigMap",
                                                        resource.substring("configmap:".length())),
                                                dir.resolve(folder.substring(1)));
                                    } catch (java.io.IOException e) {
                                        throw new java.io.UncheckedIOException(e);
                                    }
                                }
                            });
            java.util.Properties properties = new java.util.Properties();
            for (String slot : List.of("source", "sink")) {
                String kamelet = pipe.node.at("/spec/" + slot + "/ref/name").asText();
                pipe.node
                        .at("/spec/" + slot + "/properties")
                        .fields()
                        .forEachRemaining(
                                p ->
                                        properties.setProperty(
                                                "camel.kamelet."
                                                        + kamelet
                                                        + "."
                                                        + slot
                                                        + "."
                                                        + p.getKey(),
                                                p.getKey().equals("schema")
                                                        ? app.resolve(p.getValue().asText())
                                                                .toString()
                                                        : p.getKey().equals("schedule")
                                                                ? ONE_SHOT
                                                                : p.getValue()
                                                                        .asText()
                                                                        .replace(
                                                                                "https://api.github.com",
                                                                                "http://127.0.0.1:"
                                                                                        + github.getAddress()
                                                                                                .getPort())));
            }
            try (var out = Files.newBufferedWriter(etc.resolve("application.properties"))) {
                properties.store(out, "as the operator writes the Pipe's properties");
            }
            // the image's /app/application.properties is the repository's
            System.setProperty(
                    location,
                    CamelKPipesTest.variables(pipe)
                            .get("CAMEL_MAIN_PROPERTY_PLACEHOLDER_LOCATION")
                            .replace("file:/app/", "file:")
                            .replace("file:/etc/camel/", "file:" + etc + "/"));
            Database db = Database.h2();
            List<String> args =
                    new ArrayList<>(
                            List.of(
                                    "--camel.management.enabled=false",
                                    "--github.token=" + TOKEN)); // the Secret
            args.addAll(db.options());
            PlainKubernetesManifestsTest.typed(
                            Manifests.named(docs, "ConfigMap", "tributary-github-pipe-settings"),
                            io.fabric8.kubernetes.api.model.ConfigMap.class)
                    .getData()
                    .forEach(
                            (key, value) -> {
                                // not the cluster's database, Quartz cluster and management port
                                if (!key.startsWith("tributary.db.")
                                        && !key.equals("tributary.cluster.enabled")
                                        && !key.startsWith("camel.management.")) {
                                    args.add(
                                            "--"
                                                    + key
                                                    + "="
                                                    + value.replace("/etc/camel/", etc + "/"));
                                }
                            });

            String last = issues.get(issues.size() - 1).get("updated_at").asText();
            int[] exit = {-1};
            try (LogCapture logs = LogCapture.open()) {
                Tributary tributary = new Tributary();
                Thread run = new Thread(() -> exit[0] = tributary.run(args.toArray(String[]::new)));
                run.start();
                long deadline =
                        System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
                while (run.isAlive()
                        && System.nanoTime() < deadline
                        && !last.equals(db.cursor("github-issues"))) {
                    Thread.sleep(100);
                }
                tributary.stop();
                run.join(60_000);
                assertTrue(
                        logs.linesContaining(TOKEN).isEmpty(),
                        "the token never appears in the logs");
            }

            assertEquals(Tributary.OK, exit[0]);
            String start = pipe.node.at("/spec/source/properties/cursorStart").asText();
            long expected =
                    issues.stream()
                            .filter(i -> i.get("updated_at").asText().compareTo(start) >= 0)
                            .count();
            assertTrue(expected < issues.size(), "issues updated before the start stay out");
            assertEquals(expected, db.count("SELECT COUNT(*) FROM github_issues"));
            assertEquals(
                    last,
                    db.cursor("github-issues"),
                    "the cursor is kept under the Pipe's connector id, not its route's (binding in every Pipe)");
            assertTrue(
                    requests.size() >= 3
                            && requests.stream()
                                    .allMatch(
                                            r ->
                                                    r.query().get("sort") == null
                                                            && "100"
                                                                    .equals(
                                                                            r.query()
                                                                                    .get(
                                                                                            "per_page"))),
                    "newest created first, 100 a page: " + requests);
        } finally {
            System.clearProperty(location);
            github.stop(0);
        }
    }

    /**
     * A loopback stand-in for {@code api.github.com} serving {@code issues} at {@code path} as
     * GitHub does: a bare JSON array, {@code page}/{@code per_page}, {@code since} on {@code
     * updated_at}, newest created first unless {@code sort=updated&direction=asc}, a Link header to
     * the next page, the bearer {@link #TOKEN}; started.
     */
    static HttpServer github(String path, List<ObjectNode> issues, List<RecordedRequest> requests)
            throws java.io.IOException {
        HttpServer github = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        github.createContext(
                path,
                exchange -> {
                    RecordedRequest r = RecordedRequest.of(exchange);
                    requests.add(r);
                    byte[] body;
                    int status = 200;
                    if (!("Bearer " + TOKEN).equals(r.header("Authorization"))) {
                        status = 401;
                        body = "{\"message\":\"Bad credentials\"}".getBytes(StandardCharsets.UTF_8);
                    } else {
                        Instant since = Instant.parse(r.query().get("since"));
                        int perPage = Integer.parseInt(r.query().get("per_page"));
                        int page =
                                r.query().get("page") == null
                                        ? 1
                                        : Integer.parseInt(r.query().get("page"));
                        // GitHub's order: sort=created (default) or updated, direction=desc
                        // (default) or asc
                        String field =
                                "updated".equals(r.query().get("sort"))
                                        ? "updated_at"
                                        : "created_at";
                        java.util.Comparator<ObjectNode> order =
                                java.util.Comparator.comparing(
                                                (ObjectNode i) -> i.get(field).asText())
                                        .thenComparing(i -> i.get("id").asLong());
                        List<ObjectNode> matching =
                                issues.stream()
                                        .filter(
                                                i ->
                                                        !Instant.parse(i.get("updated_at").asText())
                                                                .isBefore(since))
                                        .sorted(
                                                "asc".equals(r.query().get("direction"))
                                                        ? order
                                                        : order.reversed())
                                        .collect(Collectors.toList());
                        ArrayNode out = JSON.createArrayNode();
                        matching.stream()
                                .skip((long) (page - 1) * perPage)
                                .limit(perPage)
                                .forEach(out::add);
                        body = JSON.writeValueAsBytes(out);
                        if ((long) page * perPage
                                < matching.size()) { // as GitHub pages: a Link header to the next
                            // page
                            String self =
                                    "http://127.0.0.1:"
                                            + exchange.getLocalAddress().getPort()
                                            + exchange.getRequestURI().getPath();
                            String query =
                                    exchange.getRequestURI()
                                            .getRawQuery()
                                            .replaceAll("(^|&)page=\\d+", "");
                            exchange.getResponseHeaders()
                                    .set(
                                            "Link",
                                            "<"
                                                    + self
                                                    + "?"
                                                    + query
                                                    + "&page="
                                                    + (page + 1)
                                                    + ">; rel=\"next\"");
                        }
                    }
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(status, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
        github.start();
        return github;
    }

    /**
     * Issues as GitHub lists them, oldest update first; a few updated before 2026, every fifth a
     * pull request.
     */
    static List<ObjectNode> issues(int n) {
        List<ObjectNode> issues = new ArrayList<>();
        Instant first = Instant.parse("2025-12-31T23:00:00Z");
        for (int i = 1; i <= n; i++) {
            Instant updated =
                    first.plusSeconds(60L * 20 * (i / 2)); // pairs share an updated_at, as busy
            // repositories do
            ObjectNode issue = JSON.createObjectNode();
            issue.put("id", 3_000_000_000L + i);
            issue.put("number", i);
            issue.put("title", "Issue " + i);
            issue.put("state", i % 3 == 0 ? "closed" : "open");
            issue.set("user", JSON.valueToTree(Map.of("login", "user" + i)));
            issue.set(
                    "labels",
                    JSON.valueToTree(List.of(Map.of("name", i % 2 == 0 ? "bug" : "enhancement"))));
            if (i % 5 == 0) {
                issue.set(
                        "pull_request",
                        JSON.valueToTree(
                                Map.of(
                                        "url",
                                        "https://api.github.com/repos/apache/camel/pulls/" + i)));
            }
            issue.put("comments", i % 4);
            issue.put("created_at", updated.minusSeconds(86_400).toString());
            issue.put("updated_at", updated.toString());
            issue.putNull("closed_at");
            if (i % 3 == 0) {
                issue.put("closed_at", updated.toString());
            }
            issues.add(issue);
        }
        return issues;
    }
}
