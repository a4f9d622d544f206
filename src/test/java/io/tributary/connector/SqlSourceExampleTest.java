package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.Tributary;
import io.tributary.support.Database;
import io.tributary.support.LegacyOrders;
import org.junit.jupiter.api.Test;

/**
 * {@code examples/database-table/} as shipped: its route and schema, run once against an ERP's
 * {@code orders} table in a PostgreSQL database, into another.
 */
class SqlSourceExampleTest {
    static final String ROUTE = "examples/database-table/erp-orders.camel.yaml";

    @Test
    void theExampleLoadsTheErpOrdersAndASecondRunOnlyWhatChanged() {
        Database erp = Database.postgres();
        Database target = Database.postgres();
        LegacyOrders orders = new LegacyOrders(erp).withTiedRows(2500);

        assertEquals(Tributary.OK, once(erp, target));
        assertEquals(orders.rows(), LegacyOrders.rows(target, "erp_orders"));

        orders.update(1, 20, LegacyOrders.BASE.plusDays(1));
        assertEquals(Tributary.OK, once(erp, target));
        assertEquals(orders.rows(), LegacyOrders.rows(target, "erp_orders"));
    }

    static int once(Database erp, Database target) {
        return new Tributary()
                .run(
                        "--once",
                        "--tributary.demo.enabled=false",
                        "--camel.main.routes-include-pattern=file:" + ROUTE,
                        "--erp.db.url=" + erp.url,
                        "--erp.db.user=" + erp.user,
                        "--erp.db.password=unused-here", // the embedded server trusts its user
                        "--tributary.db.url=" + target.url,
                        "--tributary.db.user=" + target.user,
                        "--tributary.db.password=" + target.password);
    }
}
