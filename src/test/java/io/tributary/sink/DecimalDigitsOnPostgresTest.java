package io.tributary.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.support.Database;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's NUMERIC keeps each value's own scale, so there every digit comes back as sent,
 * trailing zeros too.
 */
class DecimalDigitsOnPostgresTest extends DecimalDigitsTest {
    @Override
    Database newDatabase() {
        return Database.postgres();
    }

    @Test
    void aDecimalWithoutScaleComesBackAsTheSourceWroteIt() throws Exception {
        api.connect(tributary, schema("{type: decimal}").toString());
        assertTrue(tributary.sync("items").success());
        assertEquals(
                List.of(
                        "16.0",
                        "16.50",
                        "0.000",
                        "123456789012345678901234567890.123456789012345678900",
                        "7"),
                stored());
    }
}
