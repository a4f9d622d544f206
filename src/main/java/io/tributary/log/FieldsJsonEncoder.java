package io.tributary.log;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.event.KeyValuePair;

/**
 * Logback's {@link JsonEncoder} ({@code TRIBUTARY_LOG_FORMAT=json}) with each key-value pair of the
 * event ({@code LOG.atInfo().addKeyValue("records", 1500)}) as a top-level field of its line,
 * numbers as numbers: {@code {"level":"INFO",...,"connector":"obs","records":1500}}. Logback itself
 * nests them in a {@code kvpList} array of one-field objects, which a log shipper cannot query as
 * fields.
 */
public class FieldsJsonEncoder extends JsonEncoder {
    private static final ObjectMapper JSON = new ObjectMapper();

    public FieldsJsonEncoder() {
        setWithKVPList(false); // written as fields instead
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        byte[] line = super.encode(event);
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        int close = lastBrace(line);
        if (pairs == null || pairs.isEmpty() || close < 0) {
            return line;
        }
        StringBuilder fields = new StringBuilder();
        for (KeyValuePair pair : pairs) {
            fields.append(',').append(json(pair.key)).append(':').append(json(value(pair.value)));
        }
        byte[] added = fields.toString().getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[line.length + added.length];
        System.arraycopy(line, 0, out, 0, close);
        System.arraycopy(added, 0, out, close, added.length);
        System.arraycopy(line, close, out, close + added.length, line.length - close);
        return out;
    }

    /** Numbers and booleans keep their type; anything else is its text. */
    private static Object value(Object v) {
        return v == null || v instanceof Number || v instanceof Boolean ? v : v.toString();
    }

    private static String json(Object v) {
        try {
            return JSON.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            return "null"; // a String, Number or Boolean always serialises
        }
    }

    /** The end of the one object the encoder wrote (before its line separator). */
    private static int lastBrace(byte[] line) {
        for (int i = line.length - 1; i >= 0; i--) {
            if (line[i] == '}') {
                return i;
            }
        }
        return -1;
    }
}
