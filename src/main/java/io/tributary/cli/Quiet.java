package io.tributary.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Camel's start-up chatter out of a command's output (check, preview, state print their own
 * results): INFO lines are dropped while it is open, warnings and errors still show. {@code
 * TRIBUTARY_LOG_LEVEL=DEBUG} (or INFO) keeps everything; WARN or ERROR keep the command at least as
 * quiet as without it (Camel's logger has a level of its own, which the root level does not lower).
 */
public final class Quiet implements AutoCloseable {
    private static final String[] LOGGERS = {
        "org.apache.camel", "io.tributary", Logger.ROOT_LOGGER_NAME
    };
    private final Level[] before = new Level[LOGGERS.length];
    private boolean applied;

    private Quiet() {}

    public static Quiet apply() {
        return apply(askedLevel());
    }

    /**
     * The level {@code asked} for (null: none): below WARN keeps everything, else that level holds
     * for Camel's and Tributary's loggers too.
     */
    static Quiet apply(String asked) {
        Quiet quiet = new Quiet();
        Level level = asked == null ? Level.WARN : Level.toLevel(asked.trim(), Level.DEBUG);
        if (!level.isGreaterOrEqual(Level.WARN)
                || !(LoggerFactory.getILoggerFactory()
                        instanceof ch.qos.logback.classic.LoggerContext)) {
            return quiet;
        }
        for (int i = 0; i < LOGGERS.length; i++) {
            Logger logger = (Logger) LoggerFactory.getLogger(LOGGERS[i]);
            quiet.before[i] = logger.getLevel();
            logger.setLevel(level);
        }
        quiet.applied = true;
        // Camel's JVM shutdown hook announces itself when the command's process exits, after
        // close()
        ((Logger) LoggerFactory.getLogger("org.apache.camel.main.DefaultMainShutdownStrategy"))
                .setLevel(level);
        return quiet;
    }

    /** {@code TRIBUTARY_LOG_LEVEL} as logback.xml reads it: a -D option, else the environment. */
    static String askedLevel() {
        String level = System.getProperty("TRIBUTARY_LOG_LEVEL");
        return level != null ? level : System.getenv("TRIBUTARY_LOG_LEVEL");
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
