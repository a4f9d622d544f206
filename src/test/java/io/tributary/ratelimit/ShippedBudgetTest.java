package io.tributary.ratelimit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The shipped demo connectors share one budget that fits the demo API's daily quota. */
class ShippedBudgetTest {

    @Test
    void theWeatherBudgetNeverAllowsMoreThanTheDemoApisDailyQuota() throws Exception {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("application.properties"))) {
            p.load(r);
        }
        long budget = Long.parseLong(p.getProperty("tributary.ratelimit.weather.per-day"));
        long quota = Long.parseLong(p.getProperty("tributary.demo.daily-quota"));
        assertTrue(
                budget > 0 && budget <= quota, "budget " + budget + " within the quota " + quota);
    }

    @Test
    void bothDemoConnectorsSpendTheSameBudget() throws Exception {
        String yaml = Files.readString(Path.of("routes/weather-observations.camel.yaml"));
        String xml = Files.readString(Path.of("routes/weather-stations.camel.xml"));
        assertTrue(
                yaml.matches("(?s).*\\n\\s+rateLimit: weather\\s.*"),
                "weather-observations names budget weather");
        assertTrue(
                xml.contains("&amp;rateLimit=weather\""), "weather-stations names budget weather");
    }
}
