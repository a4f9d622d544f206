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

    /** A canned answer for the requests {@code when} matches, given {@code times} times (-1: always). */
    public record Fault(Predicate<RecordedRequest> when, int status, Map<String, String> headers, String body,
                        AtomicInteger remaining) {
    }

    public void answer(Predicate<RecordedRequest> when, int times, int status, Map<String, String> headers, String body) {
        fault = new Fault(when, status, headers, body, new AtomicInteger(times));
    }

    public void clear() {
        fault = null;
    }

    public static Predicate<RecordedRequest> page(int n) {
        return r -> String.valueOf(n).equals(r.query().get("page"));
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        Fault f = fault;
        if (f != null && f.when().test(RecordedRequest.of(exchange))
                && (f.remaining().get() < 0 || f.remaining().getAndDecrement() > 0)) {
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
