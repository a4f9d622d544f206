package io.tributary.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.config.Settings;
import java.time.Duration;
import java.util.Properties;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * {@code tributary.ratelimit.NAME.margin}: what a per-second budget leaves for the way to the API.
 */
class BudgetMarginTest {

    static Budget read(String... keyValues) throws Exception {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setInitialProperties(p);
            return RateLimits.budget(context, "tracker", Duration.ofMinutes(5));
        }
    }

    @Test
    void aBudgetLeavesOneHundredMillisecondsUnlessToldOtherwise() throws Exception {
        Budget plain = read("tributary.ratelimit.tracker.per-second", "20");
        assertEquals(Duration.ofMillis(100), plain.margin());
        assertEquals(55_000, Spacing.intervalMicros(plain, Spacing.of(plain)), "1.1 s / 20");

        Budget busy =
                read(
                        "tributary.ratelimit.tracker.per-second", "20",
                        "tributary.ratelimit.tracker.margin", "PT0.3S");
        assertEquals(65_000, Spacing.intervalMicros(busy, Spacing.of(busy)), "1.3 s / 20");
        assertEquals(Duration.ofMillis(120), Spacing.late(busy));
    }

    @Test
    void aMarginOverASecondIsRefusedNamingTheSetting() {
        Settings.SettingException e =
                assertThrows(
                        Settings.SettingException.class,
                        () ->
                                read(
                                        "tributary.ratelimit.tracker.per-second", "20",
                                        "tributary.ratelimit.tracker.margin", "PT2S"));
        assertTrue(e.getMessage().contains("tributary.ratelimit.tracker.margin"), e.getMessage());
        assertTrue(e.getMessage().contains("PT2S"), e.getMessage());
    }
}
