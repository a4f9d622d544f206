package io.tributary.connector;

/**
 * {@link SqlSourceTest} with the source table in a second PostgreSQL database of the embedded
 * server and the target in another.
 */
class SqlSourceOnPostgresTest extends SqlSourceTest {
    @Override
    String sourceKind() {
        return "postgresql";
    }

    @Override
    String targetKind() {
        return "postgresql";
    }
}
