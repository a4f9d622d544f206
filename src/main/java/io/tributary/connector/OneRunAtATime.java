package io.tributary.connector;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source bean's run bookkeeping ({@link SqlSource}, {@link BulkSource}): one run at a time, an
 * overlapping trigger skipped, and a run whose exchange completes before the run ended (a step
 * between source and sink stopped it or handled a failure) ended then, so the next trigger may run.
 */
final class OneRunAtATime<R> {
    private static final Logger LOG = LoggerFactory.getLogger("io.tributary.sync");

    private final AtomicReference<R> running = new AtomicReference<>();

    /**
     * @param endedEarly ends the run when its exchange completes first (a run ends once: after a
     *     normal end it does nothing)
     * @return whether {@code run} runs now; false: the previous run still does, and this trigger's
     *     exchange is stopped
     */
    boolean begin(String connector, R run, Exchange exchange, Runnable endedEarly) {
        if (!running.compareAndSet(null, run)) {
            LOG.info("connector={} sync skipped: the previous one is still running", connector);
            exchange.setRouteStop(true);
            return false;
        }
        exchange.getExchangeExtension()
                .addOnCompletion(
                        new SynchronizationAdapter() {
                            @Override
                            public void onDone(Exchange done) {
                                endedEarly.run();
                            }
                        });
        return true;
    }

    /** The run ended: the next trigger may run. */
    void ended(R run) {
        running.compareAndSet(run, null);
    }
}
