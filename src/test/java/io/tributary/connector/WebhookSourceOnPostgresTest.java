package io.tributary.connector;

import io.tributary.support.Database;

/** {@link WebhookSourceTest} on PostgreSQL: the same events, the same answers, the same rows. */
class WebhookSourceOnPostgresTest extends WebhookSourceTest {
    @Override
    Database database() {
        return Database.postgres();
    }
}
