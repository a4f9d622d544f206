package io.tributary.cluster;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tributary.config.ConnectorConfigException;
import io.tributary.config.Settings;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several replicas, each schedule fired by one of them: with {@code tributary.cluster.enabled=true}
 * camel-quartz runs on Quartz's clustered JDBC job store in the target PostgreSQL. Every replica
 * schedules the same triggers; Quartz's row lock on {@code qrtz_locks} hands each firing to one
 * replica, and when a replica stops checking in the others recover its work.
 *
 * <p>What it sets up, at start-up:
 *
 * <ul>
 *   <li>the {@code qrtz_*} tables, created when missing ({@link QuartzTables});
 *   <li>camel-quartz's scheduler: {@code JobStoreTX} with the PostgreSQL delegate, {@code
 *       isClustered=true}, {@code instanceId=AUTO}, on a small connection pool of its own over
 *       {@code tributary.db.*};
 *   <li>every {@code quartz:} connector gets {@code stateful=true} (Quartz's
 *       {@code @DisallowConcurrentExecution}, enforced cluster-wide by the job store: a cron firing
 *       while the previous run is still going on any replica waits for it instead of starting a
 *       second run) and {@code recoverableJob=true} (a run cut off by a dead replica is started
 *       again on another one, which resumes from the committed cursor).
 * </ul>
 *
 * A connector triggered by {@code timer:} or {@code scheduler:} would run on every replica:
 * start-up fails with a message naming it. Every replica needs the same {@code camel.main.name}:
 * camel-quartz finds the route of a firing through it.
 *
 * <p>Settings: {@code tributary.cluster.enabled} (false), {@code
 * tributary.cluster.checkin-interval-ms} (5000; a dead replica's work moves after about this plus
 * 7.5 s), {@code tributary.cluster.threads} (10: connectors that can run at the same time on one
 * replica), {@code tributary.cluster.pool-size} (3).
 */
public final class ClusteredQuartz {
    private static final Logger LOG = LoggerFactory.getLogger(ClusteredQuartz.class);
    public static final String ENABLED = "tributary.cluster.enabled";

    private ClusteredQuartz() {}

    public static boolean enabled(CamelContext context) {
        return new Settings(context).flag(ENABLED, false);
    }

    /**
     * Points camel-quartz at the clustered job store. Call before routes are loaded.
     *
     * @return the pool Quartz uses, for the caller to close on shutdown
     */
    public static HikariDataSource configure(CamelContext context, HikariDataSource target) {
        Settings settings = new Settings(context);
        String product = databaseProduct(target);
        if (!product.contains("postgres")) {
            throw new Settings.SettingException(
                    ENABLED,
                    "true",
                    "needs a PostgreSQL target database shared by every replica, "
                            + "but tributary.db.url points at "
                            + product
                            + " ("
                            + scheme(target.getJdbcUrl())
                            + ")");
        }
        HikariConfig config = new HikariConfig();
        target.copyStateTo(config);
        config.setPoolName("tributary-quartz");
        config.setMaximumPoolSize(settings.integer("tributary.cluster.pool-size", 3));
        config.setMinimumIdle(1);
        HikariDataSource pool = new HikariDataSource(config);
        try {
            if (QuartzTables.createIfMissing(pool)) {
                LOG.info("Created Quartz's qrtz_* tables for the cluster");
            }
        } catch (SQLException e) {
            pool.close();
            throw new IllegalStateException(
                    "cannot create Quartz's qrtz_* tables in the target database: "
                            + e.getMessage(),
                    e);
        }
        String providerName = "tributary-" + Integer.toHexString(System.identityHashCode(pool));
        DBConnectionManager.getInstance()
                .addConnectionProvider(providerName, new PoolProvider(pool));

        long checkin = settings.number("tributary.cluster.checkin-interval-ms", 5000);
        if (checkin < 100) {
            throw new Settings.SettingException(
                    "tributary.cluster.checkin-interval-ms",
                    Long.toString(checkin),
                    "must be at least 100");
        }
        int threads = settings.integer("tributary.cluster.threads", 10);
        if (threads < 1) {
            throw new Settings.SettingException(
                    "tributary.cluster.threads", Integer.toString(threads), "must be at least 1");
        }
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "TributaryCluster");
        p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty(
                "org.quartz.jobStore.driverDelegateClass",
                "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", providerName);
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(checkin));
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        QuartzComponent quartz = context.getComponent("quartz", QuartzComponent.class);
        quartz.setProperties(p);
        LOG.info(
                "Clustered scheduling on ({}): each quartz schedule fires on one replica; check-in every {} ms",
                ENABLED,
                checkin);
        return pool;
    }

    /**
     * Makes every quartz-scheduled route stateful and recoverable, and refuses routes whose trigger
     * would fire on every replica. Call after routes are loaded, before they start.
     */
    public static void adjustRoutes(ModelCamelContext context) {
        for (RouteDefinition route : context.getRouteDefinitions()) {
            String uri = io.tributary.connector.ConnectorRoutes.schedule(context, route);
            String scheme = uri.contains(":") ? uri.substring(0, uri.indexOf(':')) : "";
            if (scheme.equals("timer") || scheme.equals("scheduler")) {
                throw new ConnectorConfigException(
                        route.getRouteId(),
                        "schedule",
                        uri,
                        "a "
                                + scheme
                                + " fires on every replica when "
                                + ENABLED
                                + "=true; use a quartz cron schedule, "
                                + "e.g. quartz:"
                                + route.getRouteId()
                                + "?cron=0+*/15+*+*+*+?, which fires on one replica at a time");
            }
            if (scheme.equals("quartz")) {
                io.tributary.connector.ConnectorRoutes.setSchedule(
                        route,
                        withDefault(
                                withDefault(uri, "stateful", "true"), "recoverableJob", "true"));
            }
        }
    }

    static String withDefault(String uri, String option, String value) {
        String query = uri.contains("?") ? uri.substring(uri.indexOf('?') + 1) : "";
        for (String pair : query.split("&")) {
            if (pair.equals(option) || pair.startsWith(option + "=")) {
                return uri; // the route's own choice wins
            }
        }
        return uri + (uri.contains("?") ? "&" : "?") + option + "=" + value;
    }

    private static String databaseProduct(HikariDataSource target) {
        try (Connection c = target.getConnection()) {
            return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot reach the target database (tributary.db.url) for clustered scheduling: "
                            + e.getMessage(),
                    e);
        }
    }

    /** "jdbc:h2" of a JDBC URL: enough to say which database, never its credentials. */
    private static String scheme(String url) {
        if (url == null) {
            return "?";
        }
        int second = url.indexOf(':', url.indexOf(':') + 1);
        return second < 0 ? url : url.substring(0, second);
    }

    /**
     * Hands Quartz connections from Tributary's pool; closes the pool when the scheduler shuts
     * down.
     */
    private static final class PoolProvider implements ConnectionProvider {
        private final HikariDataSource pool;

        PoolProvider(HikariDataSource pool) {
            this.pool = pool;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return pool.getConnection();
        }

        @Override
        public void shutdown() {
            pool.close();
        }

        @Override
        public void initialize() {
            // the pool is ready before Quartz starts
        }
    }
}
