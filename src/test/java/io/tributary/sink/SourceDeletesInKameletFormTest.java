package io.tributary.sink;

import io.tributary.support.ConnectorHarness;
import io.tributary.support.Database;

/** The same deletes, each connector a route of the source and sink Kamelets. */
class SourceDeletesInKameletFormTest extends SourceDeletesTest {
    @Override
    ConnectorHarness harness(Database db) {
        return new ConnectorHarness(db).inKameletForm();
    }
}
