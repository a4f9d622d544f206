package io.tributary.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretMaskerTest {

    @Test
    void masksTheSecretInAUrl() {
        SecretMasker masker = new SecretMasker(List.of("abc123"));
        assertEquals(
                "https://api.example.com/v1?page=2&appid=****",
                masker.mask("https://api.example.com/v1?page=2&appid=abc123"));
    }

    @Test
    void masksTheUrlEncodedFormOfTheSecret() {
        SecretMasker masker = new SecretMasker(List.of("k/y+z=1 2"));
        assertEquals(
                "https://h/x?appid=****&page=1",
                masker.mask("https://h/x?appid=k%2Fy%2Bz%3D1+2&page=1"));
    }

    @Test
    void masksEveryOccurrenceInBodyText() {
        SecretMasker masker = new SecretMasker(List.of("abc123"));
        assertEquals(
                "{\"error\":\"invalid key ****\",\"key\":\"****\"}",
                masker.mask("{\"error\":\"invalid key abc123\",\"key\":\"abc123\"}"));
    }

    @Test
    void ignoresSecretsShorterThanThreeCharacters() {
        SecretMasker masker = new SecretMasker(List.of("ab", "x"));
        assertEquals("about a box", masker.mask("about a box"));
    }

    @Test
    void masksASecretOfExactlyThreeCharacters() {
        assertEquals("key=****", new SecretMasker(List.of("xyz")).mask("key=xyz"));
    }

    @Test
    void toleratesNullSecretsAndNullText() {
        SecretMasker masker = new SecretMasker(Arrays.asList(null, "abc123"));
        assertNull(masker.mask(null));
        assertEquals("****", masker.mask("abc123"));
    }

    @Test
    void masksTheLongerOfTwoSecretsThatShareAPrefixWhole() {
        assertEquals("key=****", new SecretMasker(List.of("abc", "abcdef")).mask("key=abcdef"));
    }
}
