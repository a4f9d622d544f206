package io.tributary.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback server shaped like Salesforce Bulk API 2.0 query jobs, on Accounts {@code Id, Name,
 * NumberOfEmployees, SystemModstamp}:
 *
 * <ul>
 *   <li>{@code POST /services/data/v62.0/jobs/query} with {@code {"operation":"query","query":
 *       "SELECT ... WHERE SystemModstamp > 2026-01-01T00:00:00Z"}} (or {@code >=}) creates a job
 *       over the accounts changed after that literal, as they stand now by the server's own clock
 *       (none changed later), and answers {@code {id, state: UploadComplete, createdDate, ...}}
 *       (developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/
 *       api_asynch/query_create_job.htm);
 *   <li>{@code GET .../jobs/query/{id}} answers {@code InProgress} for the first {@link
 *       #pollsBeforeDone} polls, then {@code JobComplete} with {@code numberRecordsProcessed} — or
 *       {@code Failed} with {@code errorMessage} ({@link #failNextJob}) (query_get_one_job.htm);
 *   <li>{@code GET .../jobs/query/{id}/results?locator=&maxRecords=} answers CSV (every field
 *       quoted, a header row in each part) with headers {@code Sforce-Locator} (the next part's
 *       locator, {@code null} after the last) and {@code Sforce-NumberOfRecords}
 *       (query_get_job_results.htm);
 *   <li>{@code DELETE .../jobs/query/{id}} answers 204 and forgets the job (query_delete_job.htm);
 *       an unknown job id answers 404 {@code NOT_FOUND}.
 * </ul>
 *
 * It counts the jobs created, every request by kind and the bytes of the job answers' bodies it
 * sent, and can answer a result part slowly. Its clock ({@link #clock}) may disagree with the
 * host's, as a provider's does: its {@code SystemModstamp}s, {@code createdDate}s and its snapshot
 * all read it.
 */
public final class SalesforceBulkApi implements AutoCloseable {
    public static final String JOBS = "/services/data/v62.0/jobs/query";

    /** The access token every job request must carry, and the one the token endpoint issues. */
    public static final String ACCESS_TOKEN = "00Dxx!sf-session-token";

    public static final String CLIENT_ID = "3MVG9-connected-app";
    public static final String CLIENT_SECRET = "sf-client-secret-8Kq";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SINCE = Pattern.compile("SystemModstamp\\s*(>=?)\\s*(\\S+)");
    private static final java.time.format.DateTimeFormatter SALESFORCE_TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx")
                    .withZone(java.time.ZoneOffset.UTC);

    /** An account as the API holds it. */
    public record Account(String id, String name, int employees, Instant modstamp) {}

    private record Job(String id, List<Account> rows, boolean fails) {}

    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final AtomicInteger created = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong served =
            new java.util.concurrent.atomic.AtomicLong();
    private final HttpServer server;
    private final java.util.concurrent.ExecutorService executor;
    private volatile int pollsBeforeDone = 1;
    private volatile boolean failNext;
    private volatile long partDelayMillis;
    private volatile java.time.Clock clock =
            java.time.Clock.tick(java.time.Clock.systemUTC(), java.time.Duration.ofMillis(1));

    public SalesforceBulkApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(JOBS, this::serve);
        server.createContext("/services/oauth2/token", this::token);
        executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.start();
    }

    /** The instance URL, as {@code https://acme.my.salesforce.com}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public static final Instant BASE = Instant.parse("2026-03-01T09:00:00Z");

    /** Accounts 1..n, account i changed at BASE + i seconds. */
    public SalesforceBulkApi accounts(int n) {
        for (int i = 1; i <= n; i++) {
            put(i, BASE.plusSeconds(i));
        }
        return this;
    }

    /** Account i (new or changed) at {@code modstamp}. */
    public void put(int i, Instant modstamp) {
        String id = id(i);
        accounts.put(id, new Account(id, "Account " + i + ", \"Ltd\"", i % 500, modstamp));
    }

    public static String id(int i) {
        return String.format("001%012d", i);
    }

    /** The provider's clock, e.g. ten minutes behind the host's; to the millisecond, as its own. */
    public SalesforceBulkApi clock(java.time.Clock clock) {
        this.clock = java.time.Clock.tick(clock, java.time.Duration.ofMillis(1));
        return this;
    }

    /** Now, by the provider's clock. */
    public Instant now() {
        return clock.instant();
    }

    public SalesforceBulkApi pollsBeforeDone(int n) {
        this.pollsBeforeDone = n;
        return this;
    }

    /** The next job created ends Failed, with an errorMessage. */
    public SalesforceBulkApi failNextJob() {
        this.failNext = true;
        return this;
    }

    /** Each result part waits this long before it answers. */
    public SalesforceBulkApi partDelay(long millis) {
        this.partDelayMillis = millis;
        return this;
    }

    /** The accounts as they stand, sorted by id: what a table loaded from them holds. */
    public List<Account> all() {
        List<Account> all = new ArrayList<>(accounts.values());
        all.sort(java.util.Comparator.comparing(Account::id));
        return all;
    }

    public int jobsCreated() {
        return created.get();
    }

    /** Every request as {@code METHOD path?query}, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** The SOQL of each job created. */
    public List<String> queries() {
        return List.copyOf(queries);
    }

    public long count(String prefix) {
        return requests.stream().filter(r -> r.startsWith(prefix)).count();
    }

    /** Bytes of the bodies of every job answer sent (create, polls, result parts, errors). */
    public long bytesServed() {
        return served.get();
    }

    /** Jobs the server still holds (not deleted). */
    public int jobsHeld() {
        return jobs.size();
    }

    private void serve(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String query = ex.getRequestURI().getRawQuery();
            requests.add(ex.getRequestMethod() + " " + path + (query == null ? "" : "?" + query));
            if (!("Bearer " + ACCESS_TOKEN)
                    .equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                answer(
                        ex,
                        401,
                        "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]");
                return;
            }
            String rest = path.substring(JOBS.length());
            if (rest.isEmpty() || rest.equals("/")) {
                if (!ex.getRequestMethod().equals("POST")) {
                    answer(ex, 405, "[]");
                    return;
                }
                create(ex);
                return;
            }
            String[] parts = rest.substring(1).split("/");
            Job job = jobs.get(parts[0]);
            if (job == null) {
                answer(
                        ex,
                        404,
                        "[{\"errorCode\":\"NOT_FOUND\",\"message\":\"The requested resource does not exist\"}]");
                return;
            }
            if (parts.length == 1 && ex.getRequestMethod().equals("DELETE")) {
                jobs.remove(job.id());
                ex.sendResponseHeaders(204, -1);
            } else if (parts.length == 1) {
                status(ex, job);
            } else if (parts.length == 2 && parts[1].equals("results")) {
                results(ex, job, query(query));
            } else {
                answer(ex, 404, "[]");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The OAuth 2.0 client credentials flow of a connected app (help.salesforce.com, "OAuth 2.0
     * Client Credentials Flow for Server-to-Server Integration"): {@code POST
     * /services/oauth2/token} with {@code grant_type=client_credentials}, the client's id and
     * secret as form fields.
     */
    private void token(HttpExchange ex) throws IOException {
        try (ex) {
            requests.add("POST /services/oauth2/token");
            Map<String, String> form =
                    query(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (!"client_credentials".equals(form.get("grant_type"))
                    || !CLIENT_ID.equals(form.get("client_id"))
                    || !CLIENT_SECRET.equals(form.get("client_secret"))) {
                answer(
                        ex,
                        400,
                        "{\"error\":\"invalid_client\",\"error_description\":\"invalid client credentials\"}");
                return;
            }
            answer(
                    ex,
                    200,
                    "{\"access_token\":\""
                            + ACCESS_TOKEN
                            + "\",\"instance_url\":\""
                            + url()
                            + "\",\"token_type\":\"Bearer\",\"issued_at\":\"1767225600000\"}");
        }
    }

    private void create(HttpExchange ex) throws IOException {
        JsonNode body = JSON.readTree(ex.getRequestBody());
        String soql = body.path("query").asText();
        queries.add(soql);
        Matcher m = SINCE.matcher(soql);
        boolean found = m.find();
        Instant since = found ? Instant.parse(m.group(2)) : Instant.EPOCH;
        boolean orEqual = found && m.group(1).equals(">=");
        Instant snapshot = clock.instant();
        List<Account> rows = new ArrayList<>();
        for (Account a : all()) {
            if ((a.modstamp().isAfter(since) || orEqual && a.modstamp().equals(since))
                    && !a.modstamp().isAfter(snapshot)) {
                rows.add(a);
            }
        }
        String id = String.format("750R0000%010d", created.incrementAndGet());
        jobs.put(id, new Job(id, rows, failNext));
        failNext = false;
        polls.put(id, new AtomicInteger());
        answer(
                ex,
                200,
                "{\"id\":\""
                        + id
                        + "\",\"operation\":\"query\",\"object\":\"Account\",\"state\":\"UploadComplete\","
                        + "\"createdDate\":\""
                        + SALESFORCE_TIME.format(snapshot)
                        + "\","
                        + "\"concurrencyMode\":\"Parallel\",\"contentType\":\"CSV\",\"apiVersion\":62.0,"
                        + "\"lineEnding\":\"LF\",\"columnDelimiter\":\"COMMA\"}");
    }

    private void status(HttpExchange ex, Job job) throws IOException {
        int n = polls.get(job.id()).incrementAndGet();
        String state = n <= pollsBeforeDone ? "InProgress" : job.fails() ? "Failed" : "JobComplete";
        answer(
                ex,
                200,
                "{\"id\":\""
                        + job.id()
                        + "\",\"operation\":\"query\",\"object\":\"Account\",\"state\":\""
                        + state
                        + "\",\"numberRecordsProcessed\":"
                        + (state.equals("JobComplete") ? job.rows().size() : 0)
                        + (state.equals("Failed")
                                ? ",\"errorMessage\":\"INVALID_FIELD: No such column 'Revenue' on entity 'Account'\""
                                : "")
                        + ",\"retries\":0}");
    }

    private void results(HttpExchange ex, Job job, Map<String, String> q)
            throws IOException, InterruptedException {
        if (partDelayMillis > 0) {
            Thread.sleep(partDelayMillis);
        }
        int from = q.containsKey("locator") ? Integer.parseInt(q.get("locator")) : 0;
        int max = q.containsKey("maxRecords") ? Integer.parseInt(q.get("maxRecords")) : 50_000;
        int to = Math.min(job.rows().size(), from + max);
        ex.getResponseHeaders().set("Content-Type", "text/csv");
        ex.getResponseHeaders()
                .set("Sforce-Locator", to < job.rows().size() ? Integer.toString(to) : "null");
        ex.getResponseHeaders().set("Sforce-NumberOfRecords", Integer.toString(to - from));
        ex.sendResponseHeaders(200, 0);
        java.io.OutputStream counted =
                new java.io.FilterOutputStream(ex.getResponseBody()) {
                    @Override
                    public void write(int b) throws IOException {
                        out.write(b);
                        served.incrementAndGet();
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                        served.addAndGet(len);
                    }
                };
        try (BufferedWriter w =
                new BufferedWriter(
                        new OutputStreamWriter(counted, StandardCharsets.UTF_8), 1 << 16)) {
            w.write("\"Id\",\"Name\",\"NumberOfEmployees\",\"SystemModstamp\"\n");
            for (int i = from; i < to; i++) {
                Account a = job.rows().get(i);
                w.write('"' + a.id() + "\",\"" + a.name().replace("\"", "\"\"") + "\",\"");
                w.write(a.employees() + "\",\"" + a.modstamp() + "\"\n");
            }
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    q.put(
                            URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }

    private void answer(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        if (ex.getRequestURI().getPath().startsWith(JOBS)) {
            served.addAndGet(b.length); // the token endpoint's answers are auth's, not the job's
        }
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow(); // its threads would keep a JVM (the benchmark's) alive
    }
}
