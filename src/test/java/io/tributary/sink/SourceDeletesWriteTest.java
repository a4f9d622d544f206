package io.tributary.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tributary.schema.TargetSchema;
import io.tributary.state.JdbcCursorStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sink's half of deletes at the source: a page written again (a redone write) is harmless. */
class SourceDeletesWriteTest {
    private static final ObjectMapper JSON = new ObjectMapper(new YAMLFactory());
    private JdbcDataSource dataSource;
    private JdbcCursorStore cursors;

    @BeforeEach
    void openDatabase() {
        dataSource = new JdbcDataSource();
        dataSource.setURL(
                "jdbc:h2:mem:deletes_"
                        + UUID.randomUUID()
                        + ";DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        cursors = new JdbcCursorStore(dataSource);
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }

    private JdbcUpsertSink sink(String action) {
        TargetSchema schema =
                TargetSchema.load(Path.of("src/test/resources/deletes/tickets.schema.yaml"));
        return new JdbcUpsertSink(
                dataSource,
                cursors,
                schema,
                "tickets",
                WriteMode.UPSERT,
                "tickets",
                new SourceDeletes.Settings(SourceDeletes.Action.parse(action), false));
    }

    private static PageBatch page(String... statuses) throws Exception {
        PageBatch batch = new PageBatch();
        long id = 1;
        for (String status : statuses) {
            JsonNode record = JSON.readTree("{id: " + id + ", subject: s, status: " + status + "}");
            batch.addRow(new Object[] {id, "s", status}, record);
            id++;
        }
        return batch;
    }

    private long count(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aPageWrittenAgainAfterItsDeletionsSplitDeletesNothingMoreAndCountsNothing()
            throws Exception {
        JdbcUpsertSink sink = sink("delete");
        sink.write("tickets", page("open", "open", "open"), null);
        PageBatch deleting = page("open", "deleted", "open");
        sink.write("tickets", deleting, null);
        assertEquals(1, deleting.deletedCount());
        assertEquals(2, deleting.rows().size(), "the flagged row is not upserted");
        sink.write("tickets", deleting, null); // the pipelined writer redoes a failed write so
        assertEquals(0, deleting.deletedCount());
        assertEquals(2, count("SELECT COUNT(*) FROM tickets"));
    }

    @Test
    void underMarkTheFlaggedRowIsWrittenAsTheSourceHasItAndMarkedOnce() throws Exception {
        JdbcUpsertSink sink = sink("mark");
        PageBatch deleting = page("open", "deleted");
        sink.write("tickets", deleting, null);
        assertEquals(1, deleting.deletedCount());
        sink.write("tickets", deleting, null);
        assertEquals(0, deleting.deletedCount());
        assertEquals(1, deleting.deletions().size(), "split once");
        assertEquals(
                1,
                count(
                        "SELECT COUNT(*) FROM tickets WHERE status = 'deleted' AND _deleted_at IS NOT NULL"));
        assertEquals(1, count("SELECT COUNT(*) FROM tickets WHERE _deleted_at IS NULL"));
    }
}
