package io.tributary.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tributary.schema.ColumnType;
import io.tributary.sql.SqlDialect;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The hand-written lines Tributary is measured against, on the bench's records ({@link
 * Benchmark#COLUMNS}): java.net.http + Jackson streaming on one thread, a bounded queue of parsed
 * pages, and on a second thread the write, so fetching and parsing page n+1 overlaps writing page
 * n.
 *
 * <ul>
 *   <li>{@code raw2} (and {@code raw}, the same line under its earlier name): one JDBC batch of
 *       {@link SqlDialect#upsert} per page and one commit (PostgreSQL {@code INSERT ... ON CONFLICT
 *       DO UPDATE} with {@code reWriteBatchedInserts}; H2 {@code MERGE INTO ... KEY});
 *   <li>{@code rawcopy}: one {@code COPY ... FROM STDIN (FORMAT csv)} per page (PostgreSQL);
 *   <li>{@code fetchparse}: fetch and parse every page, no database: the ceiling of any pipeline
 *       here.
 * </ul>
 */
final class RawPipelines {
    private static final List<Object[]> END = new ArrayList<>();

    private RawPipelines() {}

    /** Fetch and parse only; returns the records parsed. */
    static long fetchParse(String apiUrl, long[] started) throws Exception {
        BlockingQueue<List<Object[]>> pages = new ArrayBlockingQueue<>(2);
        Exception[] failure = new Exception[1];
        Thread fetcher = fetcher(apiUrl, pages, failure);
        Benchmark.start(started);
        fetcher.start();
        long records = 0;
        for (List<Object[]> rows = pages.take(); rows != END; rows = pages.take()) {
            records += rows.size();
        }
        fetcher.join();
        if (failure[0] != null) {
            throw failure[0];
        }
        return records;
    }

    /** The two-thread line into the database, by batched upsert or ({@code copy}) by COPY. */
    static void write(String dbUrl, String apiUrl, long[] started, boolean copy) throws Exception {
        BlockingQueue<List<Object[]>> pages = new ArrayBlockingQueue<>(2);
        Exception[] failure = new Exception[1];
        Thread fetcher = fetcher(apiUrl, pages, failure);
        boolean h2 = dbUrl.startsWith("jdbc:h2");
        try (Connection c =
                DriverManager.getConnection(
                        dbUrl + (h2 ? "" : "&reWriteBatchedInserts=true"),
                        h2 ? "sa" : null,
                        h2 ? "" : null)) {
            SqlDialect dialect = SqlDialect.of(c);
            try (Statement s = c.createStatement()) {
                s.execute(
                        "CREATE TABLE bench_records (id VARCHAR PRIMARY KEY, created_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                                + "amount "
                                + dialect.sqlType(ColumnType.DECIMAL)
                                + ", status VARCHAR, active BOOLEAN, "
                                + "customer_id BIGINT, customer_name VARCHAR, city VARCHAR, tags "
                                + dialect.sqlType(ColumnType.JSON)
                                + ", lines "
                                + dialect.sqlType(ColumnType.JSON)
                                + ", note VARCHAR)");
            }
            c.setAutoCommit(false);
            Benchmark.start(started);
            fetcher.start();
            if (copy) {
                copy(c, pages);
            } else {
                upsert(c, dialect, pages);
            }
        } finally {
            fetcher.join();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private static void upsert(
            Connection c, SqlDialect dialect, BlockingQueue<List<Object[]>> pages)
            throws Exception {
        try (PreparedStatement ps =
                c.prepareStatement(
                        dialect.upsert("bench_records", Benchmark.COLUMNS, List.of("id")))) {
            for (List<Object[]> rows = pages.take(); rows != END; rows = pages.take()) {
                for (Object[] r : rows) {
                    for (int i = 0; i < r.length; i++) {
                        if (i == 8 || i == 9) {
                            dialect.bindJson(ps, i + 1, (String) r[i]);
                        } else {
                            ps.setObject(i + 1, r[i]);
                        }
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            }
        }
    }

    /** COPY ... FROM STDIN in CSV, one COPY and one commit per page. */
    private static void copy(Connection c, BlockingQueue<List<Object[]>> pages) throws Exception {
        org.postgresql.copy.CopyManager copier =
                c.unwrap(org.postgresql.PGConnection.class).getCopyAPI();
        String sql =
                "COPY bench_records ("
                        + String.join(", ", Benchmark.COLUMNS)
                        + ") FROM STDIN WITH (FORMAT csv)";
        for (List<Object[]> rows = pages.take(); rows != END; rows = pages.take()) {
            StringBuilder csv = new StringBuilder(rows.size() * 400);
            for (Object[] r : rows) {
                for (int i = 0; i < r.length; i++) {
                    if (i > 0) {
                        csv.append(',');
                    }
                    Object v =
                            r[i] instanceof OffsetDateTime
                                    ? ((OffsetDateTime) r[i]).toInstant()
                                    : r[i];
                    if (v != null) {
                        csv.append('"').append(v.toString().replace("\"", "\"\"")).append('"');
                    }
                }
                csv.append('\n');
            }
            copier.copyIn(sql, new java.io.StringReader(csv.toString()));
            c.commit();
        }
    }

    /** The fetching thread: every page in turn, parsed into rows, then {@link #END}. */
    private static Thread fetcher(
            String apiUrl, BlockingQueue<List<Object[]>> pages, Exception[] failure) {
        return new Thread(
                () -> {
                    try {
                        HttpClient client = HttpClient.newHttpClient();
                        JsonFactory json = new JsonFactory();
                        int total = 1;
                        for (int page = 1; page <= total; page++) {
                            URI uri =
                                    URI.create(
                                            apiUrl
                                                    + "&page="
                                                    + page
                                                    + "&page_size="
                                                    + BenchApi.PAGE_SIZE);
                            HttpResponse<InputStream> response =
                                    client.send(
                                            HttpRequest.newBuilder(uri).build(),
                                            HttpResponse.BodyHandlers.ofInputStream());
                            List<Object[]> rows = new ArrayList<>(BenchApi.PAGE_SIZE);
                            try (JsonParser p = json.createParser(response.body())) {
                                p.nextToken();
                                while (p.nextToken() == JsonToken.FIELD_NAME) {
                                    String field = p.currentName();
                                    p.nextToken();
                                    if (field.equals("total_pages")) {
                                        total = p.getIntValue();
                                    } else if (field.equals("records")) {
                                        while (p.nextToken() == JsonToken.START_OBJECT) {
                                            rows.add(record(p, json));
                                        }
                                    } else {
                                        p.skipChildren();
                                    }
                                }
                            }
                            pages.put(rows);
                        }
                    } catch (Exception e) {
                        failure[0] = e;
                    } finally {
                        try {
                            pages.put(END);
                        } catch (InterruptedException ignored) {
                            Thread.currentThread().interrupt();
                        }
                    }
                },
                "raw-fetcher");
    }

    private static Object[] record(JsonParser p, JsonFactory json) throws Exception {
        Object[] row = new Object[Benchmark.COLUMNS.size()];
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "id":
                    row[0] = p.getText();
                    break;
                case "created_at":
                    row[1] =
                            OffsetDateTime.parse(p.getText()).withOffsetSameInstant(ZoneOffset.UTC);
                    break;
                case "amount":
                    row[2] = p.getDecimalValue();
                    break;
                case "status":
                    row[3] = p.getText();
                    break;
                case "active":
                    row[4] = t == JsonToken.VALUE_TRUE;
                    break;
                case "customer":
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String f = p.currentName();
                        p.nextToken();
                        if (f.equals("id")) {
                            row[5] = p.getLongValue();
                        } else if (f.equals("name")) {
                            row[6] = p.getText();
                        } else if (f.equals("address")) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String a = p.currentName();
                                p.nextToken();
                                if (a.equals("city")) {
                                    row[7] = p.getText();
                                } else {
                                    p.skipChildren();
                                }
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                    break;
                case "tags":
                    row[8] = jsonText(p, json);
                    break;
                case "lines":
                    row[9] = jsonText(p, json);
                    break;
                case "note":
                    row[10] = p.getText();
                    break;
                default:
                    p.skipChildren();
            }
        }
        return row;
    }

    private static String jsonText(JsonParser p, JsonFactory json) throws Exception {
        StringWriter out = new StringWriter(64);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.copyCurrentStructure(p);
        }
        return out.toString();
    }
}
