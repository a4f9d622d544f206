package io.tributary.connector;

import io.tributary.support.Database;

/** The request-template examples of {@link TemplateExamplesTest}, on a real PostgreSQL. */
class TemplateExamplesOnPostgresTest extends TemplateExamplesTest {
    @Override
    Database newDatabase() {
        return Database.postgres();
    }
}
