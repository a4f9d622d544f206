package io.tributary.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;

/** One RSA key pair for the JWT tests, written as PEM files the way providers hand them out. */
public final class RsaKeys {
    public static final KeyPair PAIR;

    static {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            PAIR = g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private RsaKeys() {}

    public static RSAPublicKey publicKey() {
        return (RSAPublicKey) PAIR.getPublic();
    }

    /** PKCS#8 ({@code BEGIN PRIVATE KEY}), as in a Google service-account key. */
    public static Path pkcs8(Path dir) throws IOException {
        return write(dir.resolve("key-pkcs8.pem"), "PRIVATE KEY", PAIR.getPrivate().getEncoded());
    }

    /** PKCS#1 ({@code BEGIN RSA PRIVATE KEY}), as {@code openssl genrsa} used to write. */
    public static Path pkcs1(Path dir) throws IOException {
        byte[] der = PAIR.getPrivate().getEncoded();
        // PKCS#8 of a 2048-bit key: 26 bytes of header (sequence, version, algorithm, octet-string
        // header), then PKCS#1
        return write(
                dir.resolve("key-pkcs1.pem"),
                "RSA PRIVATE KEY",
                Arrays.copyOfRange(der, 26, der.length));
    }

    /** The Base64 lines of a PEM file, which must never show up in a log. */
    public static java.util.List<String> base64Lines(Path pem) throws IOException {
        return Files.readAllLines(pem).stream()
                .filter(l -> !l.startsWith("-----") && !l.isBlank())
                .toList();
    }

    private static Path write(Path file, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        Files.writeString(
                file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
        return file;
    }
}
