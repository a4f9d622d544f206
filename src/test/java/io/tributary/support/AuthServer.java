package io.tributary.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tributary.demo.RecordedRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A protected API and its identity provider on 127.0.0.1, for the authentication tests.
 *
 * <ul>
 *   <li>{@code GET /v1/items?page=&page_size=}: {@code items} items in pages, answered only when
 *       the request passes {@link #guard}, else 401 {@code {"error":"invalid_token",...}};
 *   <li>{@code POST /oauth/token}: client credentials, refresh token with rotation (a used refresh
 *       token is answered {@code invalid_grant} and counted in {@link #reusedRefreshTokens}) and
 *       RFC 7523 JWT bearer assertions checked with {@link #assertionVerifier}; access tokens
 *       expire after {@link #tokenLifetimeSeconds} on this server's clock;
 *   <li>{@code POST /login}: a JSON user/password login that answers a session token in the body
 *       and in the {@code X-Session-Token} header.
 * </ul>
 */
public final class AuthServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    /** One request as received; {@code body} is the raw body for POSTs. */
    public record Request(
            String method,
            String path,
            Map<String, String> query,
            Map<String, String> headers,
            String body) {
        public String header(String name) {
            return headers.get(name);
        }

        public Map<String, String> form() {
            return RecordedRequest.queryParameters(URI.create("/?" + body));
        }
    }

    private final HttpServer server;
    public volatile int items = 250;
    public volatile Predicate<Request> guard = r -> true;
    public volatile String clientId = "tributary-client";
    public volatile String clientSecret = "cs-7Hq2-secret-Zx9";
    public volatile String user = "jane@example.com";
    public volatile String password = "pw-Long-Password-42";
    public volatile long tokenLifetimeSeconds = 3600;
    public volatile boolean rotateRefreshTokens = true;
    public volatile long tokenDelayMs;
    public volatile long pageDelayMs;
    public volatile JWSVerifier assertionVerifier;
    public volatile Runnable beforeItemsPage = () -> {};

    public final List<Request> requests = new CopyOnWriteArrayList<>();
    public final List<String> issuedSecrets = new CopyOnWriteArrayList<>();
    public final AtomicInteger tokenRequests = new AtomicInteger();
    public final AtomicInteger refreshRequests = new AtomicInteger();
    public final AtomicInteger reusedRefreshTokens = new AtomicInteger();
    public final AtomicInteger logins = new AtomicInteger();
    public final AtomicInteger concurrentTokenRequests = new AtomicInteger();
    public final AtomicInteger maxConcurrentTokenRequests = new AtomicInteger();
    private final Map<String, Instant> accessTokens = new ConcurrentHashMap<>();
    private final Set<String> liveRefreshTokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger serial = new AtomicInteger();

    public AuthServer() {
        try {
            server =
                    HttpServer.create(
                            new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(
                Executors.newFixedThreadPool(
                        8,
                        r -> {
                            Thread t = new Thread(r, "auth-server");
                            t.setDaemon(true);
                            return t;
                        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String itemsUrl() {
        return baseUrl() + "/v1/items";
    }

    public String tokenUrl() {
        return baseUrl() + "/oauth/token";
    }

    public String loginUrl() {
        return baseUrl() + "/login";
    }

    /** Hands out a refresh token as an authorization would; returns it. */
    public String authorize() {
        String token = "rt-" + serial.incrementAndGet() + "-" + java.util.UUID.randomUUID();
        liveRefreshTokens.add(token);
        issuedSecrets.add(token);
        return token;
    }

    public boolean isLiveRefreshToken(String token) {
        return liveRefreshTokens.contains(token);
    }

    /** Makes every access token issued so far invalid, as a provider revoking them would. */
    public void revokeAccessTokens() {
        accessTokens.clear();
    }

    public boolean isValidAccessToken(String token) {
        Instant expiry = token == null ? null : accessTokens.get(token);
        return expiry != null && Instant.now().isBefore(expiry);
    }

    public List<Request> itemRequests() {
        return requests.stream().filter(r -> r.path().equals("/v1/items")).toList();
    }

    public long pages(int pageSize) {
        return (items + pageSize - 1) / pageSize;
    }

    // ---- guards ----

    public static Predicate<Request> bearerIssuedBy(AuthServer s) {
        return r -> {
            String h = r.header("Authorization");
            return h != null && h.startsWith("Bearer ") && s.isValidAccessToken(h.substring(7));
        };
    }

    public static Predicate<Request> header(String name, String value) {
        return r -> value.equals(r.header(name));
    }

    // ---- handling ----

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            RecordedRequest rr = RecordedRequest.of(exchange);
            String body =
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request r = new Request(rr.method(), rr.path(), rr.query(), rr.headers(), body);
            requests.add(r);
            switch (r.path()) {
                case "/v1/items":
                    items(exchange, r);
                    break;
                case "/oauth/token":
                    token(exchange, r);
                    break;
                case "/login":
                    login(exchange, r);
                    break;
                default:
                    send(exchange, 404, error("not_found", r.path()));
            }
        } catch (RuntimeException e) {
            send(exchange, 500, error("server_error", String.valueOf(e)));
        }
    }

    private void items(HttpExchange exchange, Request r) throws IOException {
        beforeItemsPage.run();
        sleep(pageDelayMs);
        if (!guard.test(r)) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            send(
                    exchange,
                    401,
                    error("invalid_token", "The access token is missing, expired or revoked"));
            return;
        }
        int page = Integer.parseInt(r.query().getOrDefault("page", "1"));
        int size = Integer.parseInt(r.query().getOrDefault("page_size", "100"));
        ObjectNode out =
                JSON.createObjectNode()
                        .put("page", page)
                        .put("total_pages", (items + size - 1) / size);
        ArrayNode list = out.putArray("items");
        Instant base = Instant.parse("2026-11-01T00:00:00Z");
        for (int i = (page - 1) * size; i < Math.min(items, page * size); i++) {
            list.addObject()
                    .put("id", String.format("item-%05d", i))
                    .put("name", "Item " + i)
                    .put("updated_at", base.plusSeconds(60L * i).toString());
        }
        send(exchange, 200, out);
    }

    private void token(HttpExchange exchange, Request r) throws IOException {
        tokenRequests.incrementAndGet();
        int now = concurrentTokenRequests.incrementAndGet();
        maxConcurrentTokenRequests.accumulateAndGet(now, Math::max);
        try {
            sleep(tokenDelayMs);
            Map<String, String> form = r.form();
            String grant = form.getOrDefault("grant_type", "");
            switch (grant) {
                case "client_credentials":
                    if (!clientAuthenticated(r, form)) {
                        send(
                                exchange,
                                401,
                                error("invalid_client", "Client authentication failed"));
                        return;
                    }
                    send(exchange, 200, accessToken(null));
                    return;
                case "refresh_token":
                    {
                        refreshRequests.incrementAndGet();
                        if (!clientAuthenticated(r, form)) {
                            send(
                                    exchange,
                                    401,
                                    error("invalid_client", "Client authentication failed"));
                            return;
                        }
                        String presented = form.get("refresh_token");
                        boolean live =
                                rotateRefreshTokens
                                        ? liveRefreshTokens.remove(presented)
                                        : liveRefreshTokens.contains(presented);
                        if (!live) {
                            reusedRefreshTokens.incrementAndGet();
                            send(
                                    exchange,
                                    400,
                                    error(
                                            "invalid_grant",
                                            "Refresh token is invalid or was already used"));
                            return;
                        }
                        send(exchange, 200, accessToken(rotateRefreshTokens ? authorize() : null));
                        return;
                    }
                case "urn:ietf:params:oauth:grant-type:jwt-bearer":
                    {
                        String problem = checkAssertion(form.get("assertion"));
                        if (problem != null) {
                            send(exchange, 400, error("invalid_grant", problem));
                            return;
                        }
                        send(exchange, 200, accessToken(null));
                        return;
                    }
                default:
                    send(exchange, 400, error("unsupported_grant_type", grant));
            }
        } finally {
            concurrentTokenRequests.decrementAndGet();
        }
    }

    /** The last assertion's claims, for tests that check them. */
    public volatile JWTClaimsSet lastAssertion;

    private String checkAssertion(String assertion) {
        try {
            SignedJWT jwt = SignedJWT.parse(assertion);
            if (assertionVerifier == null || !jwt.verify(assertionVerifier)) {
                return "assertion signature does not verify";
            }
            JWTClaimsSet c = jwt.getJWTClaimsSet();
            lastAssertion = c;
            if (!c.getAudience().contains(tokenUrl())) {
                return "aud must be the token URL";
            }
            if (c.getExpirationTime() == null || c.getExpirationTime().before(new Date())) {
                return "assertion expired";
            }
            if (c.getIssuer() == null || c.getIssueTime() == null) {
                return "iss and iat are required";
            }
            return null;
        } catch (Exception e) {
            return "malformed assertion: " + e.getMessage();
        }
    }

    /** The client proves itself with a Basic header or with form fields. */
    public final List<String> clientAuthKinds = new CopyOnWriteArrayList<>();

    private boolean clientAuthenticated(Request r, Map<String, String> form) {
        String h = r.header("Authorization");
        if (h != null && h.startsWith("Basic ")) {
            clientAuthKinds.add("basic");
            String pair =
                    new String(Base64.getDecoder().decode(h.substring(6)), StandardCharsets.UTF_8);
            return pair.equals(clientId + ":" + clientSecret);
        }
        clientAuthKinds.add("form");
        return clientId.equals(form.get("client_id"))
                && clientSecret.equals(form.get("client_secret"));
    }

    private ObjectNode accessToken(String refreshToken) {
        String token = "at-" + serial.incrementAndGet() + "-" + java.util.UUID.randomUUID();
        accessTokens.put(token, Instant.now().plusSeconds(tokenLifetimeSeconds));
        issuedSecrets.add(token);
        ObjectNode out =
                JSON.createObjectNode()
                        .put("access_token", token)
                        .put("token_type", "Bearer")
                        .put("expires_in", tokenLifetimeSeconds);
        if (refreshToken != null) {
            out.put("refresh_token", refreshToken);
        }
        return out;
    }

    private void login(HttpExchange exchange, Request r) throws IOException {
        logins.incrementAndGet();
        JsonNode body = JSON.readTree(r.body());
        if (!user.equals(body.path("email").asText())
                || !password.equals(body.path("password").asText())) {
            send(exchange, 401, error("login_failed", "Wrong e-mail or password"));
            return;
        }
        String token = "sess-" + serial.incrementAndGet() + "-" + java.util.UUID.randomUUID();
        accessTokens.put(token, Instant.now().plusSeconds(tokenLifetimeSeconds));
        issuedSecrets.add(token);
        exchange.getResponseHeaders().set("X-Session-Token", token);
        ObjectNode out = JSON.createObjectNode();
        out.putObject("session").put("token", token).put("user", user);
        send(exchange, 200, out);
    }

    private static ObjectNode error(String code, String message) {
        return JSON.createObjectNode().put("error", code).put("error_description", message);
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void sleep(long ms) {
        if (ms > 0) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Every secret this server knows: client secret, password, issued tokens. */
    public List<String> secrets() {
        List<String> all = new ArrayList<>(issuedSecrets);
        all.add(clientSecret);
        all.add(password);
        return all;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
