package io.tributary.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tributary.schema.TargetSchema;
import io.tributary.state.CursorState;
import io.tributary.state.JdbcCursorStore;
import java.nio.file.Files;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * An H2 JDBC sink is pipelined as PostgreSQL's is: pages wait for the writer thread holding their
 * rows only, unless a soft-delete flag needs the source records there.
 */
class PipelinedH2SinkTest {
    private static final ObjectMapper JSON = new ObjectMapper(new YAMLFactory());
    private JdbcDataSource dataSource;
    private JdbcCursorStore cursors;
    @TempDir Path dir;

    @BeforeEach
    void openDatabase() {
        dataSource = new JdbcDataSource();
        dataSource.setURL(
                "jdbc:h2:mem:pipelined_"
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

    private Sink sink(TargetSchema schema, String onDelete) {
        return Sinks.create(
                "tickets",
                "jdbc",
                "upsert",
                "data",
                "none",
                dataSource,
                cursors,
                schema,
                "tickets",
                new SourceDeletes.Settings(SourceDeletes.Action.parse(onDelete), false));
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
    void aPageHandedToTheWriterThreadKeepsItsRowsAndLetsGoOfItsSourceRecords() throws Exception {
        Path file = dir.resolve("tickets.schema.yaml");
        Files.writeString(
                file,
                "primaryKey: [id]\n"
                        + "columns:\n"
                        + "  id:      {type: integer, required: true}\n"
                        + "  subject: {type: string}\n"
                        + "  status:  {type: string}\n");
        Sink sink = sink(TargetSchema.load(file), "delete");
        assertInstanceOf(PipelinedSink.class, sink);
        PageBatch batch = page("open", "deleted", "open");

        sink.write("tickets", batch, CursorState.of("1"));
        sink.finishSync("tickets");

        assertNull(batch.source(0), "no JSON tree waits for the writer");
        assertEquals(3, count("SELECT COUNT(*) FROM tickets"));
        assertEquals("1", cursors.load("tickets").orElseThrow());
    }

    @Test
    void withASoftDeleteFlagTheWriterThreadStillReadsTheSourceRecords() throws Exception {
        Sink sink =
                sink(
                        TargetSchema.load(
                                Path.of("src/test/resources/deletes/tickets.schema.yaml")),
                        "delete");
        assertInstanceOf(PipelinedSink.class, sink);
        sink.write("tickets", page("open", "open", "open"), CursorState.of("1"));
        PageBatch deleting = page("open", "deleted", "open");

        sink.write("tickets", deleting, CursorState.of("2"));
        sink.finishSync("tickets");

        assertNotNull(deleting.source(0));
        assertEquals(1, deleting.deletedCount());
        assertEquals(2, count("SELECT COUNT(*) FROM tickets"), "the flagged ticket was deleted");
    }
}
