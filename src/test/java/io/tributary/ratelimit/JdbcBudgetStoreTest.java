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
import java.util.Set;
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
    void aPerSecondBudgetSpacesItsGrantsSoThatNoSlidingSecondHoldsMore() {
        Database db = Database.h2();
        try (HikariDataSource ds = pool(db)) {
            JdbcBudgetStore store = new JdbcBudgetStore(ds);
            Budget budget =
                    new Budget("weather", List.of(PER_SECOND, PER_DAY), Duration.ofMinutes(5));
            List<Instant> slots = new ArrayList<>();
            for (int i = 0; i < 7; i++) { // all asked at once, at the end of a second
                Verdict v = store.tryAcquire(budget, NOW);
                assertTrue(v.granted());
                slots.add(v.sendAt() == null ? NOW : v.sendAt());
            }
            // (1 s + 100 ms) / 3: not three at 13:59:59.5 and three more at 14:00:00
            assertEquals(
                    List.of(0L, 366L, 733L, 1100L, 1466L, 1833L, 2200L),
                    slots.stream().map(t -> Duration.between(NOW, t).toMillis()).toList());
            assertEquals(7, store.used(budget, PER_DAY, NOW), "each counted once");
            assertEquals(
                    2,
                    store.used(budget, PER_SECOND, NOW.plusSeconds(2)),
                    "counted in the seconds they are sent in: 14:00:01.333 and .7");
        }
    }

    @Test
    void refusesTheRequestOverALimitUntilItsWindowEnds() {
        Database db = Database.h2();
        try (HikariDataSource ds = pool(db)) {
            JdbcBudgetStore store = new JdbcBudgetStore(ds);
            Limit twoADay = new Limit("day", Duration.ofDays(1), 2);
            Budget budget = new Budget("weather", List.of(twoADay), Duration.ofMinutes(5));
            assertTrue(store.tryAcquire(budget, NOW).granted());
            assertTrue(store.tryAcquire(budget, NOW).granted());
            Verdict refused = store.tryAcquire(budget, NOW);
            assertFalse(refused.granted());
            assertEquals(Instant.parse("2026-11-27T00:00:00Z"), refused.retryAt());
            assertEquals(twoADay, refused.limit());
            assertEquals(2, store.used(budget, twoADay, NOW), "a refused request is not counted");
            assertTrue(store.tryAcquire(budget, NOW.plus(Duration.ofHours(11))).granted());
        }
    }

    @Test
    void aSlotFurtherThanTheLongestWaitIsRefusedUntilItAndNotReserved() {
        Database db = Database.h2();
        try (HikariDataSource ds = pool(db)) {
            JdbcBudgetStore store = new JdbcBudgetStore(ds);
            Budget budget = new Budget("weather", List.of(PER_SECOND), Duration.ofMillis(100));
            assertTrue(store.tryAcquire(budget, NOW).granted());
            Verdict refused = store.tryAcquire(budget, NOW);
            assertFalse(refused.granted());
            assertEquals(NOW.plusNanos(366_667_000), refused.retryAt());
            assertEquals(PER_SECOND, refused.limit());
            Verdict later = store.tryAcquire(budget, NOW.plusMillis(300));
            assertTrue(later.granted(), "the refused one did not take the slot");
            assertEquals(NOW.plusNanos(366_667_000), later.sendAt());
        }
    }

    @Test
    void twoProcessesSharingAPerSecondBudgetGetSlotsNoSecondHoldsMoreThanItOfOnH2()
            throws Exception {
        twoProcessesSpaceTheirSlots(Database.h2());
    }

    @Test
    void twoProcessesSharingAPerSecondBudgetGetSlotsNoSecondHoldsMoreThanItOfOnPostgres()
            throws Exception {
        twoProcessesSpaceTheirSlots(Database.postgres());
    }

    void twoProcessesSpaceTheirSlots(Database db) throws Exception {
        Limit fivePerSecond = new Limit("second", Duration.ofSeconds(1), 5);
        Budget budget = new Budget("spaced", List.of(fivePerSecond), Duration.ofHours(1));
        try (HikariDataSource a = pool(db);
                HikariDataSource b = pool(db)) {
            JdbcBudgetStore[] stores = {new JdbcBudgetStore(a), new JdbcBudgetStore(b)};
            ExecutorService threads = Executors.newFixedThreadPool(8);
            List<Future<List<Instant>>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                JdbcBudgetStore store = stores[t % 2];
                results.add(
                        threads.submit(
                                () -> {
                                    List<Instant> slots = new ArrayList<>();
                                    for (int i = 0; i < 10; i++) {
                                        Verdict v = store.tryAcquire(budget, NOW);
                                        assertTrue(v.granted());
                                        slots.add(v.sendAt() == null ? NOW : v.sendAt());
                                    }
                                    return slots;
                                }));
            }
            List<Instant> slots = new ArrayList<>();
            for (Future<List<Instant>> f : results) {
                slots.addAll(f.get(60, TimeUnit.SECONDS));
            }
            threads.shutdown();
            slots.sort(null);
            assertEquals(80, slots.size());
            assertEquals(80, Set.copyOf(slots).size(), "no slot given twice");
            assertTrue(
                    mostInAnySecond(slots) <= 5,
                    "at most 5 in any second: " + mostInAnySecond(slots));
        }
    }

    /** The most instants in any half-open one-second interval, sliding. */
    static int mostInAnySecond(List<Instant> sorted) {
        int most = 0;
        int from = 0;
        for (int to = 0; to < sorted.size(); to++) {
            while (!sorted.get(from).plusSeconds(1).isAfter(sorted.get(to))) {
                from++;
            }
            most = Math.max(most, to - from + 1);
        }
        return most;
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
