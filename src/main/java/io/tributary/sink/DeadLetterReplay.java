package io.tributary.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;
import org.apache.camel.RuntimeCamelException;

/**
 * Re-processes a connector's dead letters ({@code tributary replay stripe-charges}) after its
 * schema or route was fixed, in batches of {@value #BATCH}: each batch's loaded rows, the deletion
 * of their dead letters and the new reasons of those still failing commit in one transaction, so a
 * record leaves the dead letters only once it is loaded, and a crash mid-replay loses nothing.
 */
public final class DeadLetterReplay {
    static final int BATCH = 500;
    private static final ObjectMapper JSON = io.tributary.schema.SourceJson.mapper();

    private DeadLetterReplay() {}

    /**
     * @param loaded replayed records now loaded (or left out by the filter); failing: still dead
     *     letters
     */
    public record Result(int loaded, int failing) {}

    /**
     * @param map a record to a row ({@code Object[]}), a {@link DeadLetter}, or null (filtered out)
     */
    public static Result run(
            String connector, DataSource dataSource, Sink sink, Function<JsonNode, Object> map) {
        int loaded = 0;
        int failing = 0;
        long after = -1;
        while (true) {
            Map<Long, String> letters = new LinkedHashMap<>();
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps =
                            c.prepareStatement(
                                    "SELECT id, record FROM "
                                            + DeadLetterTable.TABLE
                                            + " WHERE connector = ? AND id > ? ORDER BY id")) {
                ps.setString(1, connector);
                ps.setLong(2, after);
                ps.setMaxRows(BATCH);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        letters.put(rs.getLong(1), rs.getString(2));
                    }
                }
            } catch (SQLException e) {
                throw new RuntimeCamelException(
                        "Reading the dead letters of '" + connector + "' failed: " + e.getMessage(),
                        e);
            }
            if (letters.isEmpty()) {
                return new Result(loaded, failing);
            }
            PageBatch batch = new PageBatch();
            List<Long> done = new ArrayList<>();
            Map<Long, DeadLetter> still = new LinkedHashMap<>();
            for (Map.Entry<Long, String> e : letters.entrySet()) {
                after = e.getKey();
                Object item;
                JsonNode record = null;
                try {
                    record = JSON.readTree(e.getValue());
                    item = map.apply(record);
                } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
                    item =
                            new DeadLetter(
                                    "$",
                                    null,
                                    "the stored record is not JSON: " + ex.getOriginalMessage(),
                                    e.getValue());
                }
                if (item instanceof DeadLetter) {
                    still.put(e.getKey(), (DeadLetter) item);
                } else {
                    if (item != null) {
                        batch.addRow((Object[]) item, record); // a deletedWhen flag reads it
                    }
                    done.add(e.getKey());
                }
            }
            sink.replay(connector, batch, done, still);
            loaded += done.size();
            failing += still.size();
        }
    }
}
