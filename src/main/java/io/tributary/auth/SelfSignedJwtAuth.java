package io.tributary.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * A JWT the connector signs itself and sends as {@code Authorization: Bearer JWT}, with no token
 * endpoint: Google APIs accept service-account JWTs this way, and so do many internal APIs with a
 * shared HS256 secret. A new JWT is signed shortly before the previous one expires ({@code
 * authTokenLifetime}, default one hour), or when the API answers 401.
 *
 * <pre>
 * auth: jwt-self-signed
 * authClientId: tributary@my-project.iam.gserviceaccount.com     # iss
 * authAudience: https://bigquery.googleapis.com/                  # aud
 * authKeyFile: /var/run/secrets/google/key.pem                   # RS256; or authSecret for HS256
 * authKeyId: 6f1c...                                             # kid, when the API needs it
 * </pre>
 */
public final class SelfSignedJwtAuth extends TokenAuth {
    static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);
    private final JwtSigner signer;
    private final String issuer;
    private final String subject;
    private final String audience;
    private final String scope;
    private final Duration lifetime;

    SelfSignedJwtAuth(AuthSettings s, Clock clock) {
        this(s, clock, JwtSigner.from(s));
    }

    private SelfSignedJwtAuth(AuthSettings s, Clock clock, JwtSigner signer) {
        super(s.connector(), null, clock, signer.secrets().toArray(String[]::new));
        this.signer = signer;
        this.issuer =
                s.required(
                        "authClientId",
                        "is required by auth 'jwt-self-signed' (the JWT's issuer, iss)");
        this.subject = s.get("authUser", issuer);
        this.audience =
                s.required(
                        "authAudience",
                        "is required by auth 'jwt-self-signed' (the JWT's audience, aud)");
        this.scope = s.get("authScope");
        Duration d = s.duration("authTokenLifetime");
        this.lifetime = d == null ? DEFAULT_LIFETIME : d;
    }

    @Override
    String cacheKey() {
        return fingerprint(
                issuer,
                subject,
                audience,
                scope,
                lifetime.toString(),
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
                        .expirationTime(Date.from(now.plus(lifetime)))
                        .jwtID(UUID.randomUUID().toString());
        if (scope != null) {
            claims.claim("scope", scope);
        }
        return AccessToken.expiringIn(signer.sign(claims.build()), lifetime, now);
    }
}
