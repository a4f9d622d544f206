package io.tributary;

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

    public Settings(CamelContext context) {
        this.properties = context.getPropertiesComponent();
    }

    public String text(String key, String defaultValue) {
        return properties.resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty()).orElse(defaultValue);
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
            throw new SettingException(key, value, "must be an ISO-8601 duration such as PT1M or PT24H");
        }
    }

    /** A setting that cannot be used. */
    public static final class SettingException extends IllegalArgumentException {
        public SettingException(String key, String value, String problem) {
            super("setting '" + key + "'" + (value == null ? "" : " value '" + value + "'") + ": " + problem
                    + " (application.properties, environment variable " + key.toUpperCase().replace('.', '_').replace('-', '_')
                    + " or --" + key + "=...)");
        }
    }
}
