package io.tributary.state;

import org.apache.camel.support.service.ServiceSupport;
import org.apache.camel.spi.IdempotentRepository;

/**
 * Camel's idempotent consumer over a connector's cursor. Keys are cursor values (ISO-8601 instants in
 * UTC, or numbers written with the same width, so text order is time order): a key is a duplicate
 * when it is older than the stored cursor, and {@link #add} moves the cursor forward, never back.
 * Keys equal to the cursor count as new, because a source may hold several records at the cursor's
 * instant and only some of them may have been committed; the upsert absorbs the repeats.
 *
 * <pre>
 * - idempotentConsumer:
 *     simple: "${body[observed_at]}"
 *     idempotentRepository: "#weatherSeen"
 * </pre>
 */
public final class CursorIdempotentRepository extends ServiceSupport implements IdempotentRepository {
    private final CursorStore store;
    private final String connector;

    public CursorIdempotentRepository(CursorStore store, String connector) {
        this.store = store;
        this.connector = connector;
    }

    @Override
    public synchronized boolean add(String key) {
        if (contains(key)) {
            return false;
        }
        String current = store.load(connector).orElse(null);
        if (current == null || key.compareTo(current) > 0) {
            store.save(connector, key);
        }
        return true;
    }

    @Override
    public boolean contains(String key) {
        return store.load(connector).map(current -> key.compareTo(current) < 0).orElse(false);
    }

    @Override
    public boolean remove(String key) {
        return false; // a cursor only moves forward; there is nothing to undo per key
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        store.reset(connector);
    }
}
