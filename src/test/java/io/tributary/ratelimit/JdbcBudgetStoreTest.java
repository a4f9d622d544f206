package io.tributary.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.tributary.support.Database;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JdbcBudgetStoreTest {
    static final Limit PER_DAY = new Limit("day", Duration.ofDays(1), 100);
    static final Limit PER_SECOND = new Limit("second", Duration.ofSeconds(1), 3);
    static final Instant NOW = Instant.parse("2026-11-26T13:59:59.500Z");

    static HikariDataSource pool(Database db) {
        return db.pool(4);
    }

    @Test
    void refusesTheRequestOverALimitUntilItsWindowEnds() {
        Database db = Database.h2();
        try (HikariDataSource ds = pool(db)) {
            JdbcBudgetStore store = new JdbcBudgetStore(ds);
            Budget budget =
                    new Budget("weather", List.of(PER_SECOND, PER_DAY), Duration.ofMinutes(5));
            for (int i = 0; i < 3; i++) {
                assertTrue(store.tryAcquire(budget, NOW).granted());
            }
            Verdict refused = store.tryAcquire(budget, NOW);
            assertFalse(refused.granted());
            assertEquals(Instant.parse("2026-11-26T14:00:00Z"), refused.retryAt());
            assertEquals(PER_SECOND, refused.limit());
            assertEquals(3, store.used(budget, PER_DAY, NOW), "a refused request is not counted");
            assertTrue(
                    store.tryAcquire(budget, NOW.plusMillis(500)).granted(),
                    "the next second has room");
        }
    }

    @Test
    void twoProcessesSharingABudgetNeverOverspendItOnH2() throws Exception {
        twoProcessesNeverOverspend(Database.h2());
    }

    @Test
    void twoProcessesSharingABudgetNeverOverspendItOnPostgres() throws Exception {
        twoProcessesNeverOverspend(Database.postgres());
    }

    @Test
    void twoPoolsSharingABudgetNeverOverspendItOnDuckDb() throws Exception {
        // one process per DuckDB file: two pools in this JVM share the in-process row locks
        twoProcessesNeverOverspend(Database.duckdb());
    }

    void twoProcessesNeverOverspend(Database db) throws Exception {
        Budget budget = new Budget("shared", List.of(PER_DAY), Duration.ZERO);
        try (HikariDataSource a = pool(db);
                HikariDataSource b = pool(db)) {
            JdbcBudgetStore[] stores = {
                new JdbcBudgetStore(a), new JdbcBudgetStore(b)
            }; // one per process, own pools
            ExecutorService threads = Executors.newFixedThreadPool(8);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                JdbcBudgetStore store = stores[t % 2];
                results.add(
                        threads.submit(
                                () -> {
                                    int granted = 0;
                                    for (int i = 0; i < 30; i++) {
                                        if (store.tryAcquire(budget, NOW).granted()) {
                                            granted++;
                                        }
                                    }
                                    return granted;
                                }));
            }
            int granted = 0;
            for (Future<Integer> f : results) {
                granted += f.get(60, TimeUnit.SECONDS);
            }
            threads.shutdown();
            assertEquals(100, granted, "240 requests asked, the budget holds 100");
            assertEquals(100, stores[1].used(budget, PER_DAY, NOW));
        }
        // a restart: a new store on the same database still sees today's count
        try (HikariDataSource c = pool(db)) {
            assertFalse(new JdbcBudgetStore(c).tryAcquire(budget, NOW).granted());
            assertTrue(
                    new JdbcBudgetStore(c)
                            .tryAcquire(budget, NOW.plus(Duration.ofDays(1)))
                            .granted());
        }
    }
}
