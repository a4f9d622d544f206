package io.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.Tributary;
import io.tributary.demo.WeatherApiServer;
import io.tributary.demo.WeatherApiSettings;
import io.tributary.support.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code TRIBUTARY_LOG_LEVEL} as an operator sets it, in the environment of a real {@code tributary
 * check} process: WARN or ERROR never make the command chattier than no setting at all; INFO asks
 * for Camel's start-up lines and gets them.
 */
class CheckLogLevelTest {
    static final String KEY = "level-key-8812";
    static final Pattern LOG_LINE = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\S+ (\\w+) +\\[");
    WeatherApiServer api;
    @TempDir Path dir;

    @BeforeEach
    void start() throws IOException {
        api =
                new WeatherApiServer(
                                new WeatherApiSettings(
                                        0, KEY, 1000, Duration.ofMinutes(10), Duration.ofHours(2)),
                                new MutableClock(Instant.parse("2026-11-20T06:00:10Z")))
                        .start();
        Files.writeString(dir.resolve("good.camel.yaml"), CheckCommandTest.route("good"));
    }

    @AfterEach
    void stop() {
        api.stop();
    }

    /** The output of {@code tributary check} run with TRIBUTARY_LOG_LEVEL=level (null: unset). */
    List<String> check(String level) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb =
                new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        Tributary.class.getName(),
                        "check",
                        "--camel.main.routes-include-pattern=file:" + dir + "/*.camel.yaml",
                        "--tributary.demo.enabled=false",
                        "--tributary.db.url=jdbc:h2:mem:check",
                        "--weather.base-url=" + api.baseUrl(),
                        "--weather.api-key=" + KEY);
        pb.environment().remove("TRIBUTARY_LOG_LEVEL");
        if (level != null) {
            pb.environment().put("TRIBUTARY_LOG_LEVEL", level);
        }
        pb.redirectErrorStream(true);
        Process process = pb.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(Tributary.OK, process.exitValue(), out);
        return out.lines().collect(Collectors.toList());
    }

    static List<String> logLinesAt(List<String> lines, String... levels) {
        List<String> wanted = List.of(levels);
        return lines.stream()
                .filter(
                        l -> {
                            var m = LOG_LINE.matcher(l);
                            return m.find() && wanted.contains(m.group(1));
                        })
                .collect(Collectors.toList());
    }

    @Test
    void warnOrErrorKeepTheCheckAsQuietAsTheDefault() throws Exception {
        List<String> quiet = check(null);
        assertTrue(quiet.stream().anyMatch(l -> l.contains("ok   connector 'good'")), "" + quiet);
        assertEquals(List.of(), logLinesAt(quiet, "INFO", "DEBUG"), "the default is quiet");

        for (String level : List.of("WARN", "warn", "ERROR")) {
            List<String> out = check(level);
            assertEquals(List.of(), logLinesAt(out, "INFO", "DEBUG"), level + ": " + out);
            assertEquals(quiet.size(), out.size(), level + ": " + out + "\nvs\n" + quiet);
        }
    }

    @Test
    void infoKeepsCamelsStartUpLines() throws Exception {
        List<String> out = check("INFO");
        assertTrue(
                logLinesAt(out, "INFO").stream().anyMatch(l -> l.contains("Apache Camel")),
                "" + out);
        assertTrue(out.stream().anyMatch(l -> l.contains("ok   connector 'good'")), "" + out);
    }
}
