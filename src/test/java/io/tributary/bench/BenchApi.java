package io.tributary.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The benchmark's source: a loopback API that pages through {@code n} records (about 500 bytes
 * each, with nested objects and arrays), 1000 per page, from pages rendered into memory before the
 * clock starts, so the server is never the bottleneck.
 *
 * <pre>
 * GET /records?page=3&amp;page_size=1000
 * -&gt; {"page":3,"total_pages":1000,"records":[{"id":"r0000002001","created_at":"2026-01-01T00:33:21Z",...}]}
 * </pre>
 */
public final class BenchApi implements AutoCloseable {
    public static final int PAGE_SIZE = 1000;
    private final byte[][] pages;
    private final HttpServer server;

    public BenchApi(int records) throws IOException {
        int total = (records + PAGE_SIZE - 1) / PAGE_SIZE;
        pages = new byte[total][];
        for (int p = 0; p < total; p++) {
            StringBuilder sb = new StringBuilder(PAGE_SIZE * 520);
            sb.append("{\"page\":")
                    .append(p + 1)
                    .append(",\"total_pages\":")
                    .append(total)
                    .append(",\"records\":[");
            for (int i = p * PAGE_SIZE; i < Math.min(records, (p + 1) * PAGE_SIZE); i++) {
                if (i > p * PAGE_SIZE) {
                    sb.append(',');
                }
                record(sb, i);
            }
            sb.append("]}");
            pages[p] = sb.toString().getBytes(StandardCharsets.UTF_8);
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext(
                "/records",
                exchange -> {
                    String query = exchange.getRequestURI().getRawQuery();
                    int page = 1;
                    int last = pages.length;
                    for (String pair : query == null ? new String[0] : query.split("&")) {
                        if (pair.startsWith("page=")) {
                            page = Integer.parseInt(pair.substring(5));
                        } else if (pair.startsWith(
                                "limit=")) { // the first N records only (whole pages)
                            last =
                                    Math.min(
                                            last,
                                            (Integer.parseInt(pair.substring(6)) + PAGE_SIZE - 1)
                                                    / PAGE_SIZE);
                        }
                    }
                    byte[] body =
                            page >= 1 && page <= last && last == pages.length
                                    ? pages[page - 1]
                                    : page >= 1 && page <= last
                                            ? withTotal(pages[page - 1], pages.length, last)
                                            : ("{\"page\":"
                                                            + page
                                                            + ",\"total_pages\":"
                                                            + last
                                                            + ",\"records\":[]}")
                                                    .getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                });
        server.start();
    }

    private static byte[] withTotal(byte[] page, int total, int last) {
        String text = new String(page, StandardCharsets.UTF_8);
        return text.replaceFirst("\"total_pages\":" + total + ",", "\"total_pages\":" + last + ",")
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * One record: ids, an ISO timestamp, money as a decimal, a nested customer, tags and order
     * lines.
     */
    static void record(StringBuilder sb, int i) {
        long second = 1_767_225_600L + i; // 2026-01-01T00:00:00Z + i seconds
        sb.append("{\"id\":\"r")
                .append(String.format("%010d", i))
                .append('"')
                .append(",\"created_at\":\"")
                .append(java.time.Instant.ofEpochSecond(second))
                .append('"')
                .append(",\"amount\":")
                .append(i % 100_000)
                .append('.')
                .append(String.format("%02d", i % 100))
                .append(",\"status\":\"")
                .append(i % 3 == 0 ? "open" : i % 3 == 1 ? "paid" : "refunded")
                .append('"')
                .append(",\"active\":")
                .append(i % 2 == 0)
                .append(",\"customer\":{\"id\":")
                .append(i % 5000)
                .append(",\"name\":\"Customer ")
                .append(i % 5000)
                .append("\",\"address\":{\"city\":\"Berlin\",\"country\":\"DE\",\"zip\":\"10")
                .append(String.format("%03d", i % 1000))
                .append("\"}}")
                .append(",\"tags\":[\"alpha\",\"beta\",\"t")
                .append(i % 17)
                .append("\"]")
                .append(",\"lines\":[{\"sku\":\"SKU-")
                .append(i % 911)
                .append("\",\"qty\":2,\"price\":9.99},{\"sku\":\"SKU-")
                .append(i % 313)
                .append("\",\"qty\":1,\"price\":19.50}]")
                .append(
                        ",\"note\":\"Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua; ut enim ad minim veniam ")
                .append(i)
                .append("\"}");
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/records";
    }

    public int averageRecordBytes() {
        return pages.length == 0 ? 0 : pages[0].length / PAGE_SIZE;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
