package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.Tributary;
import io.tributary.cli.Options;
import io.tributary.cli.RecordCommand;
import io.tributary.cli.TestCommand;
import io.tributary.support.LogCapture;
import io.tributary.support.ShopifyGraphql;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary test} on a Shopify GraphQL connector whose recording waited for the cost bucket
 * ({@link ShopifyGraphql}, shopify.dev/docs/api/usage/rate-limits#graphql-admin-api-rate-limits):
 * the cassette's {@code extensions.cost} says what the recorded bucket held then, which the
 * loopback replay does not have to wait for.
 */
class GraphqlCostReplayTest {
    static final String WAIT = "waiting for the GraphQL cost budget";

    @TempDir Path dir;
    // 100 points restoring 50/s, 40 a query: the third query waits for the refill
    final ShopifyGraphql shopify = new ShopifyGraphql(100, 50, 40);

    @AfterEach
    void stop() {
        shopify.close();
    }

    record Run(int exit, String out, List<String> waits) {}

    Run tributary(String command) {
        Options options =
                Options.parse(
                        command,
                        "orders",
                        "--camel.main.routes-include-pattern=file:" + dir + "/*.camel.yaml",
                        "--tributary.demo.enabled=false",
                        "--shopify.token=" + ShopifyGraphql.TOKEN);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (LogCapture logs = LogCapture.open()) {
            int exit =
                    command.equals("record")
                            ? new RecordCommand(out, Tributary::new).run(options)
                            : new TestCommand(out, Tributary::new).run(options);
            return new Run(
                    exit, bytes.toString(StandardCharsets.UTF_8), logs.linesContaining(WAIT));
        }
    }

    @Test
    void aReplayDoesNotWaitForTheRecordedCostBucket() throws Exception {
        IntStream.rangeClosed(1, 7)
                .forEach(n -> shopify.order(n, "2024-03-01T10:%02d:00Z".formatted(n)));
        String body =
                "{\"query\": \""
                        + ShopifyGraphqlThrottleTest.QUERY
                        + "\", \"variables\": {\"filter\": \"updated_at:>='{cursor}'\"} }";
        Files.writeString(
                dir.resolve("orders.camel.yaml"),
                String.join(
                        "\n",
                        "- route:",
                        "    id: orders",
                        "    from:",
                        "      uri: kamelet:tributary-http-source",
                        "      parameters:",
                        "        schedule: \"timer:orders?period=600000\"",
                        "        url: \"" + shopify.url() + "\"",
                        "        auth: api-key-header",
                        "        authName: X-Shopify-Access-Token",
                        "        authSecret: \"{{shopify.token}}\"",
                        "        pagination: graphql",
                        "        requestBody: 'RAW(" + body.replace("'", "''") + ")'",
                        "        recordsPath: /data/orders/nodes",
                        "        nextPath: /data/orders/pageInfo/endCursor",
                        "        hasMorePath: /data/orders/pageInfo/hasNextPage",
                        "        cursorStart: \"2024-01-01T00:00:00Z\"",
                        "      steps:",
                        "        - to:",
                        "            uri: kamelet:tributary-jdbc-sink",
                        "            parameters: {schema: \""
                                + Path.of(
                                                "src/test/resources/paging/shopify-graphql-orders.schema.yaml")
                                        .toAbsolutePath()
                                + "\", table: shopify_orders}",
                        ""));

        Run recorded = tributary("record");
        assertEquals(Tributary.OK, recorded.exit(), recorded.out());
        assertFalse(recorded.waits().isEmpty(), "the recording waited for the bucket's refill");
        Files.writeString(dir.resolve("orders.expect.yaml"), "outcome: success\nrows: 7\n");

        Run replayed = tributary("test");

        assertEquals(Tributary.OK, replayed.exit(), replayed.out());
        assertTrue(replayed.out().startsWith("PASS orders (7 row(s)"), replayed.out());
        assertEquals(List.of(), replayed.waits(), "no wait for a bucket of the recording");
    }
}
