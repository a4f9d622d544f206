package io.tributary.support;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import io.tributary.demo.RecordedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A filter in front of a JDK {@link com.sun.net.httpserver.HttpServer} — the demo API, or a {@link
 * PagedApi} through {@link PagedApi#addFilter} — that lets a test break it on purpose: answer
 * chosen requests with an error status, a Retry-After, or a body that is not JSON, a given number
 * of times.
 *
 * <p>One fault mechanism: every canned error answer, this filter's and {@link PagedApi.Fault}'s, is
 * an {@link Answer} and is sent by {@link Answer#send}. The two ways of choosing which request to
 * break differ for a reason: this filter chooses by predicate and count and stands in front of any
 * server (the demo API is main code and cannot number its requests for a test), while {@link
 * PagedApi#faults} chooses by request number and can also break the transport (cut a body, reset
 * the connection), which needs the handler's reply that a filter in front never sees.
 */
public final class Faults extends Filter {
    private volatile Fault fault;
    private volatile Runnable beforeEach = () -> {};
    private final AtomicInteger observationRequests = new AtomicInteger();

    /**
     * A canned answer for the requests {@code when} matches, given {@code times} times (-1:
     * always).
     */
    public record Fault(
            Predicate<RecordedRequest> when,
            int status,
            Map<String, String> headers,
            String body,
            boolean always,
            AtomicInteger remaining) {}

    /** One canned answer: a status, headers and a body (empty: none). */
    public record Answer(int status, Map<String, String> headers, String body) {
        /** Sends this answer and closes the exchange. */
        public void send(HttpExchange exchange) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
                exchange.getResponseBody().flush();
            }
            exchange.close();
        }
    }

    public void answer(
            Predicate<RecordedRequest> when,
            int times,
            int status,
            Map<String, String> headers,
            String body) {
        fault =
                new Fault(
                        when,
                        status,
                        headers,
                        body,
                        times < 0,
                        new AtomicInteger(Math.max(0, times)));
    }

    public void clear() {
        fault = null;
    }

    /** Runs before every request is answered, e.g. to hold it until the test is ready. */
    public void beforeEach(Runnable action) {
        beforeEach = action;
    }

    /** Matches the n-th request for observations (counting from 1) and every one after it. */
    public Predicate<RecordedRequest> fromObservationRequest(int n) {
        return r -> r.path().equals("/v1/observations") && observationRequests.get() >= n;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        if (exchange.getRequestURI().getPath().equals("/v1/observations")) {
            observationRequests.incrementAndGet();
        }
        beforeEach.run();
        Fault f = fault;
        if (f != null
                && f.when().test(RecordedRequest.of(exchange))
                && (f.always() || f.remaining().getAndUpdate(n -> Math.max(0, n - 1)) > 0)) {
            new Answer(f.status(), f.headers(), f.body()).send(exchange);
            return;
        }
        chain.doFilter(exchange);
    }

    @Override
    public String description() {
        return "fault injection for tests";
    }
}
