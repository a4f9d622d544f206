package io.tributary.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.Tributary;
import io.tributary.state.TokenCipher;
import io.tributary.support.AuthServer;
import io.tributary.support.Database;
import io.tributary.support.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary --once} with a connector on a provider that rotates refresh tokens, as an
 * operator turns encryption on, changes the key or gets it wrong: the stored row is never the token
 * once a key is set, clear rows are sealed at start, an old key is read and replaced, and a
 * malformed or wrong key stops start-up with exit 2 naming the setting — never a token or a key.
 */
class RefreshTokenEncryptionTest {
    final AuthServer api = new AuthServer();
    final Database db = newDatabase();
    final String keyA = newKey();
    final String keyB = newKey();
    @TempDir Path dir;
    String first;

    @AfterEach
    void stop() {
        api.close();
    }

    Database newDatabase() {
        return Database.h2();
    }

    static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    record Run(int exit, String problem, String log) {}

    Run once(String... settings) throws Exception {
        if (first == null) {
            api.items = 120;
            api.guard = AuthServer.bearerIssuedBy(api);
            first = api.authorize();
            Files.writeString(
                    dir.resolve("crm.camel.yaml"),
                    String.join(
                            "\n",
                            "- templatedRoute:",
                            "    routeTemplateRef: http-to-jdbc",
                            "    parameters:",
                            "      - {name: connector,        value: crm}",
                            "      - {name: schedule,         value: \"timer:crm?repeatCount=1\"}",
                            "      - {name: url,              value: \"" + api.itemsUrl() + "\"}",
                            "      - {name: auth,             value: oauth2-refresh-token}",
                            "      - {name: authTokenUrl,     value: \"" + api.tokenUrl() + "\"}",
                            "      - {name: authClientId,     value: " + api.clientId + "}",
                            "      - {name: authClientSecret, value: \"{{crm.client-secret}}\"}",
                            "      - {name: authRefreshToken, value: \"{{crm.refresh-token}}\"}",
                            "      - {name: pageSize,         value: \"100\"}",
                            "      - {name: totalPagesPath,   value: /total_pages}",
                            "      - {name: recordsPath,      value: /items}",
                            "      - {name: schema,           value: src/test/resources/auth/items.schema.yaml}",
                            "      - {name: table,            value: crm_items}",
                            ""));
        }
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--once",
                                "--tributary.demo.enabled=false",
                                "--camel.main.routes-include-pattern=file:" + dir + "/*.camel.yaml",
                                "--crm.client-secret=" + api.clientSecret,
                                "--crm.refresh-token=" + first));
        args.addAll(db.options());
        for (String s : settings) {
            args.add("--" + s);
        }
        try (LogCapture log = LogCapture.open()) {
            Tributary tributary = new Tributary();
            int exit = tributary.run(args.toArray(String[]::new));
            Run run = new Run(exit, String.valueOf(tributary.lastProblem()), log.all());
            for (String secret : api.secrets()) {
                assertFalse(run.log().contains(secret), "a token leaked into the log");
            }
            assertFalse(run.log().contains(keyA) || run.log().contains(keyB), "a key leaked");
            return run;
        }
    }

    String stored() {
        return (String) db.single("SELECT refresh_token FROM tributary_tokens");
    }

    @Test
    void withAKeyTheStoredRowIsNotTheTokenAndTheNextRunContinuesWithIt() throws Exception {
        Run run = once("tributary.tokens.key=" + keyA);

        assertEquals(Tributary.OK, run.exit(), run.log());
        String row = stored();
        TokenCipher cipher = TokenCipher.of(keyA);
        assertTrue(row.startsWith("v1:" + cipher.keyId() + ":"), row);
        String token = cipher.open(tokenKey(), row, "crm");
        assertTrue(api.isLiveRefreshToken(token), "the row seals the provider's current token");
        assertFalse(row.contains(token));
        assertFalse(run.log().contains("clear text"), "no warning with a key");

        assertEquals(Tributary.OK, once("tributary.tokens.key=" + keyA).exit());
        assertEquals(0, api.reusedRefreshTokens.get());
    }

    @Test
    void withoutAKeyOneWarningSaysTheTokensAreClearTextAndHowToFixIt() throws Exception {
        Run run = once();

        assertEquals(Tributary.OK, run.exit(), run.log());
        assertTrue(api.isLiveRefreshToken(stored()), "as before: the row is the token");
        List<String> warnings =
                run.log().lines().filter(l -> l.contains("stored in clear text")).toList();
        assertEquals(1, warnings.size(), run.log());
        assertTrue(warnings.get(0).startsWith("WARN"), warnings.get(0));
        assertTrue(warnings.get(0).contains("tributary.tokens.key"), warnings.get(0));
    }

    @Test
    void clearRowsAreSealedAtStartOnceAKeyIsSet() throws Exception {
        assertEquals(Tributary.OK, once().exit());
        String clear = stored();

        Run run = once("tributary.tokens.key=" + keyA);

        assertEquals(Tributary.OK, run.exit(), run.log());
        assertTrue(run.log().contains("Encrypted 1 stored refresh token(s)"), run.log());
        assertFalse(stored().contains(clear));
        assertTrue(stored().startsWith("v1:" + TokenCipher.of(keyA).keyId() + ":"));
        assertEquals(
                0, api.reusedRefreshTokens.get(), "the clear token was used once, then sealed");
    }

    @Test
    void aNewKeyWithTheOldOneInPreviousKeysReplacesItAndThenTheOldOneCanGo() throws Exception {
        assertEquals(Tributary.OK, once("tributary.tokens.key=" + keyA).exit());

        Run rotated =
                once("tributary.tokens.key=" + keyB, "tributary.tokens.previous-keys=" + keyA);

        assertEquals(Tributary.OK, rotated.exit(), rotated.log());
        assertTrue(stored().startsWith("v1:" + TokenCipher.of(keyB).keyId() + ":"), stored());
        assertEquals(Tributary.OK, once("tributary.tokens.key=" + keyB).exit());
        assertEquals(0, api.reusedRefreshTokens.get());
    }

    @Test
    void aWrongKeyStopsStartUpWithExit2NamingTheSetting() throws Exception {
        assertEquals(Tributary.OK, once("tributary.tokens.key=" + keyA).exit());
        String row = stored();
        int refreshes = api.refreshRequests.get();

        Run wrong = once("tributary.tokens.key=" + keyB);

        assertEquals(Tributary.BAD_USAGE, wrong.exit(), wrong.log());
        assertTrue(wrong.problem().startsWith("setting 'tributary.tokens.key'"), wrong.problem());
        assertTrue(wrong.problem().contains(TokenCipher.of(keyA).keyId()), wrong.problem());
        assertEquals(row, stored(), "nothing was rewritten");
        assertEquals(refreshes, api.refreshRequests.get(), "nothing was sent");
    }

    @Test
    void aMalformedKeyStopsStartUpWithExit2NamingTheSettingNotTheValue() throws Exception {
        String shortKey = Base64.getEncoder().encodeToString("sixteen bytes!!!".getBytes());
        for (String setting :
                List.of(
                        "tributary.tokens.key=" + shortKey,
                        "tributary.tokens.key=correct horse battery staple",
                        "tributary.tokens.previous-keys=" + shortKey)) {
            List<String> settings = new ArrayList<>(List.of(setting));
            if (setting.startsWith("tributary.tokens.previous-keys")) {
                settings.add("tributary.tokens.key=" + keyA);
            }
            Run run = once(settings.toArray(String[]::new));

            String name = setting.substring(0, setting.indexOf('='));
            assertEquals(Tributary.BAD_USAGE, run.exit(), setting);
            assertTrue(run.problem().startsWith("setting '" + name + "'"), run.problem());
            assertFalse(run.log().contains(setting.substring(name.length() + 1)), run.log());
        }
        Run alone = once("tributary.tokens.previous-keys=" + keyA);
        assertEquals(Tributary.BAD_USAGE, alone.exit());
        assertTrue(
                alone.problem().startsWith("setting 'tributary.tokens.previous-keys'")
                        && alone.problem().contains("set the new key in tributary.tokens.key"),
                alone.problem());
        assertEquals(0, api.refreshRequests.get());
    }

    /** The grant's key, as RefreshTokenAuth computes it (the row's associated data). */
    String tokenKey() {
        return (String) db.single("SELECT token_key FROM tributary_tokens");
    }
}
