package io.tributary.connector;

import io.tributary.config.Settings;
import io.tributary.http.PermanentFailures;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The error handling of a route from {@code tributary-sql-source} (route configuration {@value
 * #ID}, which {@link KameletRoutes} gives it and camel-kamelet applies to its Kamelets' routes),
 * built on Camel's redelivery policy:
 *
 * <ul>
 *   <li>a database that is briefly away (connection refused or lost, the pool's wait for a
 *       connection, a server shutting down, a deadlock or serialization failure, a lock wait) is
 *       retried at the step that failed — the source's query, or the sink's write — with
 *       exponential back-off and jitter, {@code tributary.retry.*} as for the HTTP source;
 *   <li>when the retries run out, or for anything else (a missing table, a bad column, a page the
 *       sink did not acknowledge, a closed pool), the run ends with its summary line and outcome,
 *       and the stored position stays at the last committed page.
 * </ul>
 *
 * A retried page is read again from the last committed position, and a retried write whose commit
 * had in fact gone through is skipped by the sink as a duplicate (its message id is the stored
 * position): a retry never loses or repeats a row.
 */
public final class SqlSourceErrorPolicy extends RouteConfigurationBuilder {
    public static final String ID = "tributary-sql-source";
    private static final Logger LOG = LoggerFactory.getLogger("io.tributary.sync");

    @Override
    public void configuration() {
        Settings settings = new Settings(getContext());
        int redeliveries = settings.integer("tributary.retry.max-redeliveries", 5);
        long initialDelay = settings.number("tributary.retry.initial-delay-ms", 1000);
        long maxDelay = settings.number("tributary.retry.max-delay-ms", 60_000);
        routeConfiguration(ID)
                .onException(Exception.class)
                .onWhen(exchange -> isTransient(caught(exchange)))
                .maximumRedeliveries(redeliveries)
                .redeliveryDelay(initialDelay)
                .useExponentialBackOff()
                .backOffMultiplier(2.0)
                .useCollisionAvoidance()
                .maximumRedeliveryDelay(maxDelay)
                .onRedelivery(exchange -> retrying(exchange, redeliveries))
                .logRetryAttempted(false)
                .logExhausted(false)
                .logStackTrace(false)
                .logHandled(false)
                .handled(true)
                .process(exchange -> fail(exchange, " (gave up after retries)"))
                .end()
                .onException(Exception.class)
                .maximumRedeliveries(0)
                .logExhausted(false)
                .logStackTrace(false)
                .logHandled(false)
                .handled(true)
                .process(exchange -> fail(exchange, null))
                .end();
    }

    /**
     * Whether another attempt may succeed: the database was briefly unreachable or busy. Never a
     * {@link PermanentFailures} one (a closed pool or database, a full disk).
     */
    static boolean isTransient(Throwable e) {
        if (e == null || PermanentFailures.of(e).isPresent() || refused(e)) {
            return false;
        }
        Deque<Throwable> todo = new ArrayDeque<>();
        Set<Throwable> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        todo.add(e);
        while (!todo.isEmpty()) {
            Throwable t = todo.poll();
            if (!seen.add(t) || seen.size() > 50) {
                continue;
            }
            if (t instanceof SQLTransientException
                    || t instanceof SQLRecoverableException
                    || t instanceof IOException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null
                        && (state.startsWith("08") // connection exception
                                || state.startsWith("40") // serialization failure, deadlock
                                || state.startsWith("53") // insufficient resources
                                || state.startsWith(
                                        "57P") // server shutting down, cannot connect now
                                || state.equals("55P03") // lock not available
                                || state.equals("HYT00"))) { // timeout
                    return true;
                }
                if (sql.getNextException() != null) {
                    todo.add(sql.getNextException());
                }
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
        }
        return false;
    }

    /**
     * The database refused the login or has no such database: the pool reports it as a timeout
     * waiting for a connection, but asking again cannot cure it.
     */
    private static boolean refused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("28") || sql.getSQLState().equals("3D000"))) {
                return true;
            }
        }
        return false;
    }

    private static Throwable caught(Exchange exchange) {
        Throwable e = exchange.getException();
        return e != null ? e : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }

    /** Before each redelivery: one line with the connector, the page and the masked failure. */
    private static void retrying(Exchange exchange, int redeliveries) {
        SqlSourceRun run = exchange.getProperty(SqlSourceRun.PROPERTY, SqlSourceRun.class);
        int attempt =
                exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        LOG.warn(
                "connector={} {} failed: {}; retry {}/{}",
                run == null ? exchange.getFromRouteId() : run.source.getId(),
                run == null ? "the sync" : run.position(),
                run == null
                        ? io.tributary.http.FailureDescription.of(
                                caught(exchange), io.tributary.http.Masker.NONE)
                        : run.source.describeFailure(caught(exchange)),
                attempt,
                redeliveries);
    }

    private static void fail(Exchange exchange, String retried) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        SqlSourceRun run = exchange.getProperty(SqlSourceRun.PROPERTY, SqlSourceRun.class);
        if (run != null) {
            run.source.fail(run, cause, retried);
        } else {
            // before the run began: the line without a run's counts
            LOG.error(
                    "connector={} sync failed before it began: {}",
                    exchange.getFromRouteId(),
                    io.tributary.http.FailureDescription.of(cause, io.tributary.http.Masker.NONE));
        }
    }
}
