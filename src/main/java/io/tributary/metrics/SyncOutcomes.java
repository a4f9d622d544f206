package io.tributary.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The known connectors and the latest outcome of each, shared by the whole process (bound as {@code
 * tributarySyncOutcomes}). {@code --once} waits on it; metrics, health checks and notifications
 * listen to it ({@link Listener}).
 */
public final class SyncOutcomes {
    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(SyncOutcomes.class);
    private final Set<String> connectors = ConcurrentHashMap.newKeySet();
    private final Map<String, SyncOutcome> latest = new ConcurrentHashMap<>();
    private final Map<String, SyncOutcome> latestFailure = new ConcurrentHashMap<>();
    private final Map<String, RunningSync> running = new ConcurrentHashMap<>();
    private final java.util.List<Listener> listeners = new CopyOnWriteArrayList<>();

    /**
     * Told of every connector and every finished sync; what it throws is logged, never the sync's
     * problem.
     */
    public interface Listener {
        default void registered(String connector) {}

        void finished(SyncOutcome outcome);

        /**
         * A run's outcome; {@code triggerGoesOn}: other runs of its trigger (slices with {@code
         * concurrency}) are still going, so the connector's sync has not ended.
         */
        default void finished(SyncOutcome outcome, boolean triggerGoesOn) {
            finished(outcome);
        }
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
        connectors.forEach(c -> tell(listener, l -> l.registered(c)));
    }

    public void register(String connector) {
        if (connectors.add(connector)) {
            listeners.forEach(listener -> tell(listener, l -> l.registered(connector)));
        }
    }

    public Set<String> connectors() {
        return new TreeSet<>(connectors);
    }

    /** A sync of the connector began: it is running until its outcome is recorded. */
    public void started(String connector, RunningSync run) {
        running.put(connector, run);
    }

    /** The connector's sync in progress, if one runs. */
    public Optional<RunningSync> running(String connector) {
        return Optional.ofNullable(running.get(connector)).filter(RunningSync::goesOn);
    }

    public void record(SyncOutcome outcome) {
        record(outcome, null);
    }

    /**
     * A run's outcome; {@code still}: the other runs of its trigger still going (slices with {@code
     * concurrency}), shown as the connector's running sync, or null: its sync has ended.
     */
    public void record(SyncOutcome outcome, RunningSync still) {
        // listeners first, so whoever awaits an outcome also sees its metrics and health
        listeners.forEach(listener -> tell(listener, l -> l.finished(outcome, still != null)));
        synchronized (this) {
            latest.put(outcome.connector(), outcome);
            if (still == null) {
                running.remove(outcome.connector());
            } else {
                running.put(outcome.connector(), still);
            }
            if (!outcome.success()) {
                latestFailure.put(outcome.connector(), outcome);
            }
            notifyAll();
        }
    }

    private static void tell(Listener listener, java.util.function.Consumer<Listener> call) {
        try {
            call.accept(listener);
        } catch (RuntimeException e) {
            LOG.warn("{} failed: {}", listener.getClass().getSimpleName(), e.toString());
        }
    }

    /**
     * Whether any sync that started at or after {@code since} failed, even one followed by a
     * success (a child stream runs once per parent: the last parent's outcome must not hide an
     * earlier one's).
     */
    public boolean anyFailedSince(Instant since) {
        return latestFailure.values().stream().anyMatch(o -> !o.startedAt().isBefore(since));
    }

    public Optional<SyncOutcome> latest(String connector) {
        return Optional.ofNullable(latest.get(connector));
    }

    /**
     * Waits until every given connector has an outcome that started at or after {@code since}.
     *
     * @return true if all finished before the timeout
     */
    public synchronized boolean awaitAll(Set<String> names, Instant since, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!names.stream()
                .allMatch(
                        n -> latest.containsKey(n) && !latest.get(n).startedAt().isBefore(since))) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
