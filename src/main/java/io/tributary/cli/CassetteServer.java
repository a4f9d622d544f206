package io.tributary.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tributary.http.RecordedCall;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Answers a connector's calls from its cassette, on 127.0.0.1 (no network): a request matches the
 * first unanswered recorded call with the same method, path and query parameters (in any order; a
 * scrubbed value, {@code <scrubbed>} or {@code ****}, matches any value; host, headers and body are
 * not compared), as VCR.py's default {@code match_on} (method, scheme-less path, query) does. Each
 * recorded call answers once, so a sync that asks twice for what it asked once is a difference. A
 * request nothing matches is answered 400 (a failure the connector does not retry) and kept in
 * {@link #unmatched()}, which names it.
 */
final class CassetteServer implements AutoCloseable {
    private static final Set<String> NOT_SENT =
            Set.of(
                    "content-length",
                    "transfer-encoding",
                    "content-encoding",
                    "connection",
                    "keep-alive",
                    "date");
    private final HttpServer server;
    private final List<RecordedCall> unanswered;
    private final List<String> unmatched = new ArrayList<>();

    CassetteServer(List<RecordedCall> calls) throws IOException {
        this.unanswered = new ArrayList<>(calls);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    URI address() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The requests no recorded call answered, as "GET /path?query". */
    synchronized List<String> unmatched() {
        return List.copyOf(unmatched);
    }

    /** The recorded calls the sync never asked for. */
    synchronized int unused() {
        return unanswered.size();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try {
            reply(exchange);
        } catch (IOException | RuntimeException e) {
            synchronized (this) { // a cassette this server cannot send is a difference too
                unmatched.add(
                        exchange.getRequestMethod()
                                + " "
                                + exchange.getRequestURI().getRawPath()
                                + " (the cassette's answer cannot be sent: "
                                + e.getClass().getSimpleName()
                                + " "
                                + e.getMessage()
                                + ")");
            }
            exchange.close();
        }
    }

    private void reply(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            URI uri = exchange.getRequestURI();
            RecordedCall call = take(exchange.getRequestMethod(), uri);
            byte[] body;
            if (call == null) {
                body =
                        ("{\"error\":\"tributary test: the cassette has no answer for "
                                        + exchange.getRequestMethod()
                                        + " "
                                        + uri.getRawPath()
                                        + "\"}")
                                .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(400, body.length);
            } else {
                body = call.responseBody().getBytes(StandardCharsets.UTF_8);
                call.responseHeaders()
                        .forEach(
                                (name, values) -> {
                                    if (!NOT_SENT.contains(name.toLowerCase(Locale.ROOT))) {
                                        exchange.getResponseHeaders().put(name, values);
                                    }
                                });
                exchange.sendResponseHeaders(call.status(), body.length == 0 ? -1 : body.length);
            }
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
        }
    }

    private synchronized RecordedCall take(String method, URI request) {
        for (int i = 0; i < unanswered.size(); i++) {
            RecordedCall c = unanswered.get(i);
            if (c.method().equalsIgnoreCase(method) && matches(URI.create(c.url()), request)) {
                return unanswered.remove(i);
            }
        }
        // named as a cassette would hold it: a key the connector sent stays out of the output
        unmatched.add(
                method
                        + " "
                        + CassetteScrubber.url(
                                request.getRawPath()
                                        + (request.getRawQuery() == null
                                                ? ""
                                                : "?" + request.getRawQuery())));
        return null;
    }

    static boolean matches(URI recorded, URI request) {
        if (!decode(recorded.getRawPath()).equals(decode(request.getRawPath()))) {
            return false;
        }
        List<String[]> want = params(recorded.getRawQuery());
        List<String[]> got = params(request.getRawQuery());
        if (want.size() != got.size()) {
            return false;
        }
        List<String[]> left = new ArrayList<>(got);
        for (String[] w : want) {
            String[] hit = null;
            for (String[] g : left) {
                if (g[0].equals(w[0]) && (scrubbed(w[1]) || g[1].equals(w[1]))) {
                    hit = g;
                    break;
                }
            }
            if (hit == null) {
                return false;
            }
            left.remove(hit);
        }
        return true;
    }

    private static boolean scrubbed(String value) {
        return value.equals(CassetteScrubber.SCRUBBED) || value.contains("****");
    }

    private static List<String[]> params(String rawQuery) {
        List<String[]> out = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            out.add(
                    new String[] {
                        decode(eq < 0 ? pair : pair.substring(0, eq)),
                        eq < 0 ? "" : decode(pair.substring(eq + 1))
                    });
        }
        return out;
    }

    private static String decode(String s) {
        return s == null || s.isEmpty() ? "/" : URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
