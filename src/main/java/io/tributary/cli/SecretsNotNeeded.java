package io.tributary.cli;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesFunction;

/**
 * For commands that touch only the database ({@code state show}, {@code state reset}): the route
 * files still load, for their connectors' ids, but an unset {@code {{env:API_KEY}}} or a missing
 * {@code {{secretfile:...}}} becomes a stand-in value instead of stopping start-up, since no
 * request is sent. Installed as Camel's own placeholder functions of those names, so every other
 * setting resolves as in {@code run}.
 */
public final class SecretsNotNeeded {
    /** What an unset secret reads as: never sent anywhere (these commands make no request). */
    static final String STAND_IN = "not-needed-by-this-command";

    private SecretsNotNeeded() {}

    public static void install(CamelContext context) {
        context.getPropertiesComponent().addPropertiesFunction(new Env());
        context.getPropertiesComponent().addPropertiesFunction(new SecretFile());
    }

    /**
     * {@code {{env:NAME}}} / {@code {{env:NAME:default}}} as Camel reads them, with a stand-in when
     * unset.
     */
    static final class Env implements PropertiesFunction {
        @Override
        public String getName() {
            return "env";
        }

        @Override
        public String apply(String remainder) {
            int colon = remainder.indexOf(':');
            String name = (colon < 0 ? remainder : remainder.substring(0, colon)).trim();
            String value = System.getenv(name);
            if (value == null) {
                value =
                        System.getenv(
                                name.toUpperCase(java.util.Locale.ROOT)
                                        .replace('.', '_')
                                        .replace('-', '_'));
            }
            return value != null ? value : colon >= 0 ? remainder.substring(colon + 1) : STAND_IN;
        }
    }

    /** {@code {{secretfile:PATH}}}: the file's text when readable, else the stand-in. */
    static final class SecretFile implements PropertiesFunction {
        private final io.tributary.auth.SecretFileFunction real =
                new io.tributary.auth.SecretFileFunction();

        @Override
        public String getName() {
            return "secretfile";
        }

        @Override
        public String apply(String remainder) {
            try {
                return real.apply(remainder);
            } catch (IllegalArgumentException e) {
                return STAND_IN;
            }
        }
    }
}
