package io.tributary.testkit;

import static io.tributary.testkit.ConnectorCassettes.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.Tributary;
import io.tributary.cli.ReplayResult;
import io.tributary.support.AuthServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test kit from a user's JUnit test: a recorded cassette replayed and asserted on in Java. */
class ConnectorCassettesTest {
    final AuthServer api = new AuthServer();
    @TempDir Path dir;

    @AfterEach
    void stop() {
        api.close();
    }

    ConnectorCassettes recorded() throws Exception {
        api.items = 3;
        api.guard = AuthServer.bearerIssuedBy(api);
        Files.writeString(
                dir.resolve("orders.camel.yaml"),
                String.join(
                        "\n",
                        "- templatedRoute:",
                        "    routeTemplateRef: http-to-jdbc",
                        "    parameters:",
                        "      - {name: connector, value: orders}",
                        "      - {name: schedule, value: \"timer:orders?period=60000\"}",
                        "      - {name: url, value: \"" + api.itemsUrl() + "\"}",
                        "      - {name: pageSize, value: 2}",
                        "      - {name: totalPagesPath, value: /total_pages}",
                        "      - {name: recordsPath, value: /items}",
                        "      - {name: schema, value: src/test/resources/auth/items.schema.yaml}",
                        "      - {name: table, value: orders}",
                        "      - {name: auth, value: oauth2-client-credentials}",
                        "      - {name: authTokenUrl, value: \"" + api.tokenUrl() + "\"}",
                        "      - {name: authClientId, value: " + api.clientId + "}",
                        "      - {name: authClientSecret, value: \"{{orders.client-secret}}\"}",
                        ""));
        String[] settings = {
            "--camel.main.routes-include-pattern=file:" + dir + "/*.camel.yaml",
            "--tributary.demo.enabled=false",
            "--orders.client-secret=" + api.clientSecret
        };
        String[] record = new String[settings.length + 2];
        record[0] = "record";
        record[1] = "orders";
        System.arraycopy(settings, 0, record, 2, settings.length);
        assertEquals(Tributary.OK, new Tributary().run(record));
        return ConnectorCassettes.with(settings);
    }

    @Test
    void aReplayIsAssertedOnInJava() throws Exception {
        ConnectorCassettes cassettes = recorded();

        ReplayResult replay = cassettes.replay("orders");

        assertThat(replay)
                .succeeded()
                .askedOnlyWhatWasRecorded()
                .rows(3)
                .includes(Map.of("id", "item-00001", "name", "Item 1"))
                .deadLetters(0);
    }

    @Test
    void aWrongAssertionFailsNamingConnectorAndDifference() throws Exception {
        ReplayResult replay = recorded().replay("orders");

        AssertionError e = assertThrows(AssertionError.class, () -> assertThat(replay).rows(4));

        assertEquals("orders: rows 3, expected 4", e.getMessage());
    }

    @Test
    void theCommandRunsFromJavaWithTheExpectationsFile() throws Exception {
        ConnectorCassettes cassettes = recorded();
        Files.writeString(dir.resolve("orders.expect.yaml"), "rows: 3\n");
        assertEquals(ConnectorCassettes.PASSED, cassettes.test("orders"));

        Files.writeString(dir.resolve("orders.expect.yaml"), "rows: 2\n");
        assertEquals(Tributary.SYNC_FAILED, cassettes.test());
        AssertionError e =
                assertThrows(
                        AssertionError.class,
                        () -> cassettes.assertMeetsExpectations(cassettes.replay("orders")));
        assertTrue(e.getMessage().contains("rows 3, expected 2"), e.getMessage());
    }
}
