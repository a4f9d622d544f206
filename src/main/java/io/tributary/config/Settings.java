package io.tributary.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Typed reads of Tributary's own settings, with errors that name the setting and the value, e.g.
 * {@code setting 'tributary.demo.port' value 'abc': must be a whole number}.
 */
public final class Settings {
    private final PropertiesComponent properties;
    private final CamelContext context;

    public Settings(CamelContext context) {
        this.properties = context.getPropertiesComponent();
        this.context = context;
    }

    public String text(String key, String defaultValue) {
        try {
            return properties
                    .resolveProperty(key)
                    .map(String::trim)
                    .filter(v -> !v.isEmpty())
                    .orElse(defaultValue);
        } catch (RuntimeException e) {
            // e.g. tributary.db.password={{env:DB_PASSWORD}} with DB_PASSWORD unset
            String raw = properties.loadProperties().getProperty(key);
            String why = context == null || raw == null ? null : whyUnresolved(context, raw);
            throw new SettingException(
                    key, raw, "cannot be resolved: " + (why != null ? why : e.getMessage()));
        }
    }

    public String required(String key) {
        String value = text(key, null);
        if (value == null) {
            throw new SettingException(key, null, "is required");
        }
        return value;
    }

    public long number(String key, long defaultValue) {
        String value = text(key, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new SettingException(key, value, "must be a whole number");
        }
    }

    public int integer(String key, int defaultValue) {
        long n = number(key, defaultValue);
        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            throw new SettingException(key, Long.toString(n), "is out of range");
        }
        return (int) n;
    }

    public boolean flag(String key, boolean defaultValue) {
        String value = text(key, null);
        if (value == null) {
            return defaultValue;
        }
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new SettingException(key, value, "must be true or false");
        }
        return Boolean.parseBoolean(value);
    }

    /** An ISO-8601 duration such as PT1M or PT24H. */
    public Duration duration(String key, Duration defaultValue) {
        String value = text(key, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new SettingException(
                    key, value, "must be an ISO-8601 duration such as PT1M or PT24H");
        }
    }

    private static final java.util.regex.Pattern PLACEHOLDER =
            java.util.regex.Pattern.compile("\\{\\{([^{}]+)}}");
    private static final java.util.regex.Pattern CAMEL_MISSING =
            java.util.regex.Pattern.compile("Property with key \\[([^\\]]+)]");

    /**
     * Why {@code text} cannot be resolved, followed through the properties it names down to the
     * unset environment variable: {@code property 'weather.api-key' (file:application.properties)
     * is '{{env:WEATHER_KEY}}': environment variable WEATHER_KEY is not set}. Null when nothing is
     * missing. Camel's own text ("Property with key [env:X] using function [env] returned null
     * value") names neither the file nor the parameter.
     */
    public static String whyUnresolved(CamelContext context, String text) {
        return whyUnresolved(context, text, 0);
    }

    private static String whyUnresolved(CamelContext context, String text, int depth) {
        if (text == null || depth > 10) {
            return null;
        }
        // innermost first: {{env:A:{{b}}}} has a default, so only {{b}} can be missing
        java.util.regex.Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            String key = m.group(1);
            String why = missing(context, key, depth);
            if (why != null) {
                return why;
            }
        }
        String outer = PLACEHOLDER.matcher(text).replaceAll("x");
        return outer.equals(text) ? null : whyUnresolved(context, outer, depth + 1);
    }

    private static String missing(CamelContext context, String key, int depth) {
        if (key.startsWith("env:")) {
            String rest = key.substring(4);
            if (rest.contains(":")) {
                return null; // {{env:NAME:default}}
            }
            return environment(rest) == null
                    ? "environment variable " + rest + " is not set"
                    : null;
        }
        if (key.contains(":") && !key.startsWith("sys:")) {
            return null; // another function (secretfile:...), which names its own problem
        }
        if (key.startsWith("sys:")) {
            String rest = key.substring(4);
            return rest.contains(":") || System.getProperty(rest) != null
                    ? null
                    : "JVM system property " + rest + " is not set";
        }
        String optional = key.startsWith("?") ? key.substring(1) : key;
        java.util.Properties raw = context.getPropertiesComponent().loadProperties();
        String value = raw.getProperty(optional);
        if (value == null) {
            value =
                    environment(
                            optional.toUpperCase(java.util.Locale.ROOT)
                                    .replace('.', '_')
                                    .replace('-', '_'));
        }
        if (value == null) {
            return key.startsWith("?")
                    ? null
                    : "property '"
                            + optional
                            + "' is not defined (not in "
                            + locations(context)
                            + ", the environment as "
                            + optional.toUpperCase(java.util.Locale.ROOT)
                                    .replace('.', '_')
                                    .replace('-', '_')
                            + ", nor --"
                            + optional
                            + "=...)";
        }
        String deeper = whyUnresolved(context, value, depth + 1);
        return deeper == null
                ? null
                : "property '"
                        + optional
                        + "' ("
                        + locations(context)
                        + ") is '"
                        + value
                        + "': "
                        + deeper;
    }

    /** The unresolved key Camel names in its message ("Property with key [x] ..."), or null. */
    public static String camelMissingKey(String message) {
        if (message == null) {
            return null;
        }
        java.util.regex.Matcher m = CAMEL_MISSING.matcher(message);
        return m.find() ? m.group(1) : null;
    }

    private static String environment(String name) {
        return System.getenv(name);
    }

    private static String locations(CamelContext context) {
        java.util.List<String> files = new java.util.ArrayList<>();
        context.getPropertiesComponent()
                .getLocations()
                .forEach(l -> files.add(l.startsWith("file:") ? l.substring(5) : l));
        files.removeIf(l -> l.equals("false") || l.startsWith("classpath:"));
        return files.isEmpty() ? "the settings" : String.join(", ", files);
    }

    /** A setting that cannot be used. */
    public static final class SettingException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public SettingException(String key, String value, String problem) {
            super(
                    "setting '"
                            + key
                            + "'"
                            + (value == null ? "" : " value '" + value + "'")
                            + ": "
                            + problem
                            + " (application.properties, environment variable "
                            + key.toUpperCase(java.util.Locale.ROOT)
                                    .replace('.', '_')
                                    .replace('-', '_')
                            + " or --"
                            + key
                            + "=...)");
        }
    }

    /** Tributary's built-in settings ({@code tributary-defaults.properties} in the jar). */
    public static java.util.Properties builtInDefaults() {
        java.util.Properties p = new java.util.Properties();
        try (java.io.InputStream in =
                Settings.class.getResourceAsStream("/tributary-defaults.properties")) {
            p.load(in);
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException(
                    "tributary-defaults.properties is missing from the jar", e);
        }
        return p;
    }
}
