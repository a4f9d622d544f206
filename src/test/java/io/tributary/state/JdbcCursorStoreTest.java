package io.tributary.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.UUID;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The cursor store as a bean and as an idempotent consumer's repository in a route. */
class JdbcCursorStoreTest extends CamelTestSupport {
    final JdbcCursorStore store = new JdbcCursorStore(h2());

    static JdbcDataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE");
        return ds;
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:records")
                        .idempotentConsumer(
                                header("observed_at"), store.idempotentRepository("weather"))
                        .to("mock:new");
            }
        };
    }

    @Test
    void aConnectorWithoutACursorHasNone() {
        assertEquals(Optional.empty(), store.load("weather"));
    }

    @Test
    void savesReplacesAndResetsACursorPerConnector() {
        store.save("weather", "2026-11-20T10:00:00Z");
        store.save("weather", "2026-11-20T11:00:00Z");
        store.save("stations", "2026-01-01T00:00:00Z");

        assertEquals(Optional.of("2026-11-20T11:00:00Z"), store.load("weather"));
        store.reset("weather");
        assertEquals(Optional.empty(), store.load("weather"));
        assertEquals(Optional.of("2026-01-01T00:00:00Z"), store.load("stations"));
    }

    @Test
    void resettingAChildStreamForgetsItsCursorForEveryParentAndNothingElse() {
        store.save("tracker_issues/P1", "2026-11-20T10:00:00Z");
        store.save("tracker_issues/P2", "2026-11-20T11:00:00Z");
        store.save(
                "trackerXissues/P1",
                "2026-11-20T12:00:00Z"); // '_' is a LIKE wildcard: must not match
        store.save("tracker_issues_archive", "2026-11-20T13:00:00Z");

        store.reset("tracker_issues");

        assertEquals(Optional.empty(), store.load("tracker_issues/P1"));
        assertEquals(Optional.empty(), store.load("tracker_issues/P2"));
        assertEquals(Optional.of("2026-11-20T12:00:00Z"), store.load("trackerXissues/P1"));
        assertEquals(Optional.of("2026-11-20T13:00:00Z"), store.load("tracker_issues_archive"));
    }

    @Test
    void asAnIdempotentRepositoryItTreatsOlderKeysAsSeenAndMovesOnlyForward() {
        IdempotentRepository repo = store.idempotentRepository("weather");

        assertTrue(repo.add("2026-11-20T10:00:00Z"));
        assertTrue(repo.contains("2026-11-20T09:00:00Z"));
        assertFalse(
                repo.contains("2026-11-20T10:00:00Z"),
                "records at the cursor may not all be committed yet");
        assertFalse(repo.add("2026-11-20T09:30:00Z"));
        assertTrue(repo.add("2026-11-20T10:00:00Z"));
        assertEquals(Optional.of("2026-11-20T10:00:00Z"), store.load("weather"));
    }

    @Test
    void comparesCursorValuesAsInstantsOrNumbersNotAsText() {
        IdempotentRepository repo = store.idempotentRepository("weather");
        repo.add("2026-11-20T10:00:00Z");

        assertFalse(repo.contains("2026-11-20T10:00:00.500Z"), "half a second later is new");
        assertFalse(
                repo.contains("2026-11-20T12:00:00+02:00"),
                "the same instant in another offset is not older");
        assertTrue(repo.contains("2026-11-20T11:59:59+02:00"));

        IdempotentRepository ids = store.idempotentRepository("orders");
        ids.add("9");
        assertFalse(ids.contains("10"), "10 comes after 9");
        assertTrue(ids.add("10"));
        assertEquals(Optional.of("10"), store.load("orders"));
    }

    @Test
    void anIdempotentConsumerInARouteDropsRecordsOlderThanTheCursor() throws Exception {
        store.save("weather", "2026-11-20T10:00:00Z");
        MockEndpoint fresh = getMockEndpoint("mock:new");
        fresh.expectedHeaderValuesReceivedInAnyOrder(
                "observed_at", "2026-11-20T10:00:00Z", "2026-11-20T11:00:00Z");

        for (String at :
                new String[] {
                    "2026-11-20T08:00:00Z",
                    "2026-11-20T10:00:00Z",
                    "2026-11-20T11:00:00Z",
                    "2026-11-20T09:59:59Z"
                }) {
            template.sendBodyAndHeader("direct:records", "{}", "observed_at", at);
        }

        fresh.assertIsSatisfied();
        assertEquals(Optional.of("2026-11-20T11:00:00Z"), store.load("weather"));
    }
}
