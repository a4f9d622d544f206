package io.tributary.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * JWT bearer grant (RFC 7523) for service accounts, e.g. Google APIs: a JWT assertion signed with
 * the account's key ({@code iss} = the account, {@code sub} = the user it acts for, {@code aud} =
 * the token URL, {@code scope}, {@code iat}, {@code exp} five minutes later) is exchanged at the
 * token URL for an access token, cached and shared like client-credentials tokens.
 *
 * <pre>
 * auth: jwt-bearer
 * authTokenUrl: https://oauth2.googleapis.com/token
 * authClientId: tributary@my-project.iam.gserviceaccount.com     # iss
 * authUser: analyst@example.com                                  # sub (default: authClientId)
 * authScope: https://www.googleapis.com/auth/analytics.readonly
 * authKeyFile: /var/run/secrets/google/key.pem                   # RS256; or authSecret for HS256
 * </pre>
 */
public final class JwtBearerAuth extends TokenAuth {
    static final String GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    static final Duration ASSERTION_LIFETIME = Duration.ofMinutes(5);
    private final TokenEndpoint endpoint;
    private final JwtSigner signer;
    private final String issuer;
    private final String subject;
    private final String audience;
    private final String scope;
    private final Map<String, String> extra;
    private final Duration fallbackLifetime;

    JwtBearerAuth(AuthSettings s, Clock clock) {
        this(s, clock, JwtSigner.from(s));
    }

    private JwtBearerAuth(AuthSettings s, Clock clock, JwtSigner signer) {
        super(s.connector(), null, clock, signer.secrets().toArray(String[]::new));
        this.signer = signer;
        String url = s.url("authTokenUrl", "is required by auth 'jwt-bearer'");
        this.issuer =
                s.required(
                        "authClientId",
                        "is required by auth 'jwt-bearer' (the assertion's issuer, iss)");
        this.subject = s.get("authUser", issuer);
        this.audience = s.get("authAudience", url);
        this.scope = s.get("authScope");
        this.extra = s.formFields("authFormFields");
        this.fallbackLifetime = s.duration("authTokenLifetime");
        this.endpoint =
                new TokenEndpoint(connector, url, "token endpoint", SecretMasker.following(this));
    }

    @Override
    String cacheKey() {
        return fingerprint(
                endpoint.url(),
                issuer,
                subject,
                audience,
                scope,
                extra.toString(),
                String.join(",", signer.secrets()));
    }

    @Override
    AccessToken fetch() {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims =
                new JWTClaimsSet.Builder()
                        .issuer(issuer)
                        .subject(subject)
                        .audience(audience)
                        .issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plus(ASSERTION_LIFETIME)))
                        .jwtID(UUID.randomUUID().toString());
        if (scope != null) {
            claims.claim("scope", scope);
        }
        String assertion = signer.sign(claims.build());
        known.learn(assertion);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", GRANT);
        form.put("assertion", assertion);
        form.putAll(extra);
        return accept(
                endpoint.grant(form, Map.of()),
                fallbackLifetime,
                now,
                "exchanged a signed assertion for an access token",
                endpoint.url(),
                "");
    }
}
