package io.tributary.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tributary.support.RsaKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtSignerTest {
    static final String SECRET = "hs256-shared-secret-of-32-bytes-or-more!";
    @TempDir Path dir;

    static JWTClaimsSet claims() {
        return new JWTClaimsSet.Builder().issuer("sync").audience("aud").build();
    }

    @Test
    void aPkcs8KeySignsRs256ThatThePublicKeyVerifies() throws Exception {
        JwtSigner signer =
                JwtSigner.from(
                        new AuthSettings()
                                .set("auth", "jwt-self-signed")
                                .set("authKeyFile", RsaKeys.pkcs8(dir).toString())
                                .forConnector("c"));
        SignedJWT jwt = SignedJWT.parse(signer.sign(claims()));
        assertEquals("RS256", jwt.getHeader().getAlgorithm().getName());
        assertTrue(jwt.verify(new RSASSAVerifier(RsaKeys.publicKey())));
    }

    @Test
    void aPkcs1KeyIsReadToo() throws Exception {
        JwtSigner signer =
                JwtSigner.from(
                        new AuthSettings()
                                .set("auth", "jwt-self-signed")
                                .set("authKeyFile", RsaKeys.pkcs1(dir).toString())
                                .forConnector("c"));
        assertTrue(
                SignedJWT.parse(signer.sign(claims()))
                        .verify(new RSASSAVerifier(RsaKeys.publicKey())));
    }

    @Test
    void aSharedSecretSignsHs256() throws Exception {
        JwtSigner signer =
                JwtSigner.from(
                        new AuthSettings()
                                .set("auth", "jwt-bearer")
                                .set("authSecret", SECRET)
                                .forConnector("c"));
        SignedJWT jwt = SignedJWT.parse(signer.sign(claims()));
        assertEquals("HS256", jwt.getHeader().getAlgorithm().getName());
        assertTrue(jwt.verify(new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8))));
    }
}
