package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.support.ConnectorHarness;
import io.tributary.support.Database;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A connector checks every setting before it opens anything: one that fails a check made only while
 * its parts are built (not by the declarations' simple kinds) stops start-up with no target table
 * created, no rate limiter or call policy bound, and nothing registered under its name — in both
 * forms.
 */
class ChecksBeforeOpeningTest {
    static final AtomicInteger IDS = new AtomicInteger();
    static ConnectorHarness template;
    static ConnectorHarness kamelets;

    static Stream<Arguments> lateChecks() {
        return Stream.of(false, true)
                .flatMap(
                        kameletForm ->
                                Stream.of(
                                        Arguments.of(
                                                kameletForm,
                                                "errorPolicy",
                                                "404=shrug",
                                                "rule '404=shrug' must look like"),
                                        Arguments.of(
                                                kameletForm,
                                                "allowedHosts",
                                                "uploads github com",
                                                "is not a host or host:port"),
                                        Arguments.of(
                                                kameletForm,
                                                "rateLimit",
                                                "nowhere",
                                                "no budget is set"),
                                        Arguments.of(
                                                kameletForm,
                                                "cursorFormat",
                                                "yyyy-qq-bogus",
                                                "must be source, iso, epoch-seconds")));
    }

    @BeforeAll
    static void start() throws Exception {
        template = new ConnectorHarness(Database.h2()).start();
        kamelets = new ConnectorHarness(Database.h2()).inKameletForm().start();
    }

    @AfterAll
    static void stop() throws Exception {
        template.close();
        kamelets.close();
    }

    @ParameterizedTest(name = "kamelet form {0}")
    @ValueSource(booleans = {false, true})
    void theSameConnectorWithoutTheMistakeOpensItsTable(boolean kameletForm) throws Exception {
        ConnectorHarness tributary = kameletForm ? kamelets : template;
        String id = "good-" + IDS.incrementAndGet();
        String table = "good_" + IDS.get();

        tributary.add(id, connector(table));

        assertTrue(tributary.db.tableExists(table));
        assertNotNull(tributary.context().getRegistry().lookupByName("tributaryConnector:" + id));
    }

    @ParameterizedTest(name = "kamelet form {0}: {1}={2}")
    @MethodSource("lateChecks")
    void aBadSettingStopsStartUpBeforeTheTableIsCreated(
            boolean kameletForm, String parameter, String value, String problem) {
        ConnectorHarness tributary = kameletForm ? kamelets : template;
        String id = "late-" + IDS.incrementAndGet();
        String table = "late_check_" + IDS.get();
        Map<String, String> p = connector(table);
        p.put(parameter, value);

        Exception e = assertThrows(Exception.class, () -> tributary.add(id, p));

        String messages = HttpToJdbcTemplateTest.messages(e);
        assertTrue(
                messages.contains(
                        "connector '" + id + "': parameter '" + parameter + "' value '" + value),
                messages);
        assertTrue(messages.contains(problem), messages);
        assertFalse(tributary.db.tableExists(table), "the bad connector created " + table);
        var registry = tributary.context().getRegistry();
        assertNull(registry.lookupByName("tributaryConnector:" + id));
        assertNull(registry.lookupByName("tributaryCallPolicy:" + id));
    }

    private static Map<String, String> connector(String table) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("url", "http://127.0.0.1:9/v1/observations");
        p.put("auth", "api-key-query");
        p.put("authName", "apikey");
        p.put("authSecret", "key-123");
        p.put("recordsPath", "/observations");
        p.put("cursorParam", "since");
        p.put("schema", "routes/weather-observations.schema.yaml");
        p.put("table", table);
        return p;
    }
}
