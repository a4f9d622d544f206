package io.tributary;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tributary.config.Settings;
import io.tributary.connector.PageBatchAggregation;
import io.tributary.metrics.SyncOutcomes;
import io.tributary.sql.DatabaseProblem;
import io.tributary.state.JdbcCursorStore;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;

/**
 * The shared beans every connector finds by name, bound before any route is read: {@code
 * tributaryDataSource} (a pool over {@code tributary.db.*}), {@code tributaryCursorStore}, {@code
 * tributaryTokenStore} (sealing with {@code tributary.tokens.key} when set), {@code
 * tributarySyncOutcomes} and {@code pageBatch} (the split's aggregation strategy). Also turns off
 * the HTTP client's built-in retries.
 */
public final class TributaryBeans {
    private TributaryBeans() {}

    public static HikariDataSource bind(CamelContext context) {
        Settings settings = new Settings(context);
        HikariConfig config = new HikariConfig();
        config.setPoolName("tributary");
        String url = settings.required("tributary.db.url");
        DatabaseProblem.checkDriver(url); // "No suitable driver" would come later, naming nothing
        config.setJdbcUrl(url);
        if (!url.startsWith("jdbc:duckdb:")) { // DuckDB has no login and refuses the properties
            config.setUsername(settings.text("tributary.db.user", null));
            config.setPassword(settings.text("tributary.db.password", null));
        }
        config.setMaximumPoolSize(settings.integer("tributary.db.pool-size", 5));
        config.setConnectionTimeout(settings.number("tributary.db.connect-timeout-ms", 10_000));
        config.setInitializationFailTimeout(
                -1); // connect lazily; Tributary probes once and names the reason (DatabaseProblem)
        if (config.getJdbcUrl().startsWith("jdbc:postgresql:")) {
            // pgjdbc sends a page's JDBC batch as multi-row INSERTs instead of one statement per
            // row
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        HikariDataSource dataSource = new HikariDataSource(config);
        context.getRegistry().bind("tributaryDataSource", dataSource);
        context.getRegistry().bind("tributaryCursorStore", new JdbcCursorStore(dataSource));
        context.getRegistry()
                .bind(
                        "tributaryTokenStore",
                        new io.tributary.state.JdbcTokenStore(
                                dataSource,
                                io.tributary.state.TokenCipher.from(
                                        settings))); // a malformed key stops start-up here
        SyncOutcomes outcomes = new SyncOutcomes();
        context.getRegistry().bind("tributarySyncOutcomes", outcomes);
        io.tributary.metrics.Monitoring.bind(context, outcomes); // metrics, health checks, webhook
        context.getRegistry().bind("pageBatch", new PageBatchAggregation());
        io.tributary.connector.KameletRoutes.install(
                (org.apache.camel.model.ModelCamelContext) context); // before route files load
        context.getRegistry()
                .bind(
                        io.tributary.connector.CsvPageFormat.BEAN,
                        new io.tributary.connector.CsvPageFormat());
        io.tributary.ratelimit.RateLimits rateLimits =
                new io.tributary.ratelimit.RateLimits(
                        new io.tributary.ratelimit.JdbcBudgetStore(dataSource),
                        java.time.Clock.systemUTC(),
                        io.tributary.ratelimit.RateLimits.Sleeper.REAL);
        if (settings.flag("tributary.testkit.replay", false)) {
            rateLimits.ignoreServerWaits(); // a cassette's answers ask for no real wait
        }
        context.getRegistry().bind(io.tributary.ratelimit.RateLimits.BEAN, rateLimits);
        // waits for a budget or a spent quota count in tributary_rate_limit_wait_seconds, like
        // Retry-After waits
        io.tributary.metrics.ConnectorMetrics metrics =
                io.tributary.metrics.ConnectorMetrics.of(context);
        rateLimits.addListener((connector, budget, wait) -> metrics.rateLimitWait(connector, wait));
        rateLimits.addBudgetListener(metrics); // tributary_budget_remaining / _limit
        for (String scheme : new String[] {"http", "https"}) {
            // Camel's redelivery policy is the one retry mechanism: the HTTP client's own retries
            // would
            // repeat calls unlogged and sleep through a Retry-After of an hour
            context.getComponent(scheme, HttpComponent.class).setAutomaticRetriesDisabled(true);
            io.tributary.http.HttpClientSetup.apply(
                    context.getComponent(scheme, HttpComponent.class));
        }
        return dataSource;
    }
}
