package io.tributary.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --trace}: DEBUG on logger {@code io.tributary.trace} while a command runs, whatever the
 * root level or {@link Quiet} (a logger's own level wins over its parents'); restored after, since
 * a test runs several commands in one JVM. Without the flag the logger's level is logback's: {@code
 * TRIBUTARY_TRACE_LEVEL=DEBUG}, {@code TRIBUTARY_LOG_LEVEL=DEBUG} or a logback file.
 */
public final class TraceLevel implements AutoCloseable {
    private final Logger logger;
    private final Level before;

    private TraceLevel(Logger logger) {
        this.logger = logger;
        this.before = logger == null ? null : logger.getLevel();
        if (logger != null) {
            logger.setLevel(Level.DEBUG);
        }
    }

    /** DEBUG on the trace logger when {@code on}; closing it puts the level back. */
    public static TraceLevel apply(boolean on) {
        org.slf4j.Logger trace = LoggerFactory.getLogger(io.tributary.http.RequestTrace.LOGGER);
        return new TraceLevel(on && trace instanceof Logger ? (Logger) trace : null);
    }

    @Override
    public void close() {
        if (logger != null) {
            logger.setLevel(before);
        }
    }
}
