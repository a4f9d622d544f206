package io.tributary.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.support.Database;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link DecimalDigitsTest} into a DuckDB file, whose widest decimal has 38 digits: a decimal
 * without a declared scale is {@code DECIMAL(38, 9)}, and a value it cannot hold exactly is a dead
 * letter rather than rounded.
 */
class DecimalDigitsOnDuckDbTest extends DecimalDigitsTest {
    @Override
    Database newDatabase() {
        return Database.duckdb();
    }

    @Override
    @Test
    void aDecimalKeepsTheValueOfEveryDigitSent() throws Exception {
        api.connect(tributary, schema("{type: decimal}").toString());
        assertTrue(tributary.sync("items").success(), "one value too wide does not stop the sync");

        assertEquals(
                List.of("16.000000000", "16.500000000", "0.000000000", "7.000000000"), stored());
        assertEquals(
                "123456789012345678901234567890.123456789012345678900",
                db.single("SELECT raw_value FROM tributary_dead_letters WHERE field = 'amount'"));
        String reason = (String) db.single("SELECT reason FROM tributary_dead_letters");
        assertTrue(
                reason.startsWith("DuckDB's DECIMAL(38, 9) cannot hold this value exactly")
                        && reason.contains("nothing is rounded"),
                reason);
    }
}
