package io.tributary.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
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
        HikariDataSource ds = db.pool(3);
        pools.add(ds);
        return new JdbcTokenStore(ds);
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
}
