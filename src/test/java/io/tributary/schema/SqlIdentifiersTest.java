package io.tributary.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SqlIdentifiersTest {

    @Test
    void acceptsLowerCaseNamesWithDigitsAndUnderscores() {
        assertEquals("weather_observations", SqlIdentifiers.validate("weather_observations"));
        assertEquals("_staging2", SqlIdentifiers.validate("_staging2"));
        assertEquals("a".repeat(63), SqlIdentifiers.validate("a".repeat(63)));
    }

    @Test
    void rejectsNamesThatWouldNeedCareInSql() {
        for (String bad :
                new String[] {
                    "Bad-Name", "Upper", "1st", "", "a b", "t;drop table x", "t\"", "a".repeat(64)
                }) {
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> SqlIdentifiers.validate(bad),
                            bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void rejectsNull() {
        assertThrows(IllegalArgumentException.class, () -> SqlIdentifiers.validate(null));
    }

    @Test
    void quotesAValidName() {
        assertEquals("\"order\"", SqlIdentifiers.quote("order"));
    }

    @Test
    void refusesToQuoteAnInvalidName() {
        assertThrows(IllegalArgumentException.class, () -> SqlIdentifiers.quote("x\" OR 1=1 --"));
    }
}
