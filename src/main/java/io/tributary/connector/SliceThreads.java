package io.tributary.connector;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of a source route's parallel split over its slices: {@code concurrency} at most, the
 * other slices queued (Camel's split hands each one over as a task). Idle threads end, so a
 * connector between syncs holds none; daemon threads, so a stopping process does not wait for a
 * queue (a slice cut short leaves its cursor at its last committed page, as a kill does).
 */
public final class SliceThreads extends ThreadPoolExecutor {
    private static final AtomicInteger POOLS = new AtomicInteger();

    public SliceThreads() {
        super(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads());
        allowCoreThreadTimeOut(true);
    }

    /**
     * The Kamelet's property: a value that is not an integer from 1 to {@link SliceConcurrency#MAX}
     * is the connector's check to refuse with its name (see {@link SliceConcurrency#check}); here
     * it leaves one thread.
     */
    public void setConcurrency(String value) {
        int n;
        try {
            n = Integer.parseInt(value == null ? "1" : value.trim());
        } catch (NumberFormatException e) {
            n = 1;
        }
        n = Math.max(1, Math.min(SliceConcurrency.MAX, n));
        if (n >= getCorePoolSize()) {
            setMaximumPoolSize(n);
            setCorePoolSize(n);
        } else {
            setCorePoolSize(n);
            setMaximumPoolSize(n);
        }
    }

    private static ThreadFactory threads() {
        int pool = POOLS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "tributary-slices-" + pool + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
