package io.tributary.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line: {@code [--once] [--config=FILE] [--some.property=value ...]}. Any setting of
 * application.properties can be given as {@code --key=value} and wins over the file and the
 * environment.
 */
public final class Options {
    public static final String USAGE = String.join("\n",
            "Usage: java -jar tributary.jar [--once] [--config=FILE] [--<property>=<value> ...]",
            "",
            "Runs the connectors in routes/ on their schedules until stopped.",
            "",
            "  --once               run every connector once, then exit: 0 if all succeeded, 1 if any failed",
            "  --config=FILE        the settings file (default: application.properties in the working directory)",
            "  --<property>=<value> override one setting, e.g. --tributary.db.url=jdbc:postgresql://127.0.0.1/etl",
            "  -h, --help           show this help",
            "",
            "Settings resolve in this order, last wins: built-in defaults, the settings file, environment",
            "variables (tributary.db.url -> TRIBUTARY_DB_URL), JVM -D options, command-line options.");

    public final boolean once;
    public final boolean help;
    public final String config;
    public final Map<String, String> overrides;

    private Options(boolean once, boolean help, String config, Map<String, String> overrides) {
        this.once = once;
        this.help = help;
        this.config = config;
        this.overrides = overrides;
    }

    public static Options parse(String... args) {
        boolean once = false;
        boolean help = false;
        String config = "application.properties";
        Map<String, String> overrides = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--once")) {
                once = true;
            } else if (arg.equals("-h") || arg.equals("--help")) {
                help = true;
            } else if (arg.startsWith("--config=") && arg.length() > "--config=".length()) {
                config = arg.substring("--config=".length());
            } else if (arg.startsWith("--") && arg.indexOf('=') > 2 && arg.substring(2, arg.indexOf('=')).contains(".")) {
                overrides.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                unknown.add(arg);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown option " + unknown + "; settings are given as --key=value, e.g. --tributary.demo.enabled=false");
        }
        return new Options(once, help, config, overrides);
    }
}
