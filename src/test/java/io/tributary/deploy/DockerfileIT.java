package io.tributary.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image without a Docker engine (runs after {@code mvn package}): every path the
 * Dockerfile copies exists and passes .dockerignore, the image runs as a non-root user on a base
 * pinned by digest with a health check on the liveness endpoint, and its entrypoint (Temurin's CA
 * step, then the command docs/operations.md documents) runs the packaged JAR from a folder laid out
 * like the image's /app.
 */
class DockerfileIT {
    static final Path DOCKERFILE = Path.of("docker/Dockerfile");

    @Test
    void everyPathTheDockerfileCopiesExistsAfterPackageAndIsNotDockerignored() throws IOException {
        List<String> sources = new ArrayList<>();
        for (List<String> copy : instructions("COPY")) {
            assertFalse(
                    copy.get(0).startsWith("--from"), "no multi-stage copies expected: " + copy);
            sources.addAll(copy.subList(0, copy.size() - 1));
        }
        assertEquals(List.of("target/tributary.jar", "application.properties", "routes/"), sources);
        List<String> ignore =
                Files.readAllLines(Path.of(".dockerignore")).stream()
                        .map(String::trim)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                        .collect(Collectors.toList());
        for (String source : sources) {
            assertTrue(
                    Files.exists(Path.of(source)),
                    source + " is copied by the Dockerfile but does not exist after package");
            assertTrue(
                    ignore.contains("!" + source),
                    source + " must be let through .dockerignore (which starts from '*')");
        }
        assertTrue(
                Files.size(Path.of("target/tributary.jar")) > 1_000_000,
                "target/tributary.jar is the shaded, runnable JAR");
    }

    @Test
    void theImageRunsAsANonRootUserOnAMaintainedJre17PinnedByDigestWithAHealthCheckOnLiveness()
            throws IOException {
        String from = instructions("FROM").get(0).get(0);
        assertTrue(from.startsWith("eclipse-temurin:17-jre"), from);
        assertTrue(
                from.matches(".+@sha256:[0-9a-f]{64}"),
                "the base image is pinned by digest, so a rebuild gets the same JRE: " + from);
        String user = instructions("USER").get(instructions("USER").size() - 1).get(0);
        assertFalse(user.equals("root") || user.startsWith("0"), "USER " + user);
        String text = Files.readString(DOCKERFILE);
        assertTrue(
                text.contains("-XX:MaxRAMPercentage="),
                "heap sized from the container's memory limit");
        String port = instructions("EXPOSE").get(0).get(0);
        assertTrue(
                text.contains("ENV CAMEL_MANAGEMENT_PORT=" + port),
                "the exposed port is the management server's");
        String healthcheck = String.join(" ", instructions("HEALTHCHECK").get(0));
        // one failing source makes the process not ready, never unhealthy: a restart fixes no
        // source
        assertTrue(
                healthcheck.contains(
                        "http://127.0.0.1:${CAMEL_MANAGEMENT_PORT}/observe/health/live"),
                healthcheck);
        assertTrue(
                text.contains("VOLUME [\"/app/data\"]"), "the embedded H2 data lives on a volume");
    }

    @Test
    void theEntrypointKeepsTemurinsCaCertificatesStepAndIsTheOneTheReadmeDocuments()
            throws IOException {
        // Temurin's script adds /certificates/*.crt to the JVM's trust store (USE_SYSTEM_CA_CERTS)
        // and then runs the rest: keep it first, as the base image's ENTRYPOINT is replaced
        assertEquals(TEMURIN_ENTRYPOINT, entrypoint().get(0));
        List<String> entrypoint = javaCommand();
        assertEquals(List.of("java", "-jar", "/app/tributary.jar"), entrypoint);
        assertTrue(
                Files.readString(Path.of("docs/operations.md"))
                        .contains("`" + String.join(" ", entrypoint) + "`"),
                "docs/operations.md documents the image's entrypoint `"
                        + String.join(" ", entrypoint)
                        + "`");
    }

    @Test
    void theEntrypointRunsThePackagedJarInAFolderLaidOutLikeTheImage(@TempDir Path app)
            throws Exception {
        // what the COPY lines put into /app
        Files.copy(Path.of("application.properties"), app.resolve("application.properties"));
        Path routes = Files.createDirectories(app.resolve("routes"));
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path f : files.collect(Collectors.toList())) {
                Files.copy(f, routes.resolve(f.getFileName()));
            }
        }
        List<String> command = new ArrayList<>(javaCommand());
        command.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.set(
                2,
                Path.of("target/tributary.jar")
                        .toAbsolutePath()
                        .toString()); // /app/tributary.jar in the image
        command.addAll(List.of("--once", "--tributary.demo.port=" + freePort()));
        ProcessBuilder pb =
                new ProcessBuilder(command).directory(app.toFile()).redirectErrorStream(true);
        pb.redirectOutput(new File("target/dockerfile-entrypoint.log"));
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "--once finishes");
        assertEquals(0, p.exitValue(), "see target/dockerfile-entrypoint.log");
        assertTrue(
                Files.exists(app.resolve("data/tributary.mv.db")),
                "the embedded H2 database is written under data/ (the volume)");
        assertTrue(
                Files.readString(Path.of("target/dockerfile-entrypoint.log"))
                        .contains("sync connector=weather-observations outcome=success"));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static final String TEMURIN_ENTRYPOINT = "/__cacert_entrypoint.sh";

    /** The entrypoint after Temurin's CA step (which ends with {@code exec "$@"}). */
    static List<String> javaCommand() throws IOException {
        List<String> entrypoint = entrypoint();
        return entrypoint.get(0).equals(TEMURIN_ENTRYPOINT)
                ? entrypoint.subList(1, entrypoint.size())
                : entrypoint;
    }

    static List<String> entrypoint() throws IOException {
        String json = instructions("ENTRYPOINT").get(0).stream().collect(Collectors.joining(" "));
        return Arrays.asList(
                new ObjectMapper().readValue(json, String[].class)); // exec form: a JSON array
    }

    /** The arguments of every instruction with this name, continuation lines joined. */
    static List<List<String>> instructions(String name) throws IOException {
        String text = Files.readString(DOCKERFILE).replaceAll("\\\\\\r?\\n", " ");
        List<List<String>> found = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\s*" + name + "\\s+(.+)$").matcher(text);
        while (m.find()) {
            found.add(Arrays.asList(m.group(1).trim().split("\\s+")));
        }
        assertFalse(found.isEmpty(), "docker/Dockerfile has no " + name);
        return found;
    }
}
