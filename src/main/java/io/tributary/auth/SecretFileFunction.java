package io.tributary.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.apache.camel.spi.PropertiesFunction;

/**
 * The placeholder function {@code {{secretfile:PATH}}}: the contents of a file, such as a key of a
 * Kubernetes Secret mounted as a volume, without a trailing line break (which {@code echo} adds and
 * no API key contains).
 *
 * <pre>
 * - {name: authClientSecret, value: "{{secretfile:/var/run/secrets/crm/client-secret}}"}
 * </pre>
 *
 * Camel finds it by name through {@code
 * META-INF/services/org/apache/camel/properties-function/secretfile}. An unreadable file stops
 * start-up with a message that names the path, never the contents.
 */
@org.apache.camel.spi.annotations.PropertiesFunction("secretfile")
public final class SecretFileFunction implements PropertiesFunction {

    @Override
    public String getName() {
        return "secretfile";
    }

    @Override
    public String apply(String remainder) {
        Path file = Path.of(remainder.trim());
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return text.replaceFirst("(\\r?\\n)+$", "");
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(
                    "secret file "
                            + file.toAbsolutePath()
                            + " (from {{secretfile:"
                            + remainder
                            + "}}) does not exist; is the secret mounted?");
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "secret file "
                            + file.toAbsolutePath()
                            + " (from {{secretfile:"
                            + remainder
                            + "}}) cannot be read: "
                            + e.getClass().getSimpleName());
        }
    }
}
