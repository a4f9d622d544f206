package io.tributary.connector;

/** {@link BulkSourceTest} into embedded PostgreSQL. */
class BulkSourceOnPostgresTest extends BulkSourceTest {
    @Override
    String kind() {
        return "postgresql";
    }
}
