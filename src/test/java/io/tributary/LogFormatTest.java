package io.tributary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The shipped logback.xml: text for people by default, one JSON object per line with
 * TRIBUTARY_LOG_FORMAT=json.
 */
class LogFormatTest {

    String logOneLine(String format) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        context.start();
        try {
            if (format != null) {
                context.putProperty("TRIBUTARY_LOG_FORMAT", format);
            }
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(Tributary.class.getResource("/logback.xml"));
            var appender =
                    (ch.qos.logback.core.OutputStreamAppender<?>)
                            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                                    .getAppender(format == null ? "text" : format);
            appender.setOutputStream(out); // what the console would have shown
            context.getLogger("io.tributary.sync")
                    .info("sync connector={} outcome=success records=3", "inventory");
        } finally {
            context.stop();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void textIsTheDefault() throws Exception {
        String line = logOneLine(null);
        assertTrue(
                line.contains(" INFO  [")
                        && line.endsWith(
                                "io.tributary.sync - sync connector=inventory outcome=success records=3\n"),
                line);
    }

    @Test
    void jsonGivesOneObjectPerLineWithTheMessage() throws Exception {
        String line = logOneLine("json");
        assertEquals(1, line.lines().count(), line);
        JsonNode json = new ObjectMapper().readTree(line);
        assertEquals("INFO", json.path("level").asText());
        assertEquals("io.tributary.sync", json.path("loggerName").asText());
        assertEquals(
                "sync connector=inventory outcome=success records=3",
                json.path("formattedMessage").asText());
        assertTrue(
                json.path("message").isMissingNode() && json.path("arguments").isMissingNode(),
                line);
        assertTrue(json.path("timestamp").isNumber());
    }
}
