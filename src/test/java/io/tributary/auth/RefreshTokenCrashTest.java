package io.tributary.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.Tributary;
import io.tributary.state.TokenCipher;
import io.tributary.support.AuthServer;
import io.tributary.support.Database;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A connector on a provider that rotates refresh tokens is killed with SIGKILL mid-sync, then
 * started again: it continues with the refresh token it stored, without a new authorization, and
 * the provider never sees a refresh token twice. Both runs are real child JVMs configured like a
 * container: the client secret from an environment variable, the first refresh token from a mounted
 * secret file, the key that seals the stored token ({@code tributary.tokens.key}) from a settings
 * folder as Kubernetes mounts a Secret.
 */
class RefreshTokenCrashTest {
    static final int PAGE_SIZE = 100;
    final AuthServer api = new AuthServer();
    final String key = RefreshTokenEncryptionTest.newKey();

    @TempDir Path dir;

    @AfterEach
    void stop() {
        api.close();
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"postgresql", "h2-file"})
    void aRotatedRefreshTokenSurvivesKill9AndTheRestartNeedsNoNewAuthorization(String kind)
            throws Exception {
        Database db = kind.equals("postgresql") ? Database.postgres() : Database.h2File(dir);
        api.items = 3000; // 30 pages
        api.pageDelayMs = 60;
        api.tokenLifetimeSeconds = 1; // a refresh, and a rotation, every second or so
        api.guard = AuthServer.bearerIssuedBy(api);
        String first = api.authorize();
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(
                secrets.resolve("refresh-token"),
                first + "\n"); // as a mounted Kubernetes Secret key (+ echo's newline)
        Path route = writeRoute();

        // the first run is held at page 20 and killed there, with rotations behind it
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger pages = new AtomicInteger();
        api.beforeItemsPage =
                () -> {
                    if (pages.incrementAndGet() == 20) {
                        held.countDown();
                        await(release);
                    }
                };
        Process child = start(db, route, secrets, "first");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!held.await(50, TimeUnit.MILLISECONDS)) {
                assertTrue(
                        child.isAlive(),
                        "the first run ended by itself; see target/auth-crash-first.log");
                assertTrue(
                        System.nanoTime() < deadline,
                        "the first run never reached page 20; see target/auth-crash-first.log");
            }
        } finally {
            child.destroyForcibly(); // SIGKILL
            child.waitFor(30, TimeUnit.SECONDS);
            release.countDown();
        }
        int refreshesBeforeKill = api.refreshRequests.get();
        assertTrue(refreshesBeforeKill >= 2, refreshesBeforeKill + " refreshes before the kill");
        String row = (String) db.single("SELECT refresh_token FROM tributary_tokens");
        assertTrue(row.startsWith("v1:"), "sealed, not the token: " + row);
        String stored =
                TokenCipher.of(key)
                        .open(
                                (String) db.single("SELECT token_key FROM tributary_tokens"),
                                row,
                                "crm");
        assertNotEquals(first, stored, "the rotated token was stored");
        assertTrue(
                api.isLiveRefreshToken(stored), "the stored token is the provider's current one");

        api.beforeItemsPage = () -> {};
        Process again = start(db, route, secrets, "second");
        assertTrue(again.waitFor(120, TimeUnit.SECONDS), "the second run did not finish");

        assertEquals(Tributary.OK, again.exitValue(), "see target/auth-crash-second.log");
        assertEquals(0, api.reusedRefreshTokens.get(), "the provider saw a refresh token twice");
        assertTrue(
                api.refreshRequests.get() > refreshesBeforeKill,
                "the second run refreshed with the stored token");
        assertEquals(api.items, db.count("SELECT COUNT(*) FROM crm_items"));
        for (String log : List.of("target/auth-crash-first.log", "target/auth-crash-second.log")) {
            String text = Files.readString(Path.of(log));
            for (String secret : api.secrets()) {
                assertFalse(text.contains(secret), "a secret leaked into " + log);
            }
            assertFalse(text.contains(key), "the key leaked into " + log);
        }
    }

    Path writeRoute() throws IOException {
        return Files.writeString(
                dir.resolve("crm-items.camel.yaml"),
                String.join(
                        "\n",
                        "- templatedRoute:",
                        "    routeTemplateRef: http-to-jdbc",
                        "    parameters:",
                        "      - {name: connector,        value: crm-items}",
                        "      - {name: schedule,         value: \"timer:crm-items?repeatCount=1\"}",
                        "      - {name: url,              value: \"" + api.itemsUrl() + "\"}",
                        "      - {name: auth,             value: oauth2-refresh-token}",
                        "      - {name: authTokenUrl,     value: \"" + api.tokenUrl() + "\"}",
                        "      - {name: authClientId,     value: " + api.clientId + "}",
                        "      - {name: authClientSecret, value: \"{{env:CRM_CLIENT_SECRET}}\"}",
                        "      - {name: authRefreshToken, value: \"{{secretfile:"
                                + dir.resolve("secrets/refresh-token")
                                + "}}\"}",
                        "      - {name: pageSize,         value: \"" + PAGE_SIZE + "\"}",
                        "      - {name: totalPagesPath,   value: /total_pages}",
                        "      - {name: recordsPath,      value: /items}",
                        "      - {name: schema,           value: src/test/resources/auth/items.schema.yaml}",
                        "      - {name: table,            value: crm_items}",
                        ""));
    }

    Process start(Database db, Path route, Path secrets, String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb =
                new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        Tributary.class.getName(),
                        "--once",
                        "--tributary.demo.enabled=false",
                        "--camel.main.routes-include-pattern=file:" + route);
        pb.environment().put("TRIBUTARY_DB_URL", db.url);
        pb.environment().put("TRIBUTARY_DB_USER", db.user);
        pb.environment().put("TRIBUTARY_DB_PASSWORD", db.password);
        pb.environment().put("CRM_CLIENT_SECRET", api.clientSecret);
        Path settings = Files.createDirectories(dir.resolve("settings"));
        Files.writeString(settings.resolve("tributary.tokens.key"), key + "\n");
        pb.environment().put("TRIBUTARY_SETTINGS_DIRS", settings.toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(new File("target/auth-crash-" + name + ".log"));
        return pb.start();
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
