package io.tributary.connector;

import io.tributary.http.CallTap;
import io.tributary.http.Masker;
import io.tributary.http.RecordedCall;
import io.tributary.http.RequestTrace;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

/**
 * What camel-http's chain gives the HTTP source ({@code http.TapInterceptor}, {@code
 * http.HttpTrace}), for {@link BulkJob}'s java.net.http calls, as {@code auth.TokenEndpoint} does
 * for its own: the test kit's {@link CallTap} (a replay sends the call to its loopback server, a
 * recording keeps the exchange, its body read whole) and {@code --trace} ({@link RequestTrace},
 * masked by the connector's masker and by name; the answer's line at the end of its body).
 */
final class BulkWire {
    private final HttpClient client;
    private final Masker masker;
    private final LongConsumer received;

    /**
     * @param received told the bytes of every answer's body as they are read (the HTTP source's
     *     {@code tributary_sync_bytes_total})
     */
    BulkWire(HttpClient client, Masker masker, LongConsumer received) {
        this.client = client;
        this.masker = masker;
        this.received = received;
    }

    /** An answer: status, headers, and the body, open (the caller reads and closes it). */
    record Answer(int status, HttpHeaders headers, InputStream body) {}

    /**
     * Sends {@code request}, built for {@code target} (the host rule already passed): to the replay
     * server while one replays, else to {@code target}.
     */
    Answer send(String method, URI target, HttpRequest.Builder request, String body)
            throws IOException, InterruptedException {
        CallTap tap = CallTap.active().orElse(null);
        if (tap != null) {
            request.uri(tap.route(target)); // path and query kept, the host the loopback's
        }
        HttpRequest built = request.build();
        trace(method, target, built, body);
        long start = System.nanoTime();
        HttpResponse<InputStream> response =
                client.send(built, HttpResponse.BodyHandlers.ofInputStream());
        InputStream in = response.body();
        if (tap != null && !tap.replays()) {
            byte[] received;
            try (InputStream all = in) {
                received = all.readAllBytes();
            }
            tap.record(
                    new RecordedCall(
                            method,
                            target.toString(),
                            built.headers().map(),
                            body == null ? "" : body,
                            response.statusCode(),
                            response.headers().map(),
                            new String(received, StandardCharsets.UTF_8),
                            false));
            in = new ByteArrayInputStream(received);
        }
        in = new Counted(in, received); // a result part is counted as it streams, never held
        if (RequestTrace.enabled()) {
            in = new Traced(in, masker, response.statusCode(), method, target, start);
        }
        return new Answer(response.statusCode(), response.headers(), in);
    }

    private void trace(String method, URI target, HttpRequest built, String body) {
        if (!RequestTrace.enabled()) {
            return;
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        built.headers().map().forEach((n, vs) -> vs.forEach(v -> headers.add(Map.entry(n, v))));
        RequestTrace.LOG.debug(
                RequestTrace.request(
                        masker,
                        method,
                        target,
                        headers,
                        body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                        body == null ? null : "application/json"));
    }

    /**
     * The body's bytes told as they are read: in steps of 64 KiB, and the rest at its end or when
     * closed, so a long part moves the metric while it streams without one update a read.
     */
    private static final class Counted extends FilterInputStream {
        private static final int STEP = 1 << 16;
        private final LongConsumer received;
        private long pending;

        Counted(InputStream in, LongConsumer received) {
            super(in);
            this.received = received;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            counted(b < 0 ? -1 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            int n = super.read(buffer, off, len);
            counted(n);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            pending += skipped; // skipped bytes came over the wire too
            return skipped;
        }

        @Override
        public void close() throws IOException {
            tell();
            super.close();
        }

        private void counted(long n) {
            if (n < 0) {
                tell();
            } else if ((pending += n) >= STEP) {
                tell();
            }
        }

        private void tell() {
            if (pending > 0) {
                received.accept(pending);
                pending = 0;
            }
        }
    }

    /** The body counted as it is read; the answer's line once, at its end or when closed. */
    private static final class Traced extends FilterInputStream {
        private final Masker masker;
        private final int status;
        private final String method;
        private final URI url;
        private final long start;
        private final AtomicBoolean logged = new AtomicBoolean();
        private long count;

        Traced(InputStream in, Masker masker, int status, String method, URI url, long start) {
            super(in);
            this.masker = masker;
            this.status = status;
            this.method = method;
            this.url = url;
            this.start = start;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                log();
            } else {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            int n = super.read(buffer, off, len);
            if (n < 0) {
                log();
            } else {
                count += n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            log(); // a body not read to its end: what was read of it
            super.close();
        }

        private void log() {
            if (logged.compareAndSet(false, true)) {
                RequestTrace.LOG.debug(
                        RequestTrace.response(
                                masker,
                                status,
                                method,
                                url,
                                (System.nanoTime() - start) / 1_000_000,
                                count));
            }
        }
    }
}
