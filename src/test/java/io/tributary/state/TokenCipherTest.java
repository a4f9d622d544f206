package io.tributary.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.config.Settings;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Sealing refresh tokens: AES-256-GCM bound to the row, a key id to find the key, old keys read.
 */
class TokenCipherTest {
    static final String TOKEN = "rt-5Aep861TSESvWeug_xvFHRBTTbf_YrTWgEyjBJ";
    static final String ROW = "grant-a";

    static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    final String key = newKey();
    final TokenCipher cipher = TokenCipher.of(key);

    @Test
    void aSealedValueIsVersionKeyIdAndBase64AndOpensToTheToken() {
        String sealed = cipher.seal(ROW, TOKEN);

        assertTrue(sealed.matches("v1:[0-9a-f]{8}:[A-Za-z0-9+/]+=*"), sealed);
        assertTrue(sealed.startsWith("v1:" + cipher.keyId() + ":"), sealed);
        assertFalse(sealed.contains(TOKEN));
        assertEquals(TOKEN, cipher.open(ROW, sealed, "grant a"));
        assertTrue(cipher.isCurrent(sealed));
    }

    @Test
    void everyWriteHasItsOwnIvSoTheSameTokenNeverLooksTheSame() {
        assertNotEquals(cipher.seal(ROW, TOKEN), cipher.seal(ROW, TOKEN));
    }

    @Test
    void aValueCopiedIntoAnotherGrantsRowFailsAuthentication() {
        String sealed = cipher.seal(ROW, TOKEN);

        IllegalStateException e =
                assertThrows(
                        IllegalStateException.class,
                        () -> cipher.open("grant-b", sealed, "client b at https://login/token"));
        assertTrue(e.getMessage().contains("fails authentication"), e.getMessage());
        assertTrue(e.getMessage().contains("client b at https://login/token"), e.getMessage());
    }

    @Test
    void aFlippedByteFailsAuthentication() {
        String sealed = cipher.seal(ROW, TOKEN);
        String prefix = sealed.substring(0, sealed.lastIndexOf(':') + 1);
        byte[] bytes = Base64.getDecoder().decode(sealed.substring(prefix.length()));
        for (int i : new int[] {0, 12, bytes.length - 1}) { // the IV, the ciphertext, the tag
            byte[] flipped = bytes.clone();
            flipped[i] ^= 0x01;
            String tampered = prefix + Base64.getEncoder().encodeToString(flipped);

            IllegalStateException e =
                    assertThrows(
                            IllegalStateException.class, () -> cipher.open(ROW, tampered, "d"));
            assertTrue(e.getMessage().contains("the row was altered"), e.getMessage());
            assertFalse(e.getMessage().contains(TOKEN));
        }
    }

    @Test
    void aClearValueWrittenBeforeTheKeyIsReadAsItIsAndMarkedForSealing() {
        assertEquals(TOKEN, cipher.open(ROW, TOKEN, "d"));
        assertFalse(cipher.isCurrent(TOKEN));
        assertTrue(TokenCipher.clearText().isCurrent(TOKEN));
        assertEquals(TOKEN, TokenCipher.clearText().seal(ROW, TOKEN), "no key: as before");
    }

    @Test
    void aValueUnderThePreviousKeyIsReadAndMarkedForSealingUnderTheNewOne() {
        String old = cipher.seal(ROW, TOKEN);
        TokenCipher rotated = TokenCipher.of(newKey(), key);

        assertEquals(TOKEN, rotated.open(ROW, old, "d"));
        assertFalse(rotated.isCurrent(old));
        assertTrue(rotated.isCurrent(rotated.seal(ROW, TOKEN)));
    }

    @Test
    void aValueUnderAnUnknownKeyNamesTheSettingAndBothKeyIdsButNoSecret() {
        String sealed = cipher.seal(ROW, TOKEN);
        String other = newKey();
        TokenCipher wrong = TokenCipher.of(other);

        Settings.SettingException e =
                assertThrows(
                        Settings.SettingException.class,
                        () -> wrong.open(ROW, sealed, "client c at https://login/token"));
        String m = e.getMessage();
        assertTrue(m.startsWith("setting 'tributary.tokens.key'"), m);
        assertTrue(m.contains(cipher.keyId()) && m.contains(wrong.keyId()), m);
        assertTrue(m.contains("tributary.tokens.previous-keys"), m);
        assertTrue(m.contains("client c at https://login/token"), m);
        assertFalse(m.contains(TOKEN) || m.contains(key) || m.contains(other), m);
    }

    @Test
    void aSealedValueWithNoKeySetNamesTheSetting() {
        String sealed = cipher.seal(ROW, TOKEN);

        Settings.SettingException e =
                assertThrows(
                        Settings.SettingException.class,
                        () -> TokenCipher.clearText().open(ROW, sealed, "d"));
        assertTrue(e.getMessage().contains("no key is set"), e.getMessage());
    }

    @Test
    void aKeyThatIsNotThirtyTwoBytesOfBase64IsRefusedNamingTheSettingNotTheValue() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        for (String bad : new String[] {"not base64!", shortKey, "hunter2-is-my-password"}) {
            Settings.SettingException e =
                    assertThrows(Settings.SettingException.class, () -> TokenCipher.of(bad));
            assertTrue(e.getMessage().startsWith("setting 'tributary.tokens.key':"), bad);
            assertTrue(e.getMessage().contains("openssl rand -base64 32"), e.getMessage());
            assertFalse(e.getMessage().contains(bad), e.getMessage());
        }
        Settings.SettingException e =
                assertThrows(Settings.SettingException.class, () -> TokenCipher.of(key, shortKey));
        assertTrue(e.getMessage().startsWith("setting 'tributary.tokens.previous-keys':"));
        assertTrue(e.getMessage().contains("decodes to 16 bytes"), e.getMessage());
    }
}
