package io.tributary.state;

import io.tributary.config.Settings;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the refresh tokens of {@code tributary_tokens} with AES-256-GCM under the key of setting
 * {@value #KEY} (32 random bytes in base64: {@code openssl rand -base64 32}), so a copy of the
 * database or of a backup holds no usable credential:
 *
 * <pre>
 * v1:3f9c0a1e:BASE64(iv(12) | ciphertext | tag(16))
 * </pre>
 *
 * {@code v1} is the format; {@code 3f9c0a1e} names the key (the start of its SHA-256, which says
 * nothing of the key) so a row written under an older key — listed in {@value #PREVIOUS_KEYS},
 * comma-separated — is still read, then sealed again under the current one. Each value gets a fresh
 * random 96-bit IV; the row's {@code token_key} is the associated data, so a value copied into
 * another grant's row fails authentication instead of sending one grant's token for another.
 * Without a key, values stay clear text (as before), and a clear value is still read once a key is
 * set. Errors name the setting, the grant's description and key ids; never a token or a key.
 */
public final class TokenCipher {
    public static final String KEY = "tributary.tokens.key";
    public static final String PREVIOUS_KEYS = "tributary.tokens.previous-keys";
    private static final String VERSION = "v1";
    private static final Pattern SEALED =
            Pattern.compile("v1:([0-9a-f]{8}):([A-Za-z0-9+/]+={0,2})", Pattern.DOTALL);
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Key current;
    private final Map<String, Key> readable;

    private record Key(String id, SecretKeySpec spec) {}

    private TokenCipher(Key current, List<Key> previous) {
        this.current = current;
        this.readable = new LinkedHashMap<>();
        if (current != null) {
            readable.put(current.id(), current);
        }
        previous.forEach(k -> readable.putIfAbsent(k.id(), k));
    }

    /** No key: values are written and read as clear text. */
    public static TokenCipher clearText() {
        return new TokenCipher(null, List.of());
    }

    /**
     * From {@value #KEY} and {@value #PREVIOUS_KEYS} (each may be {@code {{env:...}}} or {@code
     * {{secretfile:...}}}); a key that is not 32 bytes in base64 stops start-up, named.
     */
    public static TokenCipher from(Settings settings) {
        String key = settings.text(KEY, null);
        String previous = settings.text(PREVIOUS_KEYS, null);
        List<Key> old = new ArrayList<>();
        if (previous != null) {
            String[] parts = previous.split(",");
            for (int i = 0; i < parts.length; i++) {
                if (!parts[i].isBlank()) {
                    old.add(key(PREVIOUS_KEYS, parts[i], parts.length > 1 ? i + 1 : 0));
                }
            }
        }
        if (key == null) {
            if (!old.isEmpty()) {
                throw new Settings.SettingException(
                        PREVIOUS_KEYS,
                        null,
                        "is set but " + KEY + " is not: set the new key in " + KEY);
            }
            return clearText();
        }
        return new TokenCipher(key(KEY, key, 0), old);
    }

    /** A key and the previous ones, each as base64 text. */
    public static TokenCipher of(String key, String... previous) {
        List<Key> old = new ArrayList<>();
        for (String p : previous) {
            old.add(key(PREVIOUS_KEYS, p, 0));
        }
        return new TokenCipher(key(KEY, key, 0), old);
    }

    /** A key from its base64 text; {@code position} (1, 2...) names it in a list, 0 alone. */
    private static Key key(String setting, String text, int position) {
        String which = position == 0 ? "" : " (key " + position + " of the list)";
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new Settings.SettingException(
                    setting,
                    null,
                    "is not base64"
                            + which
                            + "; it must be 32 random bytes in base64, e.g. from openssl rand"
                            + " -base64 32");
        }
        if (bytes.length != 32) {
            throw new Settings.SettingException(
                    setting,
                    null,
                    "decodes to "
                            + bytes.length
                            + " bytes"
                            + which
                            + "; it must be 32 random bytes in base64 (AES-256), e.g. from openssl"
                            + " rand -base64 32");
        }
        return new Key(id(bytes), new SecretKeySpec(bytes, "AES"));
    }

    private static String id(byte[] key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key);
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** Whether a key is set (values are sealed). */
    public boolean encrypts() {
        return current != null;
    }

    /** The current key's id, for log lines; null without a key. */
    public String keyId() {
        return current == null ? null : current.id();
    }

    /** The value to store for {@code token} in the row {@code rowKey}. */
    public String seal(String rowKey, String token) {
        if (current == null) {
            return token;
        }
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, current, iv, rowKey);
            byte[] sealed = c.doFinal(token.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
            return VERSION + ":" + current.id() + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /** Whether {@code stored} is already as {@link #seal} writes it now (else: write it again). */
    public boolean isCurrent(String stored) {
        Matcher m = SEALED.matcher(stored);
        return current == null ? !m.matches() : m.matches() && m.group(1).equals(current.id());
    }

    /**
     * The token held by {@code stored} in the row {@code rowKey}: a clear value as it is, a sealed
     * one decrypted with the key its id names.
     *
     * @param description the grant, as errors name it
     * @throws Settings.SettingException when no configured key has the value's id
     * @throws IllegalStateException when the value fails authentication (altered, or moved from
     *     another row)
     */
    public String open(String rowKey, String stored, String description) {
        Matcher m = SEALED.matcher(stored);
        if (!m.matches()) {
            return stored; // written before a key was set
        }
        String where =
                "the stored refresh token of "
                        + description
                        + " (table "
                        + JdbcTokenStore.TABLE
                        + ") ";
        Key key = readable.get(m.group(1));
        if (key == null) {
            throw new Settings.SettingException(
                    KEY,
                    null,
                    where
                            + "was encrypted with key id "
                            + m.group(1)
                            + (current == null
                                    ? ", and no key is set"
                                    : ", which is neither this key (id "
                                            + current.id()
                                            + ") nor one of "
                                            + PREVIOUS_KEYS)
                            + ": set the key it was written with (after a change of key, the"
                            + " old one in "
                            + PREVIOUS_KEYS
                            + ")");
        }
        byte[] bytes = Base64.getDecoder().decode(m.group(2));
        if (bytes.length < IV_BYTES + TAG_BITS / 8) {
            throw new IllegalStateException(where + "is cut short: the row was altered");
        }
        try {
            Cipher c =
                    cipher(
                            Cipher.DECRYPT_MODE,
                            key,
                            java.util.Arrays.copyOf(bytes, IV_BYTES),
                            rowKey);
            byte[] clear = c.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES);
            return new String(clear, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException(
                    where
                            + "fails authentication under key id "
                            + key.id()
                            + ": the row was altered or copied from another grant's row; authorize"
                            + " again and set the new refresh token in authRefreshToken");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    private static Cipher cipher(int mode, Key key, byte[] iv, String rowKey)
            throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, key.spec(), new GCMParameterSpec(TAG_BITS, iv));
        c.updateAAD(rowKey.getBytes(StandardCharsets.UTF_8));
        return c;
    }
}
