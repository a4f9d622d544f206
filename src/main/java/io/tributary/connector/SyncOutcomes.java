package io.tributary.connector;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The known connectors and the latest outcome of each, shared by the whole process (bound as
 * {@code tributarySyncOutcomes}). {@code --once} waits on it; health and metrics will read it.
 */
public final class SyncOutcomes {
    private final Set<String> connectors = ConcurrentHashMap.newKeySet();
    private final Map<String, SyncOutcome> latest = new ConcurrentHashMap<>();

    public void register(String connector) {
        connectors.add(connector);
    }

    public Set<String> connectors() {
        return new TreeSet<>(connectors);
    }

    public synchronized void record(SyncOutcome outcome) {
        latest.put(outcome.connector(), outcome);
        notifyAll();
    }

    public Optional<SyncOutcome> latest(String connector) {
        return Optional.ofNullable(latest.get(connector));
    }

    /**
     * Waits until every given connector has an outcome that started at or after {@code since}.
     *
     * @return true if all finished before the timeout
     */
    public synchronized boolean awaitAll(Set<String> names, Instant since, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!names.stream().allMatch(n -> latest.containsKey(n) && !latest.get(n).startedAt().isBefore(since))) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
