package io.tributary.connector;

import io.tributary.support.Database;

/** The SOAP example of {@link SoapExamplesTest}, on a real PostgreSQL. */
class SoapExamplesOnPostgresTest extends SoapExamplesTest {
    @Override
    Database newDatabase() {
        return Database.postgres();
    }
}
