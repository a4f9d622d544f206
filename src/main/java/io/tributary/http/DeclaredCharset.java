package io.tributary.http;

import java.nio.charset.Charset;
import java.util.Locale;
import java.util.Optional;

/**
 * The charset a {@code Content-Type} header declares ({@code application/json;
 * charset=iso-8859-1}).
 */
public final class DeclaredCharset {
    private DeclaredCharset() {}

    /**
     * @return empty when the header declares none
     * @throws IllegalArgumentException (an {@link java.nio.charset.UnsupportedCharsetException} or
     *     {@link java.nio.charset.IllegalCharsetNameException}) when it names one this JVM does not
     *     know
     */
    public static Optional<Charset> of(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                String name = p.substring("charset=".length()).trim();
                if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                    name = name.substring(1, name.length() - 1);
                }
                return name.isEmpty() ? Optional.empty() : Optional.of(Charset.forName(name));
            }
        }
        return Optional.empty();
    }

    /** The name a charset declaration gives, for messages; null when there is none. */
    public static String nameIn(String contentType) {
        if (contentType == null) {
            return null;
        }
        int i = contentType.toLowerCase(Locale.ROOT).indexOf("charset=");
        return i < 0 ? null : contentType.substring(i + "charset=".length()).split(";")[0].trim();
    }

    /**
     * Whether Jackson reads the charset itself from the bytes (it detects UTF-8, UTF-16 and
     * UTF-32).
     */
    public static boolean detectedByJackson(Charset charset) {
        String n = charset.name().toUpperCase(Locale.ROOT);
        return n.startsWith("UTF-8")
                || n.startsWith("UTF-16")
                || n.startsWith("UTF-32")
                || n.equals("US-ASCII");
    }
}
