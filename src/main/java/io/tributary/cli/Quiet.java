package io.tributary.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Camel's start-up chatter out of a command's output (check, preview, state print their own
 * results): INFO lines are dropped while it is open, warnings and errors still show. {@code
 * TRIBUTARY_LOG_LEVEL=DEBUG} (or INFO) keeps everything.
 */
public final class Quiet implements AutoCloseable {
    private static final String[] LOGGERS = {
        "org.apache.camel", "io.tributary", Logger.ROOT_LOGGER_NAME
    };
    private final Level[] before = new Level[LOGGERS.length];
    private boolean applied;

    private Quiet() {}

    public static Quiet apply() {
        Quiet quiet = new Quiet();
        if (System.getenv("TRIBUTARY_LOG_LEVEL") != null
                || !(LoggerFactory.getILoggerFactory()
                        instanceof ch.qos.logback.classic.LoggerContext)) {
            return quiet;
        }
        for (int i = 0; i < LOGGERS.length; i++) {
            Logger logger = (Logger) LoggerFactory.getLogger(LOGGERS[i]);
            quiet.before[i] = logger.getLevel();
            logger.setLevel(Level.WARN);
        }
        quiet.applied = true;
        // Camel's JVM shutdown hook announces itself when the command's process exits, after
        // close()
        ((Logger) LoggerFactory.getLogger("org.apache.camel.main.DefaultMainShutdownStrategy"))
                .setLevel(Level.WARN);
        return quiet;
    }

    @Override
    public void close() {
        if (!applied) {
            return;
        }
        for (int i = 0; i < LOGGERS.length; i++) {
            ((Logger) LoggerFactory.getLogger(LOGGERS[i])).setLevel(before[i]);
        }
    }
}
