package io.tributary.support;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;

/**
 * A loopback export endpoint answering records {@code {id, name, quantity, updated_at}} in the text
 * formats data exports use, sorted by {@code updated_at} then id, filtered by {@code
 * since=<updated_at>} (at or after) and paged by {@code page} / {@code per_page} when asked:
 *
 * <ul>
 *   <li>CSV as Salesforce Bulk API 2.0 query results are written (RFC 4180, a header row, {@code
 *       Content-Type: text/csv}; developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/
 *       api_asynch/get_job_results.htm);
 *   <li>JSON Lines as Elasticsearch and Zendesk exports stream them ({@code application/x-ndjson},
 *       one object a line);
 *   <li>XML as a SOAP 1.1 document/literal response ({@code text/xml}), the records {@code
 *       <m:Item>} elements in namespace {@code urn:example:items}, a {@code <m:NextPage>} element
 *       after them while more pages follow.
 * </ul>
 *
 * A body can be sent gzip'd with {@code Content-Encoding: gzip} (as any HTTP server may), or as a
 * {@code .csv.gz} file download ({@code application/gzip}, no Content-Encoding). A test can also
 * put broken lines into a body ({@link #breakLines}).
 */
public final class ExportApi implements AutoCloseable {
    public enum Format {
        CSV,
        JSONL,
        XML
    }

    public enum Gzip {
        NONE,
        CONTENT_ENCODING,
        FILE
    }

    /** One record. */
    public record Item(String id, String name, int quantity, Instant updatedAt) {}

    private final Map<String, Item> items = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private volatile Format format = Format.CSV;
    private volatile Gzip gzip = Gzip.NONE;
    private volatile boolean declareType = true;
    private volatile java.nio.charset.Charset charset = StandardCharsets.UTF_8;
    private volatile boolean declareCharset = true;
    private volatile java.util.function.Function<String, String> breakLines = body -> body;
    private volatile String contentType; // null: the format's own
    private volatile boolean negotiates;
    private final List<String> accepts = new CopyOnWriteArrayList<>();

    public ExportApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/export", this::serve);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/export";
    }

    public ExportApi format(Format format) {
        this.format = format;
        return this;
    }

    public ExportApi gzip(Gzip gzip) {
        this.gzip = gzip;
        return this;
    }

    /** Whether the answer names its format in Content-Type (else {@code text/plain}). */
    public ExportApi declaresContentType(boolean declare) {
        this.declareType = declare;
        return this;
    }

    /**
     * Sends bodies in this charset, naming it in Content-Type or not (as an export from a Windows
     * system often does not).
     */
    public ExportApi charset(java.nio.charset.Charset charset, boolean declared) {
        this.charset = charset;
        this.declareCharset = declared;
        return this;
    }

    /**
     * Answers with this Content-Type whatever the format (an NDJSON export as application/json).
     */
    public ExportApi contentType(String type) {
        this.contentType = type;
        return this;
    }

    /**
     * Answers as the request's {@code Accept} asks, as APIs with both representations do: a request
     * that accepts JSON and not this format gets the records as one JSON document.
     */
    public ExportApi negotiatesByAccept() {
        this.negotiates = true;
        return this;
    }

    /** The Accept header of each request, in order ("" when absent). */
    public List<String> accepts() {
        return List.copyOf(accepts);
    }

    /** Rewrites each body before it is sent: to put a broken line into it. */
    public ExportApi breakLines(java.util.function.Function<String, String> rewrite) {
        this.breakLines = rewrite;
        return this;
    }

    public void put(String id, String name, int quantity, Instant updatedAt) {
        items.put(id, new Item(id, name, quantity, updatedAt));
    }

    public int size() {
        return items.size();
    }

    /** The raw query of each request, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void serve(HttpExchange ex) throws IOException {
        try (ex) {
            String query = ex.getRequestURI().getRawQuery();
            requests.add(query == null ? "" : query);
            String accept =
                    String.join(", ", ex.getRequestHeaders().getOrDefault("Accept", List.of()));
            accepts.add(accept);
            Map<String, String> params = PagedApi.parseQuery(query);
            List<Item> selected = new ArrayList<>(items.values());
            String since = params.get("since");
            if (since != null && !since.isBlank()) {
                Instant from = Instant.parse(since);
                selected.removeIf(i -> i.updatedAt().isBefore(from));
            }
            selected.sort(Comparator.comparing(Item::updatedAt).thenComparing(Item::id));
            boolean more = false;
            String page = params.getOrDefault("page", "1");
            if (params.containsKey("page") || params.containsKey("per_page")) {
                int number = Integer.parseInt(page);
                int size = Integer.parseInt(params.getOrDefault("per_page", "100"));
                int from = Math.min((number - 1) * size, selected.size());
                int to = Math.min(from + size, selected.size());
                more = to < selected.size();
                selected = selected.subList(from, to);
            }
            String own =
                    switch (format) {
                        case CSV -> "text/csv";
                        case JSONL -> "application/x-ndjson";
                        case XML -> "text/xml";
                    };
            if (negotiates && accept.contains("application/json") && !accept.contains(own)) {
                ArrayNode records = PagedApi.JSON.createArrayNode();
                selected.forEach(i -> records.add(json(i)));
                byte[] json =
                        PagedApi.JSON
                                .createObjectNode()
                                .set("items", records)
                                .toString()
                                .getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, json.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(json);
                }
                return;
            }
            String body = breakLines.apply(render(selected, more, page));
            byte[] bytes = body.getBytes(charset);
            String named =
                    declareCharset
                            ? "; charset=" + charset.name().toLowerCase(java.util.Locale.ROOT)
                            : "";
            String type =
                    contentType != null
                            ? contentType
                            : !declareType
                                    ? "text/plain" + named
                                    : switch (format) {
                                        case CSV -> "text/csv" + named;
                                        case JSONL -> "application/x-ndjson" + named;
                                        case XML -> "text/xml" + named;
                                    };
            if (gzip != Gzip.NONE) {
                ByteArrayOutputStream zipped = new ByteArrayOutputStream();
                try (GZIPOutputStream out = new GZIPOutputStream(zipped)) {
                    out.write(bytes);
                }
                bytes = zipped.toByteArray();
                if (gzip == Gzip.CONTENT_ENCODING) {
                    ex.getResponseHeaders().set("Content-Encoding", "gzip");
                } else {
                    type = "application/gzip";
                    ex.getResponseHeaders()
                            .set("Content-Disposition", "attachment; filename=items.csv.gz");
                }
            }
            ex.getResponseHeaders().set("Content-Type", type);
            ex.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private String render(List<Item> selected, boolean more, String page) {
        StringBuilder b = new StringBuilder();
        switch (format) {
            case CSV -> {
                b.append("id,name,quantity,updated_at\r\n");
                for (Item i : selected) {
                    b.append(i.id())
                            .append(',')
                            .append(csv(i.name()))
                            .append(',')
                            .append(i.quantity())
                            .append(',')
                            .append(i.updatedAt())
                            .append("\r\n");
                }
            }
            case JSONL -> {
                for (Item i : selected) {
                    b.append(json(i)).append('\n');
                }
            }
            case XML -> {
                b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                        .append(
                                "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">")
                        .append("<soap:Body><r:ListItemsResponse xmlns:r=\"urn:example:items\">");
                for (Item i : selected) {
                    b.append("<r:Item kind=\"stock\"><r:id>")
                            .append(i.id())
                            .append("</r:id><r:name>")
                            .append(xml(i.name()))
                            .append("</r:name><r:quantity>")
                            .append(i.quantity())
                            .append("</r:quantity><r:updated_at>")
                            .append(i.updatedAt())
                            .append("</r:updated_at></r:Item>");
                }
                if (more) {
                    b.append("<r:NextPage>")
                            .append(Integer.parseInt(page) + 1)
                            .append("</r:NextPage>");
                }
                b.append("</r:ListItemsResponse></soap:Body></soap:Envelope>");
            }
        }
        return b.toString();
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode json(Item i) {
        return PagedApi.JSON
                .createObjectNode()
                .put("id", i.id())
                .put("name", i.name())
                .put("quantity", i.quantity())
                .put("updated_at", i.updatedAt().toString());
    }

    private static String csv(String value) {
        return value.contains(",") || value.contains("\"") || value.contains("\n")
                ? "\"" + value.replace("\"", "\"\"") + "\""
                : value;
    }

    private static String xml(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
