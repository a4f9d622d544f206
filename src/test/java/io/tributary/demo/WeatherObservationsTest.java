package io.tributary.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WeatherObservationsTest {

    private static final Instant START = Instant.parse("2026-11-25T12:00:30Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private final WeatherObservations observations = WeatherObservations.defaults(START, MINUTE);

    @Test
    void truncatesTheFirstObservationToAMultipleOfTheInterval() {
        assertEquals(Instant.parse("2026-11-25T12:00:00Z"), observations.firstObservation());
        assertEquals(
                Instant.parse("2026-11-25T12:00:00Z"),
                WeatherObservations.defaults(START, Duration.ofMinutes(15)).firstObservation());
    }

    @Test
    void hasTenStationsOrderedById() {
        List<String> ids = observations.stations().stream().map(Station::id).toList();
        assertEquals(10, ids.size());
        assertEquals(ids.stream().sorted().toList(), ids);
    }

    @Test
    void countsEveryStationAtEveryInstantUpToAndIncludingNow() {
        Instant first = observations.firstObservation();
        assertEquals(0, observations.count(null, first.minusSeconds(1)));
        assertEquals(10, observations.count(null, first));
        assertEquals(10, observations.count(null, first.plusSeconds(59)));
        assertEquals(20, observations.count(null, first.plusSeconds(60)));
        assertEquals(1441 * 10, observations.count(null, first.plus(Duration.ofDays(1))));
    }

    @Test
    void countsSinceInclusively() {
        Instant first = observations.firstObservation();
        Instant now = first.plus(Duration.ofHours(1));
        assertEquals(11 * 10, observations.count(first.plus(Duration.ofMinutes(50)), now));
        assertEquals(
                10 * 10, observations.count(first.plus(Duration.ofMinutes(50)).plusMillis(1), now));
        assertEquals(
                observations.count(null, now),
                observations.count(first.minus(Duration.ofDays(3)), now));
        assertEquals(0, observations.count(now.plusSeconds(1), now));
    }

    @Test
    void pagesConcatenateToExactlyCountRecordsInOrderWithoutDuplicates() {
        Instant since = observations.firstObservation().plus(Duration.ofMinutes(7));
        Instant now = since.plus(Duration.ofHours(3)).plusSeconds(13);
        long count = observations.count(since, now);
        WeatherObservations.Page firstPage = observations.page(since, now, 1, 77);
        assertEquals(count, firstPage.totalResults());
        assertEquals((count + 76) / 77, firstPage.totalPages());

        List<ObjectNode> all = new ArrayList<>();
        for (int page = 1; page <= firstPage.totalPages(); page++) {
            all.addAll(observations.page(since, now, page, 77).observations());
        }
        assertEquals(count, all.size());
        Set<String> ids = new HashSet<>();
        all.forEach(
                record ->
                        assertTrue(
                                ids.add(record.get("id").asText()),
                                "duplicate " + record.get("id")));
        for (int i = 1; i < all.size(); i++) {
            String previous =
                    all.get(i - 1).get("observed_at").asText()
                            + all.get(i - 1).at("/station/id").asText();
            String current =
                    all.get(i).get("observed_at").asText() + all.get(i).at("/station/id").asText();
            assertTrue(
                    previous.compareTo(current) < 0, previous + " should come before " + current);
        }
        assertEquals(since.toString(), all.get(0).get("observed_at").asText());
    }

    @Test
    void returnsAnEmptyPagePastTheEndWithTheSameTotals() {
        Instant now = observations.firstObservation().plusSeconds(60);
        WeatherObservations.Page page = observations.page(null, now, 5, 10);
        assertTrue(page.observations().isEmpty());
        assertEquals(20, page.totalResults());
        assertEquals(2, page.totalPages());
    }

    @Test
    void computesAPageFarIntoALargeRangeWithoutEnumeratingIt() {
        Instant now = observations.firstObservation().plus(Duration.ofDays(365));
        WeatherObservations.Page page = observations.page(null, now, 10_000, 500);
        assertEquals(observations.count(null, now), page.totalResults());
        assertTrue(page.totalResults() > 5_000_000);
        assertEquals(500, page.observations().size());
    }

    @Test
    void generatesTheSameRecordForTheSameStationAndSecond() {
        Station seattle =
                observations.stations().stream()
                        .filter(s -> s.id().equals("KSEA"))
                        .findFirst()
                        .orElseThrow();
        long second = Instant.parse("2026-11-26T00:54:00Z").getEpochSecond();
        ObjectNode record = observations.observation(seattle, second);
        assertEquals(
                record,
                WeatherObservations.defaults(Instant.EPOCH, MINUTE).observation(seattle, second));
        assertEquals("KSEA-" + second, record.get("id").asText());
        assertEquals("Seattle-Tacoma", record.at("/station/name").asText());
        assertEquals("2026-11-26T00:54:00Z", record.get("observed_at").asText());
        assertTrue(record.get("humidity_pct").isInt());
        assertTrue(record.at("/wind/speed_kmh").isNumber());
        assertTrue(record.at("/wind/direction_deg").isInt());
        assertEquals("metar", record.at("/tags/0").asText());
        assertTrue(record.get("conditions").isTextual());
    }

    @Test
    void writesTemperatureAndPressureWithOneDecimal() {
        for (ObjectNode record :
                observations.page(null, START.plus(Duration.ofHours(2)), 1, 500).observations()) {
            JsonNode temperature = record.get("temperature_c");
            if (temperature.isNumber()) {
                assertEquals(1, temperature.decimalValue().scale(), temperature.toString());
            }
            assertEquals(1, record.get("pressure_hpa").decimalValue().scale());
        }
    }

    @Test
    void makesAboutOneRecordIn400Malformed() {
        long malformed = 0;
        for (long second = 0; second < 20_000 * 60L; second += 60) {
            for (Station station : observations.stations()) {
                if (WeatherObservations.isMalformed(station.id(), second)) {
                    malformed++;
                }
            }
        }
        // 200,000 records: expect 500; the bounds are far outside any plausible random deviation.
        assertTrue(malformed > 400 && malformed < 600, "malformed: " + malformed);
    }

    @Test
    void writesNotAvailableAsTemperatureExactlyForTheMalformedRecords() {
        Instant now = observations.firstObservation().plus(Duration.ofHours(12));
        long malformed = 0;
        WeatherObservations.Page first = observations.page(null, now, 1, 500);
        for (int page = 1; page <= first.totalPages(); page++) {
            for (ObjectNode record : observations.page(null, now, page, 500).observations()) {
                String station = record.at("/station/id").asText();
                long second = Instant.parse(record.get("observed_at").asText()).getEpochSecond();
                boolean expected = WeatherObservations.isMalformed(station, second);
                assertEquals(expected, record.get("temperature_c").isTextual(), record.toString());
                if (expected) {
                    assertEquals("n/a", record.get("temperature_c").asText());
                    malformed++;
                }
            }
        }
        assertTrue(malformed > 0);
        assertEquals(malformed, observations.malformedCount(null, now));
    }
}
