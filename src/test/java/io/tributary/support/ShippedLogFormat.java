package io.tributary.support;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.joran.spi.JoranException;

/**
 * The encoder of the shipped {@code logback.xml} for {@code TRIBUTARY_LOG_FORMAT=text} or {@code
 * json}, configured from that file in a context of its own, so a test can write the events it
 * captured exactly as the console would.
 */
public final class ShippedLogFormat {
    private ShippedLogFormat() {}

    @SuppressWarnings("unchecked")
    public static Encoder<ILoggingEvent> encoder(String format) {
        LoggerContext context = new LoggerContext(); // left started: a stopped layout writes ""
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        context.start();
        context.putProperty("TRIBUTARY_LOG_FORMAT", format);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(ShippedLogFormat.class.getResource("/logback.xml"));
        } catch (JoranException e) {
            throw new IllegalStateException(e);
        }
        var appender =
                (OutputStreamAppender<ILoggingEvent>)
                        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(format);
        if (appender == null) {
            throw new IllegalArgumentException("logback.xml has no appender '" + format + "'");
        }
        return appender.getEncoder();
    }
}
