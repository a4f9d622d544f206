package io.tributary.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shipped alert rules under Prometheus's own tools: {@code promtool check rules} on each rules
 * file, {@code promtool test rules} on each rule's test file (a firing and a quiet case each).
 * Promtool comes with Debian's {@code prometheus} package, which {@code .ci/run} installs; without
 * it these tests fail, they do not skip.
 */
class AlertRulesTest {
    private static final Path RULES = Path.of("monitoring/prometheus");
    private static final Path TESTS = RULES.resolve("tests");

    @Test
    void everyRulesFilePassesPromtoolsCheck() throws IOException {
        List<Path> files = rulesFiles();
        assertTrue(!files.isEmpty(), "no *.yml under " + RULES);
        for (Path file : files) {
            promtool("check", "rules", file.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("testFiles")
    void eachRulesTestPassesUnderPromtool(Path testFile) {
        promtool("test", "rules", testFile.toString());
    }

    @Test
    void everyAlertHasItsOwnTestFileWithAFiringAndAQuietCase() throws IOException {
        TreeSet<String> alerts = new TreeSet<>();
        for (Path file : rulesFiles()) {
            alerts.addAll(MonitoringFiles.alertNames(file));
        }
        TreeSet<String> tested = new TreeSet<>();
        for (Path testFile : testFiles().toList()) {
            String alert = testFile.getFileName().toString().replace(".test.yml", "");
            tested.add(alert);
            int firing = 0;
            int quiet = 0;
            for (JsonNode check : alertChecks(testFile)) {
                assertEquals(
                        alert,
                        check.path("alertname").asText(),
                        testFile + " tests only the alert it is named after");
                if (check.path("exp_alerts").isEmpty()) {
                    quiet++;
                } else {
                    firing++;
                }
            }
            assertTrue(firing > 0, testFile + " has no case where " + alert + " fires");
            assertTrue(quiet > 0, testFile + " has no case where " + alert + " stays quiet");
        }
        assertEquals(alerts, tested, "one <Alert>.test.yml in " + TESTS + " per alert rule");
    }

    @Test
    void aProcessThatIsNotScrapedIsAlertedOn() throws IOException {
        List<String> alerts = MonitoringFiles.alertNames(RULES.resolve("tributary-alerts.yml"));
        assertTrue(alerts.contains("TributaryDown"), alerts.toString());
        assertTrue(alerts.contains("TributaryAbsent"), alerts.toString());
    }

    static Stream<Path> testFiles() throws IOException {
        try (Stream<Path> files = Files.list(TESTS)) {
            List<Path> found =
                    files.filter(p -> p.getFileName().toString().endsWith(".test.yml"))
                            .sorted()
                            .toList();
            return found.stream();
        }
    }

    private static List<Path> rulesFiles() throws IOException {
        try (Stream<Path> files = Files.list(RULES)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".yml")).sorted().toList();
        }
    }

    private static List<JsonNode> alertChecks(Path testFile) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(testFile.toFile());
        List<JsonNode> checks = new ArrayList<>();
        for (JsonNode test : root.path("tests")) {
            test.path("alert_rule_test").forEach(checks::add);
        }
        return checks;
    }

    /** Runs promtool and fails with its output unless it exits 0. */
    private static void promtool(String... args) {
        List<String> command = new ArrayList<>();
        command.add("promtool"); // from the PATH
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("promtool", ".out");
            Process p =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(out.toFile())
                            .start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("promtool did not finish in 120 s: " + command);
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            Files.delete(out);
            assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + output);
        } catch (IOException e) {
            throw new AssertionError(
                    "cannot run promtool: "
                            + e.getMessage()
                            + ". It comes with Debian's prometheus package: apt-get install -y"
                            + " --no-install-recommends prometheus (.ci/run does this), or the"
                            + " promtool binary from https://prometheus.io/download/ on the PATH",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
