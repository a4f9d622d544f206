package io.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.Tributary;
import io.tributary.support.Database;
import io.tributary.support.ShopifyOrders;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code preview} of a connector whose schema has children prints each child table's rows too. */
class PreviewChildTablesTest {
    final Database db = Database.h2();
    final ShopifyOrders shop = new ShopifyOrders();

    @AfterEach
    void stop() {
        shop.close();
    }

    @Test
    void previewPrintsTheOrdersAndEachChildTableAndWritesNone() {
        shop.order(7001, "2024-10-01T10:00:00Z", 2);
        shop.order(7002, "2024-10-01T11:00:00Z", 3);
        shop.line(7002, 2).put("sku", "SKU-LAST-LINE");
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "preview",
                                "shopify-orders",
                                "--tributary.demo.enabled=false",
                                "--camel.main.routes-include-pattern=file:examples/shopify-orders/shopify-orders.camel.yaml",
                                "--shopify.schedule=timer:shopify-orders?period=3600000",
                                "--shopify.base-url=" + shop.baseUrl(),
                                "--shopify.token=" + ShopifyOrders.TOKEN));
        args.addAll(db.options());
        Options options = Options.parse(args.toArray(String[]::new));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        int exit = new Tributary().start(options, Map.of(), new PreviewCommand(out, options));

        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(Tributary.OK, exit, printed);
        assertTrue(printed.contains("child table __lines: 5 rows"), printed);
        assertTrue(printed.contains("child table __lines__discounts: 5 rows"), printed);
        assertTrue(printed.contains("child table __shipping_lines: 2 rows"), printed);
        assertTrue(printed.contains("SKU-LAST-LINE"), printed);
        assertTrue(printed.contains("_lines_position"), printed);
        assertFalse(db.tableExists("shopify_orders"));
        assertFalse(db.tableExists("shopify_orders__lines"));
    }
}
