package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.metrics.SyncOutcome;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.Database;
import io.tributary.support.SalesforceBulkApi;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code examples/salesforce-bulk/} loaded as shipped against the loopback Bulk API 2.0: the
 * connected app's token first, then one job, its parts, its delete; the table exact.
 */
class BulkSourceExampleTest {
    static final String ID = "salesforce-accounts-bulk";

    @Test
    void theShippedExampleLoadsAJobsResultsWithAConnectedAppsToken() throws Exception {
        Database db = Database.of("h2");
        try (SalesforceBulkApi api = new SalesforceBulkApi().accounts(1200).pollsBeforeDone(0);
                ConnectorHarness tributary =
                        new ConnectorHarness(db)
                                .set("salesforce.schedule", "direct:" + ID)
                                .set("salesforce.instance-url", api.url())
                                .set("salesforce.client-id", SalesforceBulkApi.CLIENT_ID)
                                .set("salesforce.client-secret", SalesforceBulkApi.CLIENT_SECRET)
                                .set("tributary.ratelimit.salesforce.per-day", "100000")
                                .start()) {
            tributary.load("examples/salesforce-bulk/salesforce-accounts-bulk.camel.yaml");

            SyncOutcome outcome = tributary.sync(ID);

            assertTrue(outcome.success(), outcome.summary());
            assertEquals(
                    List.of(
                            "POST /services/oauth2/token",
                            "POST " + SalesforceBulkApi.JOBS,
                            "GET " + SalesforceBulkApi.JOBS + "/750R00000000000001",
                            "GET "
                                    + SalesforceBulkApi.JOBS
                                    + "/750R00000000000001/results?maxRecords=50000",
                            "DELETE " + SalesforceBulkApi.JOBS + "/750R00000000000001"),
                    api.requests());
            List<String> ids = new ArrayList<>();
            db.column("SELECT id FROM salesforce_accounts ORDER BY id")
                    .forEach(i -> ids.add(i.toString()));
            assertEquals(api.all().stream().map(SalesforceBulkApi.Account::id).toList(), ids);
        }
    }
}
