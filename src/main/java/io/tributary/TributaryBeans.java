package io.tributary;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tributary.connector.PageBatchAggregation;
import io.tributary.connector.SyncOutcomes;
import io.tributary.state.JdbcCursorStore;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The shared beans every connector finds by name, bound before any route is read:
 * {@code tributaryDataSource} (a pool over {@code tributary.db.*}), {@code tributaryCursorStore},
 * {@code tributarySyncOutcomes} and {@code pageBatch} (the split's aggregation strategy). Also turns
 * off the HTTP client's built-in retries.
 */
public final class TributaryBeans {
    private TributaryBeans() {
    }

    public static HikariDataSource bind(CamelContext context) {
        PropertiesComponent p = context.getPropertiesComponent();
        HikariConfig config = new HikariConfig();
        config.setPoolName("tributary");
        config.setJdbcUrl(p.resolveProperty("tributary.db.url").orElseThrow(() ->
                new IllegalArgumentException("application.properties: 'tributary.db.url' is not set")));
        config.setUsername(p.resolveProperty("tributary.db.user").orElse(null));
        config.setPassword(p.resolveProperty("tributary.db.password").orElse(null));
        config.setMaximumPoolSize(Integer.parseInt(p.resolveProperty("tributary.db.pool-size").orElse("5")));
        config.setInitializationFailTimeout(-1); // connect lazily; connectors report a clear error at init
        HikariDataSource dataSource = new HikariDataSource(config);
        context.getRegistry().bind("tributaryDataSource", dataSource);
        context.getRegistry().bind("tributaryCursorStore", new JdbcCursorStore(dataSource));
        context.getRegistry().bind("tributarySyncOutcomes", new SyncOutcomes());
        context.getRegistry().bind("pageBatch", new PageBatchAggregation());
        for (String scheme : new String[] {"http", "https"}) {
            // Camel's redelivery policy is the one retry mechanism: the HTTP client's own retries would
            // repeat calls unlogged and sleep through a Retry-After of an hour
            context.getComponent(scheme, HttpComponent.class).setAutomaticRetriesDisabled(true);
        }
        return dataSource;
    }
}
