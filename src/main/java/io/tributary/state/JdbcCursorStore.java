package io.tributary.state;

import io.tributary.sql.SqlDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.IdempotentRepository;

/**
 * Cursors in a table ({@code tributary_cursors}, created on first use) of the same database as the
 * target, so that a JDBC sink can commit a page's rows and the cursor in one transaction via {@link
 * #save(Connection, String, String)}.
 *
 * <p>Bound as {@code tributaryCursorStore}; from a route, e.g. to look at a cursor: {@code <to
 * uri="bean:tributaryCursorStore?method=load('weather-observations')"/>}, or as an idempotent
 * consumer's repository through {@link #idempotentRepository(String)}.
 */
public final class JdbcCursorStore implements CursorStore {
    static final String TABLE = "tributary_cursors";
    private final DataSource dataSource;
    private volatile boolean tableReady;

    public JdbcCursorStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public Optional<String> load(String connector) {
        return loadState(connector).map(CursorState::value);
    }

    /**
     * The whole cursor row: the value, the source's own text of it, and the frontier of records at
     * or above it.
     */
    public Optional<CursorState> loadState(String connector) {
        ensureTable();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps =
                    c.prepareStatement(
                            "SELECT cursor_value, cursor_text, frontier FROM "
                                    + TABLE
                                    + " WHERE connector = ?")) {
                ps.setString(1, connector);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    String value = rs.getString(1);
                    String frontier = rs.getString(3);
                    if (value == null && frontier == null) {
                        return Optional
                                .empty(); // a reset leaves nothing behind, but an old row may hold
                        // no value
                    }
                    return Optional.of(
                            new CursorState(
                                    value,
                                    rs.getString(2),
                                    frontier == null ? "" : frontier,
                                    false));
                }
            }
        } catch (SQLException e) {
            throw new RuntimeCamelException(
                    "Cannot read the cursor of connector '" + connector + "': " + e.getMessage(),
                    e);
        }
    }

    @Override
    public void save(String connector, String cursor) {
        ensureTable();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            save(c, connector, cursor);
            c.commit();
        } catch (SQLException e) {
            throw new RuntimeCamelException(
                    "Cannot store the cursor of connector '" + connector + "': " + e.getMessage(),
                    e);
        }
    }

    /** Stores the cursor within the caller's transaction; the caller commits. */
    public void save(Connection c, String connector, String cursor) throws SQLException {
        save(c, connector, CursorState.of(cursor));
    }

    /**
     * Stores the cursor row (value, source text, frontier) within the caller's transaction; the
     * caller commits.
     */
    public void save(Connection c, String connector, CursorState cursor) throws SQLException {
        ensureTable();
        String sql =
                SqlDialect.of(c)
                        .upsert(
                                TABLE,
                                List.of(
                                        "connector",
                                        "cursor_value",
                                        "cursor_text",
                                        "frontier",
                                        "updated_at"),
                                List.of("connector"));
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, connector);
            ps.setString(2, cursor.value());
            ps.setString(3, cursor.sourceText());
            ps.setString(
                    4,
                    cursor.frontier() == null || cursor.frontier().isEmpty()
                            ? null
                            : cursor.frontier());
            ps.setObject(5, OffsetDateTime.now(ZoneOffset.UTC));
            ps.executeUpdate();
        }
    }

    /**
     * Whether {@code connector}'s own row or one of its streams' rows ({@code connector/...}) holds
     * {@code value}: a message a sink committed (see {@link CommittedMessageRepository}).
     */
    public boolean holds(String connector, String value) {
        ensureTable();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement(
                                "SELECT 1 FROM "
                                        + TABLE
                                        + " WHERE (connector = ? OR connector LIKE ? ESCAPE '!') AND cursor_value = ?")) {
            ps.setString(1, connector);
            ps.setString(2, likePrefix(connector));
            ps.setString(3, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new RuntimeCamelException(
                    "Cannot read the committed messages of connector '"
                            + connector
                            + "': "
                            + e.getMessage(),
                    e);
        }
    }

    private static String likePrefix(String connector) {
        return connector.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "/%";
    }

    @Override
    public void reset(String connector) {
        ensureTable();
        try (Connection c = dataSource.getConnection()) {
            // a child stream keeps one cursor per parent, under "connector/parentId": those go too
            try (PreparedStatement ps =
                    c.prepareStatement(
                            "DELETE FROM "
                                    + TABLE
                                    + " WHERE connector = ? OR connector LIKE ? ESCAPE '!'")) {
                ps.setString(1, connector);
                ps.setString(2, likePrefix(connector));
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new RuntimeCamelException(
                    "Cannot reset the cursor of connector '" + connector + "': " + e.getMessage(),
                    e);
        }
    }

    /**
     * An {@link IdempotentRepository} over one connector's cursor, for an {@code
     * idempotentConsumer} that drops records older than what is committed.
     */
    public IdempotentRepository idempotentRepository(String connector) {
        return new CursorIdempotentRepository(this, connector);
    }

    /**
     * Creates the table on first use, on a connection of its own so no caller's transaction holds
     * DDL.
     */
    public void ensureTable() {
        if (tableReady) {
            return;
        }
        String text;
        try (Connection c = dataSource.getConnection()) {
            text = SqlDialect.of(c).textType();
        } catch (SQLException e) {
            throw new RuntimeCamelException(
                    "Cannot create table " + TABLE + ": " + e.getMessage(), e);
        }
        SqlDialect.createTable(
                dataSource,
                TABLE,
                "CREATE TABLE IF NOT EXISTS "
                        + TABLE
                        + " (connector VARCHAR(200) NOT NULL PRIMARY KEY, "
                        + "cursor_value VARCHAR(1000), cursor_text VARCHAR(1000), frontier "
                        + text
                        + ", "
                        + "updated_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        // a store created before the source's text and the frontier were kept
        SqlDialect.createTable(
                dataSource,
                TABLE,
                "ALTER TABLE " + TABLE + " ADD COLUMN IF NOT EXISTS cursor_text VARCHAR(1000)");
        SqlDialect.createTable(
                dataSource,
                TABLE,
                "ALTER TABLE " + TABLE + " ADD COLUMN IF NOT EXISTS frontier " + text);
        tableReady = true;
    }
}
