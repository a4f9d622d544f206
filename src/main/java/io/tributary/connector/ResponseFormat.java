package io.tributary.connector;

import io.tributary.config.ConnectorConfigException;
import io.tributary.format.FormatSettings;
import io.tributary.format.FormatSettings.Kind;
import java.nio.charset.Charset;
import java.util.List;
import java.util.function.Function;

/**
 * How a source's bodies are read, from its {@code format*} and {@code charset} parameters: the
 * format (or, for {@code auto}, each response's Content-Type's), the options, and the charset a
 * body that names none is in. The HTTP source's reader and {@code check} share one; the file source
 * checks its parameters with {@link #settings}.
 */
final class ResponseFormat {
    private final boolean auto;
    private final FormatSettings settings;
    private final Charset fallback; // null: UTF-8, what Jackson detects, or an XML declaration

    private ResponseFormat(boolean auto, FormatSettings settings, Charset fallback) {
        this.auto = auto;
        this.settings = settings;
        this.fallback = fallback;
    }

    /** The connector's format parameters, each checked; errors name parameter and value. */
    static ResponseFormat of(
            String connector, Function<String, String> value, List<Parameter> declared) {
        String format = value.apply("format");
        boolean auto = format.equals("auto");
        return new ResponseFormat(
                auto,
                settings(connector, auto ? "json" : format, value, declared),
                fallbackCharset(connector, value.apply("charset")));
    }

    /**
     * {@code FormatSettings.parse} over a source's parameters; its message starts with the
     * parameter and value ("csvQuote 'ab' must..."), which the error names.
     */
    static FormatSettings settings(
            String connector,
            String kind,
            Function<String, String> value,
            List<Parameter> declared) {
        String delimiter = value.apply("csvDelimiter");
        try {
            return FormatSettings.parse(
                    kind,
                    blankToNull(value.apply("recordsPath")),
                    "\\t".equals(delimiter) ? "\t" : delimiter,
                    value.apply("csvQuote"),
                    blankToNull(value.apply("csvColumns")),
                    blankToNull(value.apply("xmlNamespaces")),
                    value.apply("compression"));
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            for (Parameter p : declared) {
                String start = p.name() + " '" + value.apply(p.name()) + "' ";
                if (message.startsWith(start)) {
                    throw new ConnectorConfigException(
                            connector,
                            p.name(),
                            value.apply(p.name()),
                            message.substring(start.length()));
                }
            }
            throw new ConnectorConfigException(connector, "format", value.apply("format"), message);
        }
    }

    /** {@code charset} when set to other than the default (UTF-8), else null. */
    static Charset fallbackCharset(String connector, String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        Charset given;
        try {
            given = Charset.forName(name.trim());
        } catch (IllegalArgumentException e) {
            throw new ConnectorConfigException(
                    connector,
                    "charset",
                    name,
                    "is not a charset this JVM knows, e.g. utf-8, windows-1252, iso-8859-1");
        }
        // the default leaves JSON's detection and an XML document's own declaration in charge
        return given.equals(java.nio.charset.StandardCharsets.UTF_8) ? null : given;
    }

    /** The format a response of this Content-Type is read in. */
    Kind kindOf(String contentType) {
        return auto ? Kind.ofContentType(contentType).orElse(Kind.JSON) : settings.kind();
    }

    /** The options for a response of this Content-Type. */
    FormatSettings settingsFor(String contentType) {
        return settings.withKind(kindOf(contentType));
    }

    /** A body's charset: the one its Content-Type declares, else {@code charset}'s (or null). */
    Charset charsetOf(String contentType) {
        return io.tributary.http.DeclaredCharset.of(contentType).orElse(fallback);
    }

    /**
     * The {@code Accept} header: the format it reads; {@code auto} and {@code json} ask for JSON.
     */
    String accept() {
        return auto ? "application/json" : settings.kind().accept();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
