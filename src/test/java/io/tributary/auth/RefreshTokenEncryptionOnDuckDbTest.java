package io.tributary.auth;

import io.tributary.support.Database;

/**
 * Refresh-token encryption on DuckDB: its in-process row locks ({@code RowLocks}) and the cipher.
 */
class RefreshTokenEncryptionOnDuckDbTest extends RefreshTokenEncryptionTest {
    @Override
    Database newDatabase() {
        return Database.duckdb();
    }
}
