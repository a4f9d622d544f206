package io.tributary.state;

import io.tributary.sql.RowLocks;
import io.tributary.sql.SqlDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.RuntimeCamelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rotating OAuth2 refresh tokens, kept in table {@code tributary_tokens} of the same database as
 * the cursors, so that a restart, another replica or a second connector on the same grant continues
 * without a new authorization.
 *
 * <p>Contract of {@link #rotate}: the row of the grant is locked ({@code SELECT ... FOR UPDATE})
 * for the whole token call, so two threads or two processes never send the same refresh token
 * (providers that rotate answer {@code invalid_grant} to a reused one); the refresh token the
 * provider returns is committed <b>before</b> the new access token is handed out. The first refresh
 * token comes from the connector's configuration; after that the stored one wins. A grant is keyed
 * by a hash of token URL, client and the configured first token, so configuring a new token (a new
 * authorization) starts a new row. Only the refresh token is stored; access tokens stay in memory.
 *
 * <p>The table holds live credentials. With {@code tributary.tokens.key} set, each value is sealed
 * by {@link TokenCipher} (AES-256-GCM, bound to its row) as it is written and opened as it is read,
 * and {@link #sealStored} seals the clear or old-key rows at start; without it they are clear text
 * (a WARN says so): then treat the database (and its backups) as a secret store. Bound as {@code
 * tributaryTokenStore}.
 */
public final class JdbcTokenStore {
    static final String TABLE = "tributary_tokens";
    static final int LOCK_TIMEOUT_SECONDS = 60;
    private static final Logger LOG = LoggerFactory.getLogger(JdbcTokenStore.class);
    private final DataSource dataSource;
    private final TokenCipher cipher;
    private final java.util.concurrent.atomic.AtomicBoolean warned =
            new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean tableReady;

    /**
     * What a token call returns: the refresh token to keep (null: keep the current one) and its
     * result.
     */
    public record Rotation<T>(String refreshToken, T result) {}

    /** A token call made with the current refresh token while its row is locked. */
    @FunctionalInterface
    public interface Refresh<T> {
        Rotation<T> using(String refreshToken);
    }

    /** Clear-text values, as before {@code tributary.tokens.key}. */
    public JdbcTokenStore(DataSource dataSource) {
        this(dataSource, TokenCipher.clearText());
    }

    public JdbcTokenStore(DataSource dataSource, TokenCipher cipher) {
        this.dataSource = dataSource;
        this.cipher = cipher;
    }

    /** Once per process, when a refresh-token connector starts without a key. */
    public void warnIfClearText() {
        if (!cipher.encrypts() && warned.compareAndSet(false, true)) {
            LOG.warn(
                    "Refresh tokens are stored in clear text in table {}: set {} to 32 random"
                            + " bytes in base64 (openssl rand -base64 32; from {{env:...}} or a"
                            + " mounted secret file) to encrypt them (docs/auth.md: Refresh tokens"
                            + " encrypted at rest)",
                    TABLE,
                    TokenCipher.KEY);
        }
    }

    /**
     * Runs {@code refresh} with the grant's current refresh token under the row lock, stores the
     * refresh token it returns and commits, then returns its result. When {@code refresh} fails,
     * nothing changes.
     *
     * @param key the grant's key (a hash, no secret)
     * @param description what a person sees in the table, e.g. "client crm-sync at
     *     https://login.example.com/token"
     * @param configured the refresh token from the configuration, used while the grant has no row
     */
    @SuppressWarnings("try") // the lock is held for the try, not used in it
    public <T> T rotate(String key, String description, String configured, Refresh<T> refresh) {
        ensureTable();
        insertIfAbsent(key, description, configured);
        try (Connection c = dataSource.getConnection();
                // DuckDB has no row locks: an in-process lock of the grant (see RowLocks)
                RowLocks.Held held =
                        SqlDialect.of(c)
                                .lockRow(TABLE, key, Duration.ofSeconds(LOCK_TIMEOUT_SECONDS))) {
            c.setAutoCommit(false);
            Integer previousTimeout = null;
            try {
                previousTimeout = lockTimeout(c);
                String stored;
                try (PreparedStatement ps =
                        c.prepareStatement(
                                "SELECT refresh_token FROM "
                                        + TABLE
                                        + " WHERE token_key = ?"
                                        + SqlDialect.of(c).forUpdate())) {
                    ps.setString(1, key);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            throw new SQLException("the row of the grant disappeared");
                        }
                        stored = rs.getString(1);
                    }
                }
                String current = cipher.open(key, stored, description);
                Rotation<T> rotation = refresh.using(current);
                String next = rotation.refreshToken() != null ? rotation.refreshToken() : current;
                // a clear or old-key value is sealed again under this key
                if (!next.equals(current) || !cipher.isCurrent(stored)) {
                    try (PreparedStatement ps =
                            c.prepareStatement(
                                    "UPDATE "
                                            + TABLE
                                            + " SET refresh_token = ?, updated_at = ? WHERE token_key = ?")) {
                        ps.setString(1, cipher.seal(key, next));
                        ps.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
                        ps.setString(3, key);
                        ps.executeUpdate();
                    }
                }
                try {
                    c.commit();
                    if (SqlDialect.of(c) == SqlDialect.H2) {
                        // H2 writes commits to its file up to a second later: a kill -9 in that
                        // window would
                        // lose the only copy of a token the provider already rotated
                        try (Statement s = c.createStatement()) {
                            s.execute("CHECKPOINT");
                        }
                    }
                } catch (SQLException e) {
                    LOG.error(
                            "The provider issued a new refresh token for {} but it could not be stored ({}); "
                                    + "if the provider rotates tokens, authorize again",
                            description,
                            e.getMessage());
                    throw e;
                }
                return rotation.result();
            } catch (SQLException | RuntimeException e) {
                rollback(c);
                throw e;
            } finally {
                if (previousTimeout != null) { // the pooled connection goes back as it came
                    try (Statement s = c.createStatement()) {
                        s.execute("SET LOCK_TIMEOUT " + previousTimeout);
                    }
                }
            }
        } catch (SQLException e) {
            throw new RuntimeCamelException(
                    "Cannot use the stored refresh token of "
                            + description
                            + " (table "
                            + TABLE
                            + "): "
                            + e.getMessage(),
                    e);
        }
    }

    @SuppressWarnings("try") // the lock is held for the try, not used in it
    private void insertIfAbsent(String key, String description, String configured) {
        try (Connection c = dataSource.getConnection();
                // DuckDB reports two first inserts of a key only as a constraint error
                RowLocks.Held held =
                        SqlDialect.of(c)
                                .lockRow(TABLE, key, Duration.ofSeconds(LOCK_TIMEOUT_SECONDS))) {
            c.setAutoCommit(true);
            String sql =
                    SqlDialect.of(c)
                            .insertIfAbsent(
                                    TABLE,
                                    List.of(
                                            "token_key",
                                            "description",
                                            "refresh_token",
                                            "updated_at"),
                                    List.of("token_key"));
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, key);
                ps.setString(2, description);
                ps.setString(3, cipher.seal(key, configured));
                ps.setObject(4, OffsetDateTime.now(ZoneOffset.UTC));
                ps.executeUpdate();
            } catch (SQLException e) {
                if (!"23505".equals(e.getSQLState())) { // another process inserted it first: fine
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new RuntimeCamelException(
                    "Cannot store the first refresh token of "
                            + description
                            + " (table "
                            + TABLE
                            + "): "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * Waits for a refresh elsewhere for up to a minute, not forever (PostgreSQL) nor a second (H2).
     * Returns H2's previous session setting, to be restored; PostgreSQL's ends with the
     * transaction.
     */
    private static Integer lockTimeout(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            if (SqlDialect.of(c) == SqlDialect.POSTGRESQL) {
                s.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT_SECONDS + "s'");
                return null;
            }
            if (SqlDialect.of(c) != SqlDialect.H2) {
                return null; // DuckDB: RowLocks waits instead
            }
            int previous;
            try (ResultSet rs = s.executeQuery("SELECT LOCK_TIMEOUT()")) {
                rs.next();
                previous = rs.getInt(1);
            }
            s.execute("SET LOCK_TIMEOUT " + LOCK_TIMEOUT_SECONDS * 1000);
            return previous;
        }
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; closing it ends the transaction anyway
        }
    }

    /**
     * At start with a key: seals every row still in clear text or under a previous key with the
     * current key, each with a compare-and-set on its old value (a replica that rotated it
     * meanwhile wrote a value of its own). A row under a key nobody configured stops start-up,
     * naming {@code tributary.tokens.key}. Returns how many rows were sealed.
     */
    public int sealStored() {
        if (!cipher.encrypts()) {
            return 0;
        }
        ensureTable();
        int sealed = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            Map<String, String[]> rows = new LinkedHashMap<>();
            try (Statement s = c.createStatement();
                    ResultSet rs =
                            s.executeQuery(
                                    "SELECT token_key, description, refresh_token FROM " + TABLE)) {
                while (rs.next()) {
                    rows.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3)});
                }
            }
            for (Map.Entry<String, String[]> row : rows.entrySet()) {
                String stored = row.getValue()[1];
                if (cipher.isCurrent(stored)) {
                    continue;
                }
                String token = cipher.open(row.getKey(), stored, row.getValue()[0]);
                try (PreparedStatement ps =
                        c.prepareStatement(
                                "UPDATE "
                                        + TABLE
                                        + " SET refresh_token = ?, updated_at = ?"
                                        + " WHERE token_key = ? AND refresh_token = ?")) {
                    ps.setString(1, cipher.seal(row.getKey(), token));
                    ps.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
                    ps.setString(3, row.getKey());
                    ps.setString(4, stored);
                    sealed += ps.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new RuntimeCamelException(
                    "Cannot encrypt the stored refresh tokens (table "
                            + TABLE
                            + "): "
                            + e.getMessage(),
                    e);
        }
        if (sealed > 0) {
            LOG.info(
                    "Encrypted {} stored refresh token(s) in table {} under key id {} ({})",
                    sealed,
                    TABLE,
                    cipher.keyId(),
                    TokenCipher.KEY);
        }
        return sealed;
    }

    /** Creates the table on first use. */
    public synchronized void ensureTable() {
        if (tableReady) {
            return;
        }
        SqlDialect.createTable(
                dataSource,
                TABLE,
                "CREATE TABLE IF NOT EXISTS "
                        + TABLE
                        + " (token_key VARCHAR(64) NOT NULL PRIMARY KEY, "
                        + "description VARCHAR(1000), refresh_token VARCHAR(8000) NOT NULL, "
                        + "updated_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        tableReady = true;
    }
}
