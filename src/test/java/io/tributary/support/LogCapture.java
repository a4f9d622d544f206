package io.tributary.support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/** Collects every log line written while it is open, formatted with arguments and stack traces. */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

    public static LogCapture open() {
        LogCapture capture = new LogCapture();
        capture.setContext(
                (ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory());
        capture.attach();
        return capture;
    }

    private void attach() {
        super.start();
        root().addAppender(this);
    }

    @Override
    protected void append(ILoggingEvent event) {
        event.prepareForDeferredProcessing();
        events.add(event);
        StringBuilder b =
                new StringBuilder(
                        event.getLevel()
                                + " "
                                + event.getLoggerName()
                                + " "
                                + event.getFormattedMessage());
        for (var t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            b.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
            for (var frame : t.getStackTraceElementProxyArray()) {
                b.append(" at ").append(frame.getSTEAsString());
            }
        }
        lines.add(b.toString());
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    public List<String> linesContaining(String text) {
        return lines.stream().filter(l -> l.contains(text)).collect(Collectors.toList());
    }

    /**
     * Every line as the shipped logback.xml writes it to the console with {@code
     * TRIBUTARY_LOG_FORMAT=format} ({@code text} or {@code json}).
     */
    public List<String> written(String format) {
        var encoder = ShippedLogFormat.encoder(format);
        return events.stream()
                .flatMap(
                        e ->
                                new String(
                                                encoder.encode(e),
                                                java.nio.charset.StandardCharsets.UTF_8)
                                        .lines())
                .collect(Collectors.toList());
    }

    public String all() {
        return String.join("\n", lines);
    }

    @Override
    public void close() {
        root().detachAppender(this);
        stop();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
