package io.tributary.state;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Camel's idempotent consumer over a connector's cursor. Keys are cursor values: ISO-8601
 * date-times (any offset, any fraction of a second) compare as instants, numbers as numbers,
 * anything else as text. A key is a duplicate when it is older than the stored cursor, and {@link
 * #add} moves the cursor forward, never back. Keys equal to the cursor count as new, because a
 * source may hold several records at the cursor's instant and only some of them may have been
 * committed.
 *
 * <p>Use it with {@code eager: false}, so Camel adds a key (moving the cursor) only after the
 * record was processed; a cursor cannot be moved back for one failed record.
 *
 * <pre>
 * - idempotentConsumer:
 *     simple: "${body[observed_at]}"
 *     idempotentRepository: "#weatherSeen"
 *     eager: false
 * </pre>
 */
public final class CursorIdempotentRepository extends ServiceSupport
        implements IdempotentRepository {
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
        if (current == null || compare(key, current) > 0) {
            store.save(connector, key);
        }
        return true;
    }

    @Override
    public boolean contains(String key) {
        return store.load(connector).map(current -> compare(key, current) < 0).orElse(false);
    }

    /** Orders two cursor values: as instants, else as numbers, else as text. */
    static int compare(String a, String b) {
        try {
            return instant(a).compareTo(instant(b));
        } catch (java.time.format.DateTimeParseException notInstants) {
            try {
                return new java.math.BigDecimal(a.trim())
                        .compareTo(new java.math.BigDecimal(b.trim()));
            } catch (NumberFormatException notNumbers) {
                return a.compareTo(b);
            }
        }
    }

    private static java.time.Instant instant(String text) {
        return java.time.OffsetDateTime.parse(
                        text.trim(), io.tributary.schema.SchemaRecordMapper.ISO_ANY_OFFSET)
                .toInstant();
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
