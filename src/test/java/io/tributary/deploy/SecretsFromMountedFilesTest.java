package io.tributary.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.Tributary;
import io.tributary.demo.WeatherApiServer;
import io.tributary.demo.WeatherApiSettings;
import io.tributary.support.Database;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets as files, the way the image and the Camel K manifests hand them over: a folder with one
 * file per setting (as Kubernetes mounts a Secret), named by the environment variable {@code
 * TRIBUTARY_SETTINGS_DIRS}, wins over application.properties. Runs a child JVM, since only a new
 * process gets a new environment.
 */
class SecretsFromMountedFilesTest {
    static final String KEY = "key-only-in-a-mounted-file-41";

    @TempDir Path dir;

    @Test
    void aSecretMountedAsAFileReachesTheConnectorAndStaysOutOfTheLogs() throws Exception {
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(
                secrets.resolve("weather.api-key"),
                KEY); // Kubernetes writes no trailing newline either
        WeatherApiServer api =
                new WeatherApiServer(
                        new WeatherApiSettings(
                                0, KEY, 1000, Duration.ofMinutes(10), Duration.ofHours(6)),
                        Clock.systemUTC());
        api.start();
        try {
            Database db = Database.h2File(dir);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb =
                    new ProcessBuilder(
                            java,
                            "-cp",
                            System.getProperty("java.class.path"),
                            Tributary.class.getName(),
                            "--once",
                            "--tributary.demo.enabled=false",
                            "--weather.base-url=" + api.baseUrl(),
                            "--camel.main.routes-include-pattern=file:routes/weather-observations.camel.yaml",
                            "--tributary.db.url=" + db.url);
            pb.environment().remove("WEATHER_API_KEY");
            pb.environment().put("TRIBUTARY_SETTINGS_DIRS", secrets.toString());
            pb.redirectErrorStream(true);
            File log = new File("target/secrets-from-files.log");
            pb.redirectOutput(log);
            Process p = pb.start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));

            String output = Files.readString(log.toPath());
            assertEquals(
                    Tributary.OK,
                    p.exitValue(),
                    "application.properties alone has the demo key, which this API refuses; see "
                            + log);
            assertTrue(
                    output.contains("sync connector=weather-observations outcome=success"), output);
            assertFalse(output.contains(KEY), "the key from the file is never logged");
            assertTrue(api.requests().stream().allMatch(r -> KEY.equals(r.query().get("apikey"))));
        } finally {
            api.stop();
        }
    }
}
