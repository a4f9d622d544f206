package io.tributary.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.tributary.config.Settings;
import io.tributary.support.Database;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The refresh-token store on H2 and PostgreSQL, against a provider that rotates: every refresh
 * token works once, a reused one is refused and counted.
 */
class JdbcTokenStoreTest {
    static final String KEY = "grant-key";
    final List<HikariDataSource> pools = new ArrayList<>();
    final Set<String> live = ConcurrentHashMap.newKeySet();
    final AtomicInteger issued = new AtomicInteger();
    final AtomicInteger reused = new AtomicInteger();
    final AtomicInteger inside = new AtomicInteger();
    final AtomicInteger maxInside = new AtomicInteger();
    Database db;

    @AfterEach
    void close() {
        pools.forEach(HikariDataSource::close);
    }

    JdbcTokenStore store() {
        return store(TokenCipher.clearText());
    }

    JdbcTokenStore store(TokenCipher cipher) {
        HikariDataSource ds = db.pool(3);
        pools.add(ds);
        return new JdbcTokenStore(ds, cipher);
    }

    String authorize() {
        String t = "rt-" + issued.incrementAndGet();
        live.add(t);
        return t;
    }

    /** The provider's side of a refresh: the presented token dies, a new one is born. */
    JdbcTokenStore.Rotation<String> provider(String presented) {
        maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
        try {
            Thread.sleep(20); // a token call takes a while: long enough for the others to pile up
            if (!live.remove(presented)) {
                reused.incrementAndGet();
                throw new IllegalStateException("invalid_grant");
            }
            return new JdbcTokenStore.Rotation<>(authorize(), "access-for-" + presented);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        } finally {
            inside.decrementAndGet();
        }
    }

    String stored() {
        return (String)
                db.single("SELECT refresh_token FROM tributary_tokens WHERE token_key = ?", KEY);
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"h2", "postgresql", "duckdb"})
    void theFirstRefreshUsesTheConfiguredTokenAndTheRotatedOneIsStoredBeforeItsResultIsReturned(
            String kind) {
        db = Database.of(kind);
        JdbcTokenStore store = store();
        String first = authorize();

        String access =
                store.rotate(
                        KEY,
                        "client c at https://login.example.com/token",
                        first,
                        current -> {
                            JdbcTokenStore.Rotation<String> r = provider(current);
                            return r;
                        });

        assertEquals("access-for-" + first, access);
        assertEquals("rt-2", stored());
        assertEquals(
                "access-for-rt-2",
                store.rotate(KEY, "d", first, this::provider),
                "after that the store wins over the configuration");
        assertEquals("rt-3", stored());
        assertEquals(0, reused.get());
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"h2", "postgresql", "duckdb"})
    void aFailedRefreshLeavesTheStoredTokenAsItWas(String kind) {
        db = Database.of(kind);
        JdbcTokenStore store = store();
        String first = authorize();
        store.rotate(KEY, "d", first, this::provider);

        assertThrows(
                IllegalStateException.class,
                () ->
                        store.rotate(
                                KEY,
                                "d",
                                first,
                                t -> {
                                    throw new IllegalStateException("provider unreachable");
                                }));

        assertEquals("rt-2", stored());
        assertEquals("access-for-rt-2", store.rotate(KEY, "d", first, this::provider));
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"h2", "postgresql", "duckdb"})
    void twoProcessesRefreshingAtOnceNeverSendTheSameTokenTwice(String kind) throws Exception {
        db = Database.of(kind);
        JdbcTokenStore[] stores = {store(), store()}; // separate pools: separate "processes"
        String first = authorize();
        int threads = 4;
        int each = 5;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < threads; i++) {
            JdbcTokenStore store = stores[i % 2];
            Thread t =
                    new Thread(
                            () -> {
                                try {
                                    start.await();
                                    for (int n = 0; n < each; n++) {
                                        store.rotate(KEY, "d", first, this::provider);
                                    }
                                } catch (Throwable e) {
                                    failures.add(e);
                                }
                            });
            t.start();
            workers.add(t);
        }
        start.countDown();
        for (Thread t : workers) {
            t.join(60_000);
        }

        assertTrue(failures.isEmpty(), failures.toString());
        assertEquals(0, reused.get(), "a refresh token was sent twice");
        assertEquals(1, maxInside.get(), "token calls overlapped");
        assertEquals(1 + threads * each, issued.get(), "one rotation per call");
        assertTrue(
                live.contains(stored()) && live.size() == 1,
                "the stored token is the one live token");
    }

    static final String KEY_A = TokenCipherTest.newKey();
    static final String KEY_B = TokenCipherTest.newKey();

    void setStored(String key, String value) throws Exception {
        try (var c = db.connect();
                var ps =
                        c.prepareStatement(
                                "UPDATE tributary_tokens SET refresh_token = ? WHERE token_key = ?")) {
            ps.setString(1, value);
            ps.setString(2, key);
            assertEquals(1, ps.executeUpdate());
        }
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void withAKeyTheRowHoldsASealedValueNotTheToken(String kind) {
        db = Database.of(kind);
        TokenCipher cipher = TokenCipher.of(KEY_A);
        JdbcTokenStore store = store(cipher);
        String first = authorize();

        assertEquals("access-for-" + first, store.rotate(KEY, "d", first, this::provider));

        String row = stored();
        assertTrue(row.startsWith("v1:" + cipher.keyId() + ":"), row);
        assertFalse(row.contains("rt-"), row);
        assertEquals("rt-2", cipher.open(KEY, row, "d"), "the live token, sealed");
        assertEquals("access-for-rt-2", store.rotate(KEY, "d", first, this::provider));
        assertEquals(0, reused.get());
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void clearRowsAreSealedAtStartOnceAKeyIsSetAndTheGrantContinues(String kind) {
        db = Database.of(kind);
        String first = authorize();
        store().rotate(KEY, "d", first, this::provider);
        assertEquals("rt-2", stored(), "no key: clear text, as before");

        JdbcTokenStore keyed = store(TokenCipher.of(KEY_A));
        assertEquals(1, keyed.sealStored());

        assertTrue(stored().startsWith("v1:"), stored());
        assertEquals(0, keyed.sealStored(), "once");
        assertEquals("access-for-rt-2", keyed.rotate(KEY, "d", first, this::provider));
        assertEquals(0, reused.get());
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aNewKeyWithTheOldOneAsPreviousReadsTheRowsAndSealsThemUnderTheNewOne(String kind) {
        db = Database.of(kind);
        String first = authorize();
        store(TokenCipher.of(KEY_A)).rotate(KEY, "d", first, this::provider);

        TokenCipher rotated = TokenCipher.of(KEY_B, KEY_A);
        assertEquals(1, store(rotated).sealStored());

        assertTrue(stored().startsWith("v1:" + rotated.keyId() + ":"), stored());
        // the old key can go now
        assertEquals(
                "access-for-rt-2",
                store(TokenCipher.of(KEY_B)).rotate(KEY, "d", first, this::provider));
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aWrongKeyFailsNamingTheSettingAndSendsNothingToTheProvider(String kind) {
        db = Database.of(kind);
        String first = authorize();
        store(TokenCipher.of(KEY_A))
                .rotate(KEY, "client c at https://login/token", first, this::provider);
        JdbcTokenStore wrong = store(TokenCipher.of(KEY_B));

        Settings.SettingException atStart =
                assertThrows(Settings.SettingException.class, wrong::sealStored);
        Settings.SettingException atRefresh =
                assertThrows(
                        Settings.SettingException.class,
                        () ->
                                wrong.rotate(
                                        KEY,
                                        "client c at https://login/token",
                                        first,
                                        this::provider));

        for (Settings.SettingException e : List.of(atStart, atRefresh)) {
            assertTrue(e.getMessage().startsWith("setting 'tributary.tokens.key'"), e.getMessage());
            assertTrue(e.getMessage().contains("client c at https://login/token"), e.getMessage());
            assertFalse(e.getMessage().contains("rt-"), e.getMessage());
        }
        assertEquals(2, issued.get(), "no token call was made");
        assertTrue(live.contains("rt-2"), "the live token is untouched");
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aTamperedRowFailsAuthenticationAndSendsNothing(String kind) throws Exception {
        db = Database.of(kind);
        JdbcTokenStore store = store(TokenCipher.of(KEY_A));
        String first = authorize();
        store.rotate(KEY, "d", first, this::provider);
        String row = stored();
        int at = row.lastIndexOf(':') + 10; // inside the ciphertext
        setStored(
                KEY,
                row.substring(0, at) + (row.charAt(at) == 'A' ? 'B' : 'A') + row.substring(at + 1));

        IllegalStateException e =
                assertThrows(
                        IllegalStateException.class,
                        () -> store.rotate(KEY, "d", first, this::provider));

        assertTrue(e.getMessage().contains("fails authentication"), e.getMessage());
        assertEquals(2, issued.get(), "no token call was made");
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aValueCopiedFromAnotherGrantsRowFailsAuthentication(String kind) throws Exception {
        db = Database.of(kind);
        JdbcTokenStore store = store(TokenCipher.of(KEY_A));
        store.rotate("grant-a", "a", authorize(), this::provider);
        store.rotate("grant-b", "b", authorize(), this::provider);
        setStored(
                "grant-b",
                (String)
                        db.single(
                                "SELECT refresh_token FROM tributary_tokens WHERE token_key = ?",
                                "grant-a"));

        IllegalStateException e =
                assertThrows(
                        IllegalStateException.class,
                        () -> store.rotate("grant-b", "b", "unused", this::provider));
        assertTrue(e.getMessage().contains("copied from another grant's row"), e.getMessage());
    }
}
