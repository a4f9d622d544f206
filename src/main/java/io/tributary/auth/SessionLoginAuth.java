package io.tributary.auth;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.schema.TargetSchema;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Session login, for APIs that hand out a session token in exchange for a user name and password
 * (many ERPs and older internal systems): the credentials are POSTed as JSON to the login URL, the
 * token is read from the answer (a JSON pointer or JSONPath, or a response header) and sent with
 * each call. The connector logs in again when {@code authTokenLifetime} (or the answer's {@code
 * expires_in}) runs out, or when a call gets 401.
 *
 * <pre>
 * auth: session-login
 * authLoginUrl: https://erp.example.com/api/v1/login
 * authUser: "{{env:ERP_USER}}"
 * authSecret: "{{env:ERP_PASSWORD}}"
 * authLoginFields: username,password   # the JSON field names of the two credentials (default)
 * authTokenPath: $.session.token       # or /session/token, or header:X-Session-Token
 * authName: X-Session-Token            # header the token travels in (default: Authorization: Bearer TOKEN)
 * authTokenLifetime: PT30M             # optional; otherwise until expires_in or a 401
 * </pre>
 */
public final class SessionLoginAuth extends TokenAuth {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final TokenEndpoint endpoint;
    private final String user;
    private final String password;
    private final String userField;
    private final String passwordField;
    private final String tokenHeader;
    private final JsonPointer tokenPointer;
    private final String tokenPath;
    private final Duration lifetime;

    SessionLoginAuth(AuthSettings s, Clock clock) {
        super(s.connector(), s.get("authName"), clock, s.secret("authSecret"));
        this.user = s.required("authUser", "is required by auth 'session-login'");
        this.password = s.secret("authSecret");
        String[] fields = s.get("authLoginFields", "username,password").split(",");
        if (fields.length != 2 || fields[0].isBlank() || fields[1].isBlank()) {
            throw s.problem(
                    "authLoginFields",
                    "must name the user and password fields of the login body, e.g. username,password");
        }
        this.userField = fields[0].trim();
        this.passwordField = fields[1].trim();
        this.tokenPath = s.get("authTokenPath", "/token");
        if (tokenPath.startsWith("header:")) {
            this.tokenHeader = tokenPath.substring("header:".length()).trim();
            this.tokenPointer = null;
        } else {
            this.tokenHeader = null;
            try {
                this.tokenPointer = JsonPointer.compile(TargetSchema.toPointer(tokenPath));
            } catch (IllegalArgumentException e) {
                throw s.problem(
                        "authTokenPath",
                        "must be a JSON pointer (/session/token), a JSONPath ($.session.token) "
                                + "or header:NAME");
            }
        }
        this.lifetime = s.duration("authTokenLifetime");
        this.endpoint =
                new TokenEndpoint(
                        connector,
                        s.url("authLoginUrl", "is required by auth 'session-login'"),
                        "login URL",
                        SecretMasker.following(this));
    }

    @Override
    String cacheKey() {
        return fingerprint(endpoint.url(), user, password, tokenPath);
    }

    @Override
    AccessToken fetch() {
        ObjectNode body = JSON.createObjectNode().put(userField, user).put(passwordField, password);
        TokenEndpoint.Answer answer = endpoint.post("application/json", body.toString(), Map.of());
        String token;
        Duration expiresIn = lifetime;
        if (tokenHeader != null) {
            token = answer.headers().firstValue(tokenHeader).orElse(null);
        } else {
            JsonNode json = endpoint.json(answer);
            JsonNode node = json.at(tokenPointer);
            token = node.isValueNode() ? node.asText() : null;
            if (expiresIn == null
                    && json.path("expires_in").canConvertToLong()
                    && json.path("expires_in").asLong() > 0) {
                expiresIn = Duration.ofSeconds(json.path("expires_in").asLong());
            }
        }
        if (token == null || token.isBlank()) {
            throw endpoint.failure(
                    "answered without a token at authTokenPath '" + tokenPath + "'",
                    answer.status(),
                    null);
        }
        known.learn(token);
        LOG.info(
                "connector={} logged in at {} ({})",
                connector,
                endpoint.url(),
                expiresIn == null
                        ? "session used until refused"
                        : "session renewed after " + expiresIn.toSeconds() + " s");
        return AccessToken.expiringIn(token, expiresIn, clock.instant());
    }
}
