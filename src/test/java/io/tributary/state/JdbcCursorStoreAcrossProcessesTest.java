package io.tributary.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.tributary.support.Database;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Replicas share one PostgreSQL: each has its own store and pool, as separate processes do. Stores
 * that create the table and save cursors at the same instant neither fail nor lose a connector's
 * cursor.
 */
class JdbcCursorStoreAcrossProcessesTest {

    @Test
    void storesOfSeveralReplicasCreateTheTableAndSaveAtTheSameInstantWithoutErrors()
            throws Exception {
        Database db = Database.postgres();
        int replicas = 4;
        List<HikariDataSource> pools = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(replicas);
        try {
            CyclicBarrier together = new CyclicBarrier(replicas);
            List<Future<Void>> saves = new ArrayList<>();
            for (int r = 0; r < replicas; r++) {
                HikariDataSource pool = new HikariDataSource();
                pool.setJdbcUrl(db.url);
                pool.setUsername(db.user);
                pool.setPassword(db.password);
                pool.setMaximumPoolSize(2);
                pools.add(pool);
                JdbcCursorStore store = new JdbcCursorStore(pool);
                String connector = "connector-" + r;
                Callable<Void> save =
                        () -> {
                            together.await(30, TimeUnit.SECONDS);
                            for (int i = 0; i < 50; i++) {
                                store.save(
                                        "shared",
                                        String.format(
                                                "2026-11-20T10:%02d:00Z",
                                                i)); // the same row from every replica
                                store.save(connector, String.format("2026-11-20T11:%02d:00Z", i));
                            }
                            return null;
                        };
                saves.add(threads.submit(save));
            }
            for (Future<Void> f : saves) {
                f.get(60, TimeUnit.SECONDS); // rethrows any replica's failure
            }
            JdbcCursorStore reader = new JdbcCursorStore(pools.get(0));
            for (int r = 0; r < replicas; r++) {
                assertEquals(Optional.of("2026-11-20T11:49:00Z"), reader.load("connector-" + r));
            }
            assertEquals(Optional.of("2026-11-20T10:49:00Z"), reader.load("shared"));
            assertTrue(db.count("SELECT COUNT(*) FROM tributary_cursors") == replicas + 1);
        } finally {
            threads.shutdownNow();
            pools.forEach(HikariDataSource::close);
        }
    }
}
