package io.tributary.format;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.LongFunction;

/**
 * A body made as it is read, never held whole: a head, {@code count} records from {@code record}, a
 * tail. E.g. a 300 MB CSV file in a few kilobytes of memory.
 */
final class GeneratedBody extends InputStream {
    private final byte[] head;
    private final byte[] tail;
    private final long count;
    private final LongFunction<String> record;
    private byte[] current;
    private int position;
    private long next;
    private boolean tailGiven;
    private long produced;

    GeneratedBody(String head, long count, LongFunction<String> record, String tail) {
        this.head = head.getBytes(StandardCharsets.UTF_8);
        this.tail = tail.getBytes(StandardCharsets.UTF_8);
        this.count = count;
        this.record = record;
        this.current = this.head;
    }

    /** The bytes made so far. */
    long produced() {
        return produced;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        int n = 0;
        while (n < len) {
            if (position == current.length && !advance()) {
                break;
            }
            int take = Math.min(len - n, current.length - position);
            System.arraycopy(current, position, b, off + n, take);
            position += take;
            n += take;
        }
        produced += n;
        return n == 0 && len > 0 ? -1 : n;
    }

    private boolean advance() {
        if (next < count) {
            current = record.apply(next++).getBytes(StandardCharsets.UTF_8);
        } else if (!tailGiven) {
            tailGiven = true;
            current = tail;
        } else {
            return false;
        }
        position = 0;
        return true;
    }
}
