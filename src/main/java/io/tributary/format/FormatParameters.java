package io.tributary.format;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code format*} parameters' text checked into {@link FormatSettings}, each error naming the
 * parameter and its value: {@code csvDelimiter '::' must be one character}.
 */
final class FormatParameters {
    private FormatParameters() {}

    static FormatSettings parse(
            String format,
            String recordsPath,
            String csvDelimiter,
            String csvQuote,
            String csvColumns,
            String xmlNamespaces,
            String compression) {
        FormatSettings.Kind kind = kind(format);
        char delimiter = character("csvDelimiter", csvDelimiter, ',');
        char quote = character("csvQuote", csvQuote, '"');
        if (delimiter == quote) {
            throw new IllegalArgumentException(
                    "csvQuote '" + quote + "' must differ from csvDelimiter '" + delimiter + "'");
        }
        List<String> columns = columns(csvColumns);
        Map<String, String> namespaces = namespaces(xmlNamespaces);
        String path;
        if (kind == FormatSettings.Kind.XML) {
            path = recordsPath == null ? "" : recordsPath.strip();
            ElementPath.compile(path, namespaces); // checked now, compiled per body
        } else {
            String pointer = JsonRecordsPath.pointer(recordsPath);
            path = pointer.isEmpty() ? "/" : pointer;
        }
        return new FormatSettings(
                kind, path, delimiter, quote, columns, namespaces, compression(compression));
    }

    private static FormatSettings.Kind kind(String format) {
        if (blank(format)) {
            return FormatSettings.Kind.JSON;
        }
        for (FormatSettings.Kind kind : FormatSettings.Kind.values()) {
            if (kind.key().equals(format.strip().toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new IllegalArgumentException(
                "format '" + format + "' must be one of json, jsonl, csv, xml");
    }

    private static char character(String parameter, String text, char otherwise) {
        if (text == null || text.isEmpty()) {
            return otherwise;
        }
        if (text.equals("\\t") || text.equalsIgnoreCase("tab")) {
            return '\t'; // a tab is hard to write in YAML and invisible in a table
        }
        if (text.length() != 1) {
            throw new IllegalArgumentException(
                    parameter + " '" + text + "' must be one character (or tab)");
        }
        char c = text.charAt(0);
        if (c == '\n' || c == '\r') {
            throw new IllegalArgumentException(
                    parameter + " must not be a line break: lines end records");
        }
        return c;
    }

    private static List<String> columns(String text) {
        List<String> columns = new ArrayList<>();
        if (blank(text)) {
            return columns;
        }
        Set<String> seen = new HashSet<>();
        for (String column : text.split(",", -1)) {
            String name = column.strip();
            if (name.isEmpty()) {
                throw new IllegalArgumentException(
                        "csvColumns '"
                                + text
                                + "' has an empty name: write names, comma-separated");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException(
                        "csvColumns '" + text + "' names '" + name + "' twice");
            }
            columns.add(name);
        }
        return columns;
    }

    private static Map<String, String> namespaces(String text) {
        Map<String, String> namespaces = new LinkedHashMap<>();
        if (blank(text)) {
            return namespaces;
        }
        for (String entry : text.split(",", -1)) {
            int eq = entry.indexOf('=');
            String prefix = eq < 0 ? "" : entry.substring(0, eq).strip();
            String uri = eq < 0 ? "" : entry.substring(eq + 1).strip();
            if (prefix.isEmpty() || uri.isEmpty() || prefix.indexOf(':') >= 0) {
                throw new IllegalArgumentException(
                        "xmlNamespaces '" + text + "' must be prefix=uri, comma-separated");
            }
            if (namespaces.put(prefix, uri) != null) {
                throw new IllegalArgumentException(
                        "xmlNamespaces '" + text + "' declares prefix '" + prefix + "' twice");
            }
        }
        return namespaces;
    }

    private static FormatSettings.Compression compression(String text) {
        if (blank(text)) {
            return FormatSettings.Compression.NONE;
        }
        for (FormatSettings.Compression c : FormatSettings.Compression.values()) {
            if (c.name().equalsIgnoreCase(text.strip())) {
                return c;
            }
        }
        throw new IllegalArgumentException(
                "compression '" + text + "' must be one of none, gzip, auto");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
