package io.tributary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.demo.WeatherApiServer;
import io.tributary.demo.WeatherApiSettings;
import io.tributary.support.Database;
import io.tributary.support.MutableClock;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped connectors run once ({@code Tributary.run("--once")}) against the demo API into an H2
 * database and into a DuckDB file: both end with the same rows, dead letters and cursors.
 */
class DemoOnDuckDbTest {
    static final String KEY = "duckdb-demo-key-31";
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T06:00:10Z"));
    final ObjectMapper json = new ObjectMapper();
    WeatherApiServer api;

    @TempDir Path dir;

    @BeforeEach
    void start() {
        api =
                new WeatherApiServer(
                                new WeatherApiSettings(
                                        0, KEY, 1000, Duration.ofMinutes(10), Duration.ofHours(24)),
                                clock)
                        .start();
    }

    @AfterEach
    void stop() {
        api.stop();
    }

    int runOnce(Database db) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--once",
                                "--tributary.demo.enabled=false",
                                "--weather.base-url=" + api.baseUrl(),
                                "--weather.api-key=" + KEY));
        args.addAll(db.options());
        return new Tributary().run(args.toArray(String[]::new));
    }

    /** Each row as text: decimals without trailing zeros, instants in UTC, JSON parsed. */
    List<String> rows(Database db, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    String column = rs.getMetaData().getColumnName(i);
                    row.append(column).append('=');
                    if (v instanceof BigDecimal d) {
                        row.append(d.stripTrailingZeros().toPlainString());
                    } else if (v instanceof OffsetDateTime t) {
                        row.append(t.toInstant());
                    } else if (v != null && column.equals("tags")) {
                        row.append(json.readTree(rs.getString(i)));
                    } else {
                        row.append(v == null ? null : rs.getString(i));
                    }
                    row.append(' ');
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    @Test
    void theDemoIntoDuckDbGivesTheSameTablesAsIntoH2() throws Exception {
        Database h2 = Database.h2();
        Database duckdb = Database.duckdb(dir);
        assertEquals(Tributary.OK, runOnce(h2));
        assertEquals(Tributary.OK, runOnce(duckdb));

        for (String sql :
                List.of(
                        "SELECT * FROM weather_observations ORDER BY id",
                        "SELECT * FROM weather_stations ORDER BY id",
                        "SELECT connector, field, raw_value, reason, record FROM tributary_dead_letters"
                                + " ORDER BY connector, record_hash",
                        "SELECT connector, cursor_value FROM tributary_cursors ORDER BY connector")) {
            List<String> inH2 = rows(h2, sql);
            assertTrue(!inH2.isEmpty(), sql);
            assertEquals(inH2, rows(duckdb, sql), sql);
        }
    }
}
