package io.tributary.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.Tributary;
import io.tributary.demo.WeatherApiServer;
import io.tributary.demo.WeatherApiSettings;
import io.tributary.support.Database;
import io.tributary.support.SecretsManagerApi;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connector's secret kept in AWS Secrets Manager and read through Camel's own properties function
 * ({@code {{aws:SECRET#FIELD}}}, camel-aws-secrets-manager) with the {@code camel.vault.aws.*}
 * settings, against an imitation of the service on 127.0.0.1. Runs a child JVM, as Tributary's main
 * reads its settings once per process.
 */
class SecretsFromAwsSecretsManagerTest {
    static final String KEY = "key-only-in-secrets-manager-73";
    static final String AWS_SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    @TempDir Path dir;
    WeatherApiServer api;
    SecretsManagerApi secretsManager;

    @BeforeEach
    void anApiThatTakesOnlyTheKeyInSecretsManager() throws Exception {
        api =
                new WeatherApiServer(
                        new WeatherApiSettings(
                                0, KEY, 1000, Duration.ofMinutes(10), Duration.ofHours(6)),
                        Clock.systemUTC());
        api.start();
        secretsManager =
                new SecretsManagerApi()
                        .secret("tributary/weather", "{\"api_key\":\"" + KEY + "\"}");
    }

    @AfterEach
    void stop() {
        api.stop();
        secretsManager.close();
    }

    @Test
    void theKeyComesFromSecretsManagerSignedWithTheConfiguredCredentialsAndIsNeverLogged()
            throws Exception {
        Run run = once("{{aws:tributary/weather#api_key}}");

        assertEquals(Tributary.OK, run.exit, run.log);
        assertTrue(
                run.log.contains("sync connector=weather-observations outcome=success"), run.log);
        assertTrue(api.requests().stream().allMatch(r -> KEY.equals(r.query().get("apikey"))));
        assertTrue(secretsManager.secretIds().contains("tributary/weather"));
        assertTrue(
                secretsManager.authorizations().stream()
                        .allMatch(
                                a ->
                                        a.startsWith(
                                                "AWS4-HMAC-SHA256 Credential=AKIDTRIBUTARYTEST/")),
                "signed (SigV4) with the configured access key: "
                        + secretsManager.authorizations());
        assertFalse(run.log.contains(KEY), "the secret's value is never logged");
        assertFalse(run.log.contains(AWS_SECRET_KEY), "nor the AWS secret key");
    }

    @Test
    void aSecretThatDoesNotExistStopsTheStartWithItsNameAndNothingRuns() throws Exception {
        Run run = once("{{aws:tributary/no-such-secret#api_key}}");

        assertEquals(Tributary.BAD_USAGE, run.exit, run.log);
        assertTrue(
                run.log.contains(
                        "routes/weather-observations.camel.yaml: connector 'weather-observations':"
                                + " secret 'tributary/no-such-secret' cannot be read from the vault:"
                                + " Secrets Manager can't find the specified secret."),
                run.log);
        assertTrue(api.requests().isEmpty(), "no sync ran");
        assertFalse(run.log.contains(AWS_SECRET_KEY));
    }

    record Run(int exit, String log) {}

    Run once(String apiKeySetting) throws Exception {
        Database db = Database.h2File(dir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command =
                new ArrayList<>(
                        List.of(
                                java,
                                "-cp",
                                System.getProperty("java.class.path"),
                                Tributary.class.getName(),
                                "--once",
                                "--tributary.demo.enabled=false",
                                "--weather.base-url=" + api.baseUrl(),
                                "--camel.main.routes-include-pattern=file:routes/weather-observations.camel.yaml",
                                "--tributary.db.url=" + db.url,
                                "--weather.api-key=" + apiKeySetting,
                                "--camel.vault.aws.region=us-east-1",
                                "--camel.vault.aws.defaultCredentialsProvider=true",
                                "--camel.vault.aws.overrideEndpoint=true",
                                "--camel.vault.aws.uriEndpointOverride=" + secretsManager.url()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("WEATHER_API_KEY");
        // the credentials as a container gets them: the AWS SDK's default chain reads these (on EKS
        // a web identity token instead); not CAMEL_VAULT_AWS_ACCESS_KEY, which camel-main 4.18
        // would
        // also bind as the setting camel.vault.aws.access.key and refuse to start
        pb.environment().put("AWS_ACCESS_KEY_ID", "AKIDTRIBUTARYTEST");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", AWS_SECRET_KEY);
        pb.redirectErrorStream(true);
        File log = new File("target/secrets-from-aws-secrets-manager.log");
        pb.redirectOutput(log);
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new Run(p.exitValue(), Files.readString(log.toPath()));
    }
}
