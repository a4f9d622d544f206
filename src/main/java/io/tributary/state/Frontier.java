package io.tributary.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The records already written whose cursor value is at or above the committed cursor, by value and
 * a 64-bit hash of the record as the source sent it. An inclusive filter ({@code since=T}) sends
 * the records at T again, and the cursor rules send back a little more (see {@code CursorAdvance});
 * a record found here is counted {@code unchanged} and not written again, so {@code append} and
 * file sinks stay exactly-once and a sync with nothing new writes nothing. Kept beside the cursor,
 * in the same transaction as the rows, so a crash can never separate the two. It stays small: only
 * ties at the cursor and records above it (changed during a sync, or dated in the future) are in
 * it.
 */
public final class Frontier {
    private final Map<String, Set<Long>> byValue = new LinkedHashMap<>();
    private int size;

    public static Frontier decode(String text) {
        Frontier f = new Frontier();
        if (text == null || text.isEmpty()) {
            return f;
        }
        for (String line : text.split("\n")) {
            int tab = line.lastIndexOf('\t');
            if (tab <= 0) {
                continue;
            }
            String value = line.substring(0, tab);
            for (String h : line.substring(tab + 1).split(",")) {
                if (!h.isEmpty()) {
                    f.add(value, Long.parseLong(h, 36));
                }
            }
        }
        return f;
    }

    /** One line per value: {@code value<TAB>hash,hash,...} (hashes in base 36). */
    public String encode() {
        StringBuilder b = new StringBuilder();
        byValue.forEach(
                (value, hashes) -> {
                    b.append(value).append('\t');
                    boolean first = true;
                    for (long h : hashes) {
                        if (!first) {
                            b.append(',');
                        }
                        b.append(Long.toString(h, 36));
                        first = false;
                    }
                    b.append('\n');
                });
        return b.toString();
    }

    /** The same records at the same values. */
    public boolean sameAs(Frontier other) {
        return size == other.size && byValue.equals(other.byValue);
    }

    public Frontier copy() {
        Frontier f = new Frontier();
        byValue.forEach((v, hs) -> hs.forEach(h -> f.add(v, h)));
        return f;
    }

    /** The cursor values (canonical text) it holds records at. */
    public java.util.Collection<String> values() {
        return byValue.keySet();
    }

    /**
     * Whether any record with this cursor value is in: only then is a record's hash worth
     * computing.
     */
    public boolean hasValue(String value) {
        return byValue.containsKey(value);
    }

    public boolean contains(String value, long hash) {
        Set<Long> hs = byValue.get(value);
        return hs != null && hs.contains(hash);
    }

    public void add(String value, long hash) {
        if (byValue.computeIfAbsent(value, v -> new HashSet<>()).add(hash)) {
            size++;
        }
    }

    /** Forgets the values the cursor has passed (they are never asked for again). */
    public void removeValuesIf(Predicate<String> below) {
        byValue.entrySet()
                .removeIf(
                        e -> {
                            if (below.test(e.getKey())) {
                                size -= e.getValue().size();
                                return true;
                            }
                            return false;
                        });
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** A stable 64-bit hash of a record's text (the first 8 bytes of its SHA-256). */
    public static long hash(String recordText) {
        try {
            byte[] d =
                    MessageDigest.getInstance("SHA-256")
                            .digest(recordText.getBytes(StandardCharsets.UTF_8));
            long h = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (d[i] & 0xff);
            }
            return h;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
