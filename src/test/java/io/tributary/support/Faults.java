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
 * A filter in front of the demo API that lets a test break it on purpose: answer chosen requests
 * with an error status, a Retry-After, or a body that is not JSON, a given number of times.
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
            byte[] body = f.body().getBytes(StandardCharsets.UTF_8);
            f.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(f.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
            return;
        }
        chain.doFilter(exchange);
    }

    @Override
    public String description() {
        return "fault injection for tests";
    }
}
