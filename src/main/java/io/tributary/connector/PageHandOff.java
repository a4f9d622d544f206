package io.tributary.connector;

import org.apache.camel.Exchange;

/**
 * The page contract ({@link PageContract}) as the source keeps it: each page goes to the sink as
 * event {@code page} of the run's stream, the end as event {@code end}, and the sink must
 * acknowledge each. In Kamelet form a run the trigger's exchange leaves unfinished fails.
 */
final class PageHandOff {
    /**
     * Property of a Kamelet trigger's exchange (its split's copies share it): the runs it started
     * (its slices, several at once with {@code concurrency}), which its on-completion fails if it
     * ends unfinished. Per trigger, not per connector: a trigger skipped because the previous run
     * is still going must not fail that run.
     */
    private static final String TRIGGER_RUN = "tributary.triggerRun";

    private final String id;

    PageHandOff(String id) {
        this.id = id;
    }

    /** A run this trigger's exchange started (its on-completion watches it). */
    void started(Exchange exchange, SyncRun run) {
        Object trigger = exchange.getProperty(TRIGGER_RUN);
        if (trigger instanceof Started) {
            ((Started) trigger).add(run);
        }
    }

    /** The runs a trigger started and did not see finish. */
    private static final class Started {
        private final java.util.Set<SyncRun> runs =
                java.util.concurrent.ConcurrentHashMap.newKeySet();

        void add(SyncRun run) {
            runs.removeIf(SyncRun::finished); // a trigger of many parents holds only its open runs
            runs.add(run);
        }
    }

    void ended() {
        // the trigger's own reference goes with its exchange
    }

    /**
     * A step between source and sink may swallow a failure and end the trigger's exchange early: a
     * run it leaves unfinished fails then, and its staged output is discarded.
     */
    void failUnfinished(Exchange exchange) {
        Started started = new Started();
        exchange.setProperty(TRIGGER_RUN, started);
        exchange.getExchangeExtension()
                .addOnCompletion(
                        new org.apache.camel.support.SynchronizationAdapter() {
                            @Override
                            public void onDone(Exchange done) {
                                // this trigger's, if it ran any: finish ends an open one only
                                for (SyncRun run : started.runs) {
                                    run.finish(
                                            run.position()
                                                    + ": the sync ended before the sink acknowledged its pages (a step "
                                                    + "between the source and the sink stopped the exchange or handled "
                                                    + "a failure); the cursor stays at the last committed page");
                                }
                            }
                        });
    }

    /** See {@link Connector#toSink}. */
    void toSink(Exchange exchange, SyncRun run) {
        exchange.removeProperty(PageContract.ACK); // an ack copied forward never answers this page
        PageContract.set(exchange, PageContract.EVENT, PageContract.PAGE);
        PageContract.set(exchange, PageContract.STREAM, run.target.stream());
    }

    /** See {@link Connector#endOfSync}. */
    void endOfSync(Exchange exchange, SyncRun run) {
        exchange.removeProperty(PageContract.ACK);
        exchange.removeProperty(SyncRun.MORE);
        exchange.getMessage().setBody(null);
        exchange.getMessage().removeHeaders("*");
        PageContract.set(exchange, PageContract.EVENT, PageContract.END);
        PageContract.set(exchange, PageContract.STREAM, run.target.stream());
    }

    /**
     * The sink acknowledged {@code event}, else the run fails: see {@link Connector#acknowledged}.
     */
    void acknowledged(Exchange exchange, SyncRun run, String event) {
        PageContract.PageAck ack =
                exchange.getProperty(PageContract.ACK, PageContract.PageAck.class);
        if (ack == null || !event.equals(ack.event())) {
            throw new IllegalStateException(
                    "connector '"
                            + id
                            + "': "
                            + (event.equals(PageContract.END)
                                    ? "the end of the sync"
                                    : run.position())
                            + " was not acknowledged by the sink: a step between the source and the sink "
                            + "dropped it (e.g. a filter) or handled a failure; filter records with the "
                            + "schema's filter or a step that keeps the page, not by dropping the page");
        }
        exchange.removeProperty(PageContract.ACK);
    }
}
