package io.tributary.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The test kit's view of every call a sync makes, camel-http's ({@link TapInterceptor}) and the
 * token endpoints' (JDK client): while one is installed, it either records each exchange ({@code
 * tributary record}) or sends each call to a loopback server that answers from a cassette ({@code
 * tributary test}), whatever host the connector names.
 *
 * <p>One tap per JVM at a time: a token endpoint's client is shared by every connector and knows no
 * Camel context, so the tap is process-wide; {@link #install} refuses a second one.
 */
public final class CallTap implements AutoCloseable {
    private static final AtomicReference<CallTap> ACTIVE = new AtomicReference<>();
    private final URI replayServer;
    private final List<RecordedCall> calls = new ArrayList<>();

    private CallTap(URI replayServer) {
        this.replayServer = replayServer;
    }

    /** Records every call until closed. */
    public static CallTap recording() {
        return install(new CallTap(null));
    }

    /** Sends every call to {@code server} (http://127.0.0.1:port) until closed. */
    public static CallTap replayingTo(URI server) {
        return install(new CallTap(server));
    }

    private static CallTap install(CallTap tap) {
        if (!ACTIVE.compareAndSet(null, tap)) {
            throw new IllegalStateException(
                    "another 'tributary record' or 'tributary test' is running in this JVM;"
                            + " run them one after the other");
        }
        return tap;
    }

    /** The installed tap, if any. */
    public static Optional<CallTap> active() {
        return Optional.ofNullable(ACTIVE.get());
    }

    public boolean replays() {
        return replayServer != null;
    }

    /** Where a call to {@code target} goes: the replay server, keeping path and query. */
    public URI route(URI target) {
        if (replayServer == null) {
            return target;
        }
        String query = target.getRawQuery();
        return URI.create(
                replayServer
                        + (target.getRawPath() == null || target.getRawPath().isEmpty()
                                ? "/"
                                : target.getRawPath())
                        + (query == null ? "" : "?" + query));
    }

    /** The replay server's address; null when recording. */
    public URI replayServer() {
        return replayServer;
    }

    public synchronized void record(RecordedCall call) {
        if (replayServer == null) {
            calls.add(call);
        }
    }

    /** The calls recorded so far, in the order they were answered. */
    public synchronized List<RecordedCall> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void close() {
        ACTIVE.compareAndSet(this, null);
    }
}
