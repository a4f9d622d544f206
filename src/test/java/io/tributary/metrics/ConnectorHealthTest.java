package io.tributary.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

class ConnectorHealthTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T06:00:00Z"));
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    ConnectorHealth health(String... settings) {
        DefaultCamelContext context = new DefaultCamelContext();
        Properties p = new Properties();
        for (int i = 0; i < settings.length; i += 2) {
            p.setProperty(settings[i], settings[i + 1]);
        }
        context.getPropertiesComponent().setOverrideProperties(p);
        ConnectorHealth health = new ConnectorHealth(context, clock, meters);
        health.registered("inventory");
        return health;
    }

    SyncOutcome outcome(boolean success) {
        return new SyncOutcome(
                "inventory",
                success,
                clock.instant(),
                Duration.ofSeconds(2),
                1,
                10,
                10,
                0,
                null,
                success ? null : "page 1: HTTP 503 Service Unavailable");
    }

    @Test
    void aNewConnectorIsUp() {
        assertTrue(health().status("inventory").up());
    }

    @Test
    void itGoesDownAfterMaxFailuresInARowWithTheLatestErrorAndUpAfterASuccess() {
        ConnectorHealth health = health("tributary.health.max-failures", "2");
        health.finished(outcome(false));
        assertTrue(health.status("inventory").up(), "one failure is not yet a pattern");

        health.finished(outcome(false));
        ConnectorHealth.Status down = health.status("inventory");
        assertFalse(down.up());
        assertTrue(
                down.reason().contains("the last 2 syncs failed")
                        && down.reason().contains("HTTP 503"),
                down.reason());
        assertEquals(
                0.0,
                meters.get("tributary.connector.healthy")
                        .tag("connector", "inventory")
                        .gauge()
                        .value());

        health.finished(outcome(true));
        assertTrue(health.status("inventory").up());
        assertEquals(
                1.0,
                meters.get("tributary.connector.healthy")
                        .tag("connector", "inventory")
                        .gauge()
                        .value());
    }

    @Test
    void itGoesDownWhenTheLastSuccessIsOlderThanTheFreshnessAndUpWhenFreshAgain() {
        ConnectorHealth health = health("tributary.health.freshness", "PT1H");
        health.finished(outcome(true));
        clock.advance(Duration.ofMinutes(59));
        assertTrue(health.status("inventory").up());

        clock.advance(Duration.ofMinutes(2));
        ConnectorHealth.Status stale = health.status("inventory");
        assertFalse(stale.up());
        assertTrue(
                stale.reason().contains("more than tributary.health.freshness PT1H"),
                stale.reason());

        health.finished(outcome(true));
        assertTrue(health.status("inventory").up());
    }

    @Test
    void inAClusterAnIdleReplicaIsNotStaleButStillGoesDownOnItsOwnFailures() {
        // another replica may have run every firing: this one's silence says nothing about the data
        ConnectorHealth health =
                health(
                        "tributary.health.freshness",
                        "PT10M",
                        "tributary.cluster.enabled",
                        "true",
                        "tributary.health.max-failures",
                        "1");
        clock.advance(Duration.ofHours(3));
        assertTrue(health.status("inventory").up(), health.status("inventory").reason());

        health.finished(outcome(false));
        assertFalse(health.status("inventory").up());
    }

    @Test
    void aConnectorThatNeverSucceededIsStaleOnceTheFreshnessHasPassedSinceStart() {
        ConnectorHealth health = health("tributary.health.freshness", "PT10M");
        clock.advance(Duration.ofMinutes(11));
        assertTrue(
                health.status("inventory")
                        .reason()
                        .contains("no successful sync in the 660 s since start"),
                health.status("inventory").reason());
    }

    @Test
    void aConnectorCanHaveItsOwnThresholds() {
        ConnectorHealth health =
                health(
                        "tributary.health.max-failures",
                        "5",
                        "tributary.health.max-failures.inventory",
                        "1",
                        "tributary.health.freshness.inventory",
                        "PT5M");
        assertEquals(1, health.maxFailures("inventory"));
        assertEquals(5, health.maxFailures("other"));
        assertEquals(Duration.ofMinutes(5), health.freshness("inventory"));
        assertEquals(Duration.ofHours(24), health.freshness("other"));
        health.finished(outcome(false));
        assertFalse(health.status("inventory").up());
    }

    @Test
    void aBadThresholdTurnsTheCheckDownNamingTheSetting() {
        ConnectorHealth health = health("tributary.health.freshness.inventory", "an hour");
        ConnectorHealth.Status status = health.status("inventory");
        assertFalse(status.up());
        assertTrue(
                status.reason()
                        .contains("setting 'tributary.health.freshness.inventory' value 'an hour'"),
                status.reason());
    }

    @Test
    void theCamelCheckIsAReadinessCheckNamedAfterTheConnector() {
        ConnectorHealth health = health("tributary.health.max-failures", "1");
        HealthCheck check = health.getCheck("connector:inventory").orElseThrow();
        assertTrue(check.isReadiness());
        assertFalse(check.isLiveness());
        assertEquals(HealthCheck.State.UP, check.call().getState());
        health.finished(outcome(false));
        HealthCheck.Result result = check.call();
        assertEquals(HealthCheck.State.DOWN, result.getState());
        assertTrue(result.getMessage().orElse("").contains("HTTP 503"));
    }
}
