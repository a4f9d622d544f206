package io.tributary.format;

import com.fasterxml.jackson.core.JsonPointer;

/**
 * Where a JSON body's records array is: a JSON pointer ({@code /data/items}), {@code /}, {@code $}
 * or nothing for a body that is the array (GitHub's lists), or the {@code $.data.items} form the
 * page reader takes too.
 */
final class JsonRecordsPath {
    private JsonRecordsPath() {}

    /**
     * The JSON pointer, {@code ""} for the body itself.
     *
     * @throws IllegalArgumentException not such a path
     */
    static String pointer(String path) {
        String p = path == null ? "" : path.strip();
        if (p.isEmpty() || p.equals("/") || p.equals("$")) {
            return "";
        }
        if (p.startsWith("$.") || p.startsWith("$[")) {
            // $.data[0].items is /data/0/items
            StringBuilder pointer = new StringBuilder();
            for (String step : p.substring(1).replace("[", ".").replace("]", "").split("\\.")) {
                if (!step.isEmpty()) {
                    pointer.append('/').append(step.replace("~", "~0").replace("/", "~1"));
                }
            }
            return pointer.toString();
        }
        if (!p.startsWith("/")) {
            throw new IllegalArgumentException(
                    "recordsPath '" + path + "' must be a JSON pointer such as /items");
        }
        return p;
    }

    static JsonPointer compile(String path) {
        return JsonPointer.compile(pointer(path));
    }
}
