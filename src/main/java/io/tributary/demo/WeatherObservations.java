package io.tributary.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The demo data set: every station reports at every {@code firstObservation + k * interval}, and
 * each report is a pure function of (station id, epoch second). Nothing is stored, so a data set of
 * any size costs nothing and two servers started with the same settings serve identical records.
 */
public final class WeatherObservations {

    /**
     * Keeps the scale of BigDecimals, so a temperature of 12.0 is written as {@code 12.0}, not
     * {@code 12}.
     */
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Roughly one record in this many has a faulty temperature sensor. */
    private static final int MALFORMED_ONE_IN = 400;

    private static final long MALFORMED_SALT = 0x5DEECE66DL;

    private final List<Station> stations;
    private final long intervalSeconds;
    private final long firstSecond;

    /** One page of observations plus the totals of the whole filtered range. */
    public record Page(List<ObjectNode> observations, long totalResults, long totalPages) {}

    /**
     * @param stations the reporting stations; ordered by id here because pages are ordered by time,
     *     then station id
     * @param interval time between two reports of one station; whole seconds, at least one
     * @param firstObservation truncated down to a multiple of the interval since the epoch, so
     *     reports land on round times
     */
    public WeatherObservations(
            List<Station> stations, Duration interval, Instant firstObservation) {
        if (stations.isEmpty()) {
            throw new IllegalArgumentException("at least one station is needed");
        }
        if (interval.getNano() != 0 || interval.getSeconds() < 1) {
            throw new IllegalArgumentException(
                    "interval must be a positive whole number of seconds: " + interval);
        }
        this.stations = stations.stream().sorted(Comparator.comparing(Station::id)).toList();
        this.intervalSeconds = interval.getSeconds();
        this.firstSecond =
                Math.floorDiv(firstObservation.getEpochSecond(), intervalSeconds) * intervalSeconds;
    }

    /** Ten stations spread over the continents, so temperatures and local times differ visibly. */
    public static WeatherObservations defaults(Instant firstObservation, Duration interval) {
        List<Station> stations =
                List.of(
                        new Station("KSEA", "Seattle-Tacoma", 47.449, -122.309, 131),
                        new Station("KSFO", "San Francisco", 37.619, -122.375, 4),
                        new Station("EGLL", "London Heathrow", 51.470, -0.454, 25),
                        new Station("LFPG", "Paris Charles de Gaulle", 49.010, 2.548, 119),
                        new Station("EDDB", "Berlin Brandenburg", 52.362, 13.501, 48),
                        new Station("RJTT", "Tokyo Haneda", 35.552, 139.780, 6),
                        new Station("YSSY", "Sydney Kingsford Smith", -33.946, 151.177, 6),
                        new Station("CYYZ", "Toronto Pearson", 43.677, -79.631, 173),
                        new Station("SBGR", "S\u00e3o Paulo-Guarulhos", -23.435, -46.473, 750),
                        new Station("FACT", "Cape Town", -33.965, 18.602, 46));
        return new WeatherObservations(stations, interval, firstObservation);
    }

    /** Stations ordered by id. */
    public List<Station> stations() {
        return stations;
    }

    public Instant firstObservation() {
        return Instant.ofEpochSecond(firstSecond);
    }

    public Duration interval() {
        return Duration.ofSeconds(intervalSeconds);
    }

    /**
     * Number of records with {@code since <= observed_at <= now}; a null {@code since} means from
     * the beginning.
     */
    public long count(Instant since, Instant now) {
        long instants = lastIndex(now) - firstIndex(since) + 1;
        return Math.max(0, instants) * stations.size();
    }

    /**
     * The records of one page of the range {@code since <= observed_at <= now}, ordered by
     * observed_at, then station id. A page past the end is empty but still carries the totals.
     *
     * @param page 1-based
     */
    public Page page(Instant since, Instant now, int page, int pageSize) {
        if (page < 1 || pageSize < 1) {
            throw new IllegalArgumentException(
                    "page and pageSize must be positive: " + page + ", " + pageSize);
        }
        long total = count(since, now);
        long from = (long) (page - 1) * pageSize;
        long to = Math.min(total, from + pageSize);
        long first = firstIndex(since);
        List<ObjectNode> records = new ArrayList<>();
        // Record i of the range is station (i mod n) at instant (first + i div n): no need to
        // enumerate the range.
        for (long i = from; i < to; i++) {
            Station station = stations.get((int) (i % stations.size()));
            records.add(
                    observation(
                            station,
                            firstSecond + (first + i / stations.size()) * intervalSeconds));
        }
        return new Page(records, total, Math.floorDiv(total + pageSize - 1, pageSize));
    }

    /**
     * How many records of the range have a malformed temperature; enumerates the range, so keep it
     * small.
     */
    public long malformedCount(Instant since, Instant now) {
        long malformed = 0;
        for (long k = firstIndex(since); k <= lastIndex(now); k++) {
            for (Station station : stations) {
                if (isMalformed(station.id(), firstSecond + k * intervalSeconds)) {
                    malformed++;
                }
            }
        }
        return malformed;
    }

    /**
     * Whether the report of this station at this second has the string "n/a" as temperature, like a
     * faulty sensor.
     */
    public static boolean isMalformed(String stationId, long epochSecond) {
        return new SplittableRandom(seed(stationId, epochSecond) ^ MALFORMED_SALT)
                        .nextInt(MALFORMED_ONE_IN)
                == 0;
    }

    /** The report of one station at one second; the same arguments always give the same record. */
    public ObjectNode observation(Station station, long epochSecond) {
        SplittableRandom random = new SplittableRandom(seed(station.id(), epochSecond));
        // Warmest mid-afternoon local solar time, colder towards the poles and with altitude, so
        // the data looks real.
        double solarHour = Math.floorMod(epochSecond, 86_400) / 3600.0 + station.longitude() / 15;
        double temperature =
                27
                        - Math.abs(station.latitude()) * 0.45
                        - station.elevationM() * 0.0065
                        + 5 * Math.sin((solarHour - 9) / 24 * 2 * Math.PI)
                        + random.nextDouble(-1.5, 1.5);
        int humidity = random.nextInt(30, 101);
        double pressure = random.nextDouble(985, 1040);
        double windSpeed = random.nextDouble(0, 60);
        int windDirection = random.nextInt(36) * 10;
        boolean automatic = random.nextInt(4) != 0;

        ObjectNode record = JSON.objectNode();
        record.put("id", station.id() + "-" + epochSecond);
        record.putObject("station").put("id", station.id()).put("name", station.name());
        record.put("observed_at", Instant.ofEpochSecond(epochSecond).toString());
        if (isMalformed(station.id(), epochSecond)) {
            record.put("temperature_c", "n/a");
        } else {
            record.put("temperature_c", oneDecimal(temperature));
        }
        record.put("humidity_pct", humidity);
        record.put("pressure_hpa", oneDecimal(pressure));
        record.putObject("wind")
                .put("speed_kmh", oneDecimal(windSpeed))
                .put("direction_deg", windDirection);
        record.put("conditions", conditions(humidity, temperature));
        ArrayNode tags = record.putArray("tags").add("metar");
        if (automatic) {
            tags.add("auto");
        }
        return record;
    }

    private static String conditions(int humidity, double temperature) {
        boolean freezing = temperature <= 0;
        if (humidity >= 95) {
            return freezing ? "snow" : "rain";
        }
        if (humidity >= 85) {
            return freezing ? "light snow" : "light rain";
        }
        return humidity >= 70 ? "overcast" : humidity >= 50 ? "partly cloudy" : "clear";
    }

    private static BigDecimal oneDecimal(double value) {
        return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP);
    }

    // String.hashCode is specified by the JLS, so seeds, and with them all values, are stable
    // across JVMs.
    private static long seed(String stationId, long epochSecond) {
        return stationId.hashCode() * 0x9E3779B97F4A7C15L + epochSecond;
    }

    /**
     * Index k of the first report instant at or after {@code since}; 0 when since is null or before
     * the start.
     */
    private long firstIndex(Instant since) {
        if (since == null) {
            return 0;
        }
        // Reports fall on whole seconds, so a since with a fraction first matches the next whole
        // second.
        long sinceSecond = since.getEpochSecond() + (since.getNano() > 0 ? 1 : 0);
        return Math.max(0, -Math.floorDiv(firstSecond - sinceSecond, intervalSeconds));
    }

    /**
     * Index k of the last report instant at or before {@code now}; negative when now is before the
     * first report.
     */
    private long lastIndex(Instant now) {
        return Math.floorDiv(now.getEpochSecond() - firstSecond, intervalSeconds);
    }
}
