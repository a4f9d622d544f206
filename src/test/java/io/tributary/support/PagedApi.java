package io.tributary.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;

/**
 * A loopback API (JDK HttpServer on 127.0.0.1, ephemeral port) whose answers a test writes as a
 * {@link Handler}, to reproduce a real API's paging shape. It records every request (method, path,
 * query, headers, body) and can break chosen requests ({@link Fault}) before the handler answers.
 *
 * <p>An API that just pages through a list of records is built, not written:
 *
 * <pre>{@code
 * api = PagedApi.serving(records).since("since", "updated_at").totalPages().build();
 * api = PagedApi.serving(records).pageSize(2).failingPages(p -> p == 3, Fault.STATUS_500).build();
 * api = PagedApi.answering(r -> Reply.status(429, "{}", Map.of("Retry-After", "3600")))
 *         .clock(clock).build();
 * }</pre>
 */
public final class PagedApi implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the server saw it; header names lower-case. */
    public record Request(
            int number,
            String method,
            String path,
            String rawQuery,
            Map<String, String> query,
            Map<String, String> headers,
            String body,
            Instant at) {
        public String param(String name) {
            return query.get(name);
        }
    }

    /** One answer. */
    public record Reply(int status, Map<String, String> headers, String body) {
        public static Reply json(Object body) {
            return json(body, Map.of());
        }

        public static Reply json(Object body, Map<String, String> headers) {
            try {
                return new Reply(
                        200, headers, body instanceof String s ? s : JSON.writeValueAsString(body));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        public static Reply status(int status, String body, Map<String, String> headers) {
            return new Reply(status, headers, body);
        }
    }

    @FunctionalInterface
    public interface Handler {
        Reply handle(Request request) throws Exception;
    }

    /**
     * Ways to break one request, chosen by number ({@link #faults}). The error statuses are canned
     * {@link Faults.Answer}s, sent as {@link Faults} sends its own; the others break the transport.
     * To break requests by predicate and count instead, put a {@link Faults} in front ({@link
     * #addFilter}).
     */
    public enum Fault {
        NONE,
        STATUS_500,
        STATUS_502,
        STATUS_503,
        TOO_MANY_REQUESTS,
        BODY_CUT_IN_HALF,
        CONNECTION_CUT_MID_BODY,
        CONNECTION_RESET;

        private static final Map<String, String> JSON_TYPE =
                Map.of("Content-Type", "application/json; charset=utf-8");

        /** The canned answer this fault sends instead of the handler's, or null. */
        public Faults.Answer answer() {
            return switch (this) {
                case STATUS_500, STATUS_502, STATUS_503 ->
                        new Faults.Answer(
                                Integer.parseInt(name().substring(7)),
                                JSON_TYPE,
                                "{\"error\":\"upstream trouble\"}");
                case TOO_MANY_REQUESTS ->
                        new Faults.Answer(
                                429,
                                Map.of(
                                        "Content-Type",
                                        "application/json; charset=utf-8",
                                        "Retry-After",
                                        "0"),
                                "{\"error\":\"slow down\"}");
                default -> null;
            };
        }
    }

    /** How a built API ({@link #serving}) pages its records. */
    public enum Paging {
        /**
         * {@code ?page=N&page_size=M} (parameter names {@link Builder#pageParam}, {@link
         * Builder#pageSizeParam}), pages counted from 1; a request without them answers 400.
         */
        PAGE_NUMBER,
        /** Every record in one answer, whatever the request asks. */
        NONE
    }

    /**
     * An API answering {@code {"items": [...]}} from {@code records}, read on every request (a test
     * may change the list between syncs), {@link Paging#PAGE_NUMBER page by page} unless told
     * otherwise.
     */
    public static Builder serving(List<? extends JsonNode> records) {
        return new Builder(records, null);
    }

    /** An API answering with a handler the test writes, for the settings a builder has. */
    public static Builder answering(Handler handler) {
        return new Builder(null, handler);
    }

    /** The typed settings of a fake API; {@link #build} starts it. */
    public static final class Builder {
        private final List<? extends JsonNode> records;
        private final Handler handler;
        private Paging paging = Paging.PAGE_NUMBER;
        private String pageParam = "page";
        private String pageSizeParam = "page_size";
        private int pageSize;
        private String recordsField = "items";
        private boolean totalPages;
        private String sinceParam;
        private String sinceField;
        private String sortField;
        private java.util.function.Function<Request, Map<String, String>> headers = r -> Map.of();
        private java.util.function.IntPredicate failingPages = p -> false;
        private Fault pageFault = Fault.NONE;
        private Clock clock = Clock.systemUTC();

        private Builder(List<? extends JsonNode> records, Handler handler) {
            this.records = records;
            this.handler = handler;
        }

        public Builder paging(Paging style) {
            paging = style;
            return this;
        }

        /** The page number's query parameter ({@code page} unless told). */
        public Builder pageParam(String name) {
            pageParam = name;
            return this;
        }

        /** The page size's query parameter ({@code page_size} unless told). */
        public Builder pageSizeParam(String name) {
            pageSizeParam = name;
            return this;
        }

        /** Pages of {@code size} records whatever the request asks for. */
        public Builder pageSize(int size) {
            pageSize = size;
            return this;
        }

        /** The field of the answer holding the records ({@code items} unless told). */
        public Builder recordsField(String field) {
            recordsField = field;
            return this;
        }

        /** Answers carry {@code "page"} and {@code "total_pages"} beside the records. */
        public Builder totalPages() {
            totalPages = true;
            return this;
        }

        /**
         * Serves only the records whose {@code field} (an ISO-8601 time) is at or after the time in
         * query parameter {@code param}, when the request has it.
         */
        public Builder since(String param, String field) {
            sinceParam = param;
            sinceField = field;
            return this;
        }

        /** Serves the records sorted by {@code field} (an ISO-8601 time), oldest first. */
        public Builder sortedBy(String field) {
            sortField = field;
            return this;
        }

        /** Headers for every answer, worked out per request (e.g. rate-limit headers). */
        public Builder headers(
                java.util.function.Function<Request, Map<String, String>> perRequest) {
            headers = perRequest;
            return this;
        }

        /**
         * Answers the pages {@code pages} matches (by page number, every time they are asked for)
         * with the fault's canned answer instead of their records; {@code fault} must be one with
         * an {@link Fault#answer}.
         */
        public Builder failingPages(java.util.function.IntPredicate pages, Fault fault) {
            if (fault.answer() == null) {
                throw new IllegalArgumentException(fault + " has no canned answer");
            }
            failingPages = pages;
            pageFault = fault;
            return this;
        }

        /** The clock requests are stamped with ({@link Request#at}). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Starts the API. */
        public PagedApi build() {
            return new PagedApi(handler != null ? handler : new Pages(this), clock);
        }
    }

    /** The handler of a built API: the builder's settings, fixed when it was built. */
    private static final class Pages implements Handler {
        private final List<? extends JsonNode> records;
        private final Paging paging;
        private final String pageParam;
        private final String pageSizeParam;
        private final int pageSize;
        private final String recordsField;
        private final boolean totalPages;
        private final String sinceParam;
        private final String sinceField;
        private final String sortField;
        private final java.util.function.Function<Request, Map<String, String>> headers;
        private final java.util.function.IntPredicate failingPages;
        private final Fault pageFault;

        Pages(Builder b) {
            records = b.records;
            paging = b.paging;
            pageParam = b.pageParam;
            pageSizeParam = b.pageSizeParam;
            pageSize = b.pageSize;
            recordsField = b.recordsField;
            totalPages = b.totalPages;
            sinceParam = b.sinceParam;
            sinceField = b.sinceField;
            sortField = b.sortField;
            headers = b.headers;
            failingPages = b.failingPages;
            pageFault = b.pageFault;
        }

        @Override
        public Reply handle(Request r) {
            List<JsonNode> matching = new ArrayList<>(records);
            String since = sinceParam == null ? null : r.param(sinceParam);
            if (since != null) {
                Instant from = instant(since);
                matching.removeIf(o -> instant(o.get(sinceField).asText()).isBefore(from));
            }
            if (sortField != null) {
                matching.sort(
                        java.util.Comparator.comparing(o -> instant(o.get(sortField).asText())));
            }
            int page = 1;
            int size = Math.max(1, matching.size());
            if (paging == Paging.PAGE_NUMBER) {
                String pageText = r.param(pageParam);
                String sizeText = pageSize > 0 ? String.valueOf(pageSize) : r.param(pageSizeParam);
                if (pageText == null || sizeText == null) {
                    return Reply.status(
                            400,
                            "{\"error\":\""
                                    + pageParam
                                    + " and "
                                    + pageSizeParam
                                    + " are required\"}",
                            Map.of());
                }
                page = Integer.parseInt(pageText);
                size = Integer.parseInt(sizeText);
            }
            if (failingPages.test(page)) {
                Faults.Answer a = pageFault.answer();
                return new Reply(a.status(), a.headers(), a.body());
            }
            int from = Math.min(matching.size(), (page - 1) * size);
            ObjectNode body = JSON.createObjectNode();
            if (totalPages) {
                body.put("page", page).put("total_pages", (matching.size() + size - 1) / size);
            }
            body.putArray(recordsField)
                    .addAll(matching.subList(from, Math.min(matching.size(), from + size)));
            return Reply.json(body, headers.apply(r));
        }

        private static Instant instant(String text) {
            return java.time.OffsetDateTime.parse(text).toInstant();
        }
    }

    /**
     * How slowly {@link #trickle} sends: one byte every so many ms, each well within any socket
     * timeout.
     */
    public static final int TRICKLE_MS = 200;

    private final HttpServer server;
    private final com.sun.net.httpserver.HttpContext context;
    private final List<Request> requests = new ArrayList<>();
    private final Clock clock;
    private volatile Handler handler;
    private volatile IntFunction<Fault> faults = n -> Fault.NONE;
    private volatile java.util.function.IntPredicate trickle = n -> false;

    public PagedApi(Handler handler) {
        this(handler, Clock.systemUTC());
    }

    private PagedApi(Handler handler, Clock clock) {
        this.handler = handler;
        this.clock = clock;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        context = server.createContext("/", this::serve);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Puts a filter in front of the handler, e.g. a {@link Faults} to break requests by predicate
     * and count; a request it answers itself is not recorded in {@link #requests}.
     */
    public void addFilter(com.sun.net.httpserver.Filter filter) {
        context.getFilters().add(filter);
    }

    public void handler(Handler handler) {
        this.handler = handler;
    }

    /** Breaks requests by their number (1, 2, ...), counting every request this server receives. */
    public void faults(IntFunction<Fault> faults) {
        this.faults = faults;
    }

    /**
     * Sends the bodies of the chosen requests (by number, as {@link #faults}) one byte every
     * {@value #TRICKLE_MS} ms.
     */
    public void trickle(java.util.function.IntPredicate requests) {
        this.trickle = requests;
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    public static Map<String, String> parseQuery(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k =
                    URLDecoder.decode(
                            eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            q.put(
                    k,
                    eq < 0
                            ? ""
                            : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }

    public static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void serve(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new LinkedHashMap<>();
            ex.getRequestHeaders()
                    .forEach(
                            (k, v) ->
                                    headers.put(
                                            k.toLowerCase(java.util.Locale.ROOT),
                                            String.join(",", v)));
            Request r;
            synchronized (this) {
                r =
                        new Request(
                                requests.size() + 1,
                                ex.getRequestMethod(),
                                ex.getRequestURI().getRawPath(),
                                ex.getRequestURI().getRawQuery(),
                                parseQuery(ex.getRequestURI().getRawQuery()),
                                headers,
                                body,
                                clock.instant());
                requests.add(r);
            }
            Fault fault = faults.apply(r.number());
            if (fault == Fault.CONNECTION_RESET) {
                return; // closed without a status line
            }
            if (fault.answer() != null) {
                fault.answer().send(ex);
                return;
            }
            Reply reply;
            try {
                reply = handler.handle(r);
            } catch (Exception e) {
                reply =
                        new Reply(
                                500,
                                Map.of(),
                                "{\"error\":\"" + e.getClass().getSimpleName() + "\"}");
            }
            if (trickle.test(r.number())) {
                sendSlowly(ex, reply);
            } else if (fault == Fault.BODY_CUT_IN_HALF) {
                send(
                        ex,
                        new Reply(
                                reply.status(),
                                reply.headers(),
                                reply.body().substring(0, reply.body().length() / 2)),
                        1.0);
            } else if (fault == Fault.CONNECTION_CUT_MID_BODY) {
                send(ex, reply, 0.5);
            } else {
                send(ex, reply, 1.0);
            }
        }
    }

    private static void sendSlowly(HttpExchange ex, Reply reply) throws IOException {
        byte[] bytes = encoded(reply);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(reply.status(), bytes.length);
        OutputStream out = ex.getResponseBody();
        try {
            for (byte b : bytes) {
                out.write(b);
                out.flush();
                Thread.sleep(TRICKLE_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("stopped", e);
        }
    }

    /**
     * A reply header naming the charset PagedApi encodes the body in, not sent: to send bytes that
     * contradict the Content-Type.
     */
    public static final String BODY_CHARSET = "X-Test-Body-Charset";

    /**
     * The body in the charset {@link #BODY_CHARSET} names, else in the one its Content-Type header
     * declares (a test's reply may declare iso-8859-1), else UTF-8.
     */
    private static byte[] encoded(Reply reply) {
        if (reply.body() == null) {
            return new byte[0];
        }
        java.nio.charset.Charset charset = StandardCharsets.UTF_8;
        for (Map.Entry<String, String> h : reply.headers().entrySet()) {
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("(?i)charset=\"?([\\w.:-]+)")
                            .matcher(h.getValue());
            if (h.getKey().equalsIgnoreCase("Content-Type")
                    && m.find()
                    && java.nio.charset.Charset.isSupported(m.group(1))) {
                charset = java.nio.charset.Charset.forName(m.group(1));
            }
        }
        String forced = reply.headers().get(BODY_CHARSET);
        return reply.body()
                .getBytes(forced != null ? java.nio.charset.Charset.forName(forced) : charset);
    }

    private static void send(HttpExchange ex, Reply reply, double fraction) throws IOException {
        byte[] bytes = encoded(reply);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        reply.headers()
                .forEach(
                        (k, v) -> {
                            if (!k.equals(BODY_CHARSET)) {
                                ex.getResponseHeaders().set(k, v);
                            }
                        });
        ex.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            OutputStream out = ex.getResponseBody();
            out.write(bytes, 0, (int) (bytes.length * fraction));
            out.flush();
            if (fraction < 1.0) {
                throw new IOException("cut on purpose"); // closes the connection with bytes missing
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
