package io.tributary.format;

import java.util.Map;

/**
 * Which XML elements are the records: an absolute path from the root ({@code
 * /soap:Envelope/soap:Body/m:SearchResponse/m:Item}) or, after {@code //}, the last steps of any
 * element's path ({@code //m:Item}). A step's prefix stands for its namespace in {@code
 * xmlNamespaces}; elements match by namespace URI and local name, as XPath's do, so an unprefixed
 * step matches an element in no namespace, and a document's default namespace needs a prefix of its
 * own ({@code m=urn:example:search}).
 */
final class ElementPath {
    private final boolean descendant;
    private final String[] uris;
    private final String[] names;

    private ElementPath(boolean descendant, String[] uris, String[] names) {
        this.descendant = descendant;
        this.uris = uris;
        this.names = names;
    }

    /**
     * @throws IllegalArgumentException not such a path, or a prefix {@code namespaces} lacks
     */
    static ElementPath compile(String path, Map<String, String> namespaces) {
        String p = path == null ? "" : path.strip();
        boolean descendant = p.startsWith("//");
        String rest = descendant ? p.substring(2) : p.startsWith("/") ? p.substring(1) : null;
        if (rest == null || rest.isEmpty()) {
            throw new IllegalArgumentException(
                    "recordsPath '"
                            + (path == null ? "" : path)
                            + "' must be an XML element path such as /Envelope/Body/Item or //m:Item");
        }
        String[] steps = rest.split("/", -1);
        String[] uris = new String[steps.length];
        String[] names = new String[steps.length];
        for (int i = 0; i < steps.length; i++) {
            String step = steps[i];
            int colon = step.indexOf(':');
            String prefix = colon < 0 ? null : step.substring(0, colon);
            String name = colon < 0 ? step : step.substring(colon + 1);
            if (!isName(name) || prefix != null && !isName(prefix)) {
                throw new IllegalArgumentException(
                        "recordsPath '"
                                + path
                                + "': step '"
                                + step
                                + "' is not an element name (prefix:name or name)");
            }
            if (prefix != null && !namespaces.containsKey(prefix)) {
                throw new IllegalArgumentException(
                        "recordsPath '"
                                + path
                                + "' uses prefix '"
                                + prefix
                                + "', which xmlNamespaces does not declare (e.g. "
                                + prefix
                                + "=urn:example)");
            }
            uris[i] = prefix == null ? "" : namespaces.get(prefix);
            names[i] = name;
        }
        return new ElementPath(descendant, uris, names);
    }

    private static boolean isName(String s) {
        if (s.isEmpty() || !(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_')) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the element open at {@code depth} (1: the root), whose ancestors' and own namespace
     * URIs ("" for none) and local names are {@code openUris[0..depth)} and {@code
     * openNames[0..depth)}, is a record.
     */
    boolean matches(String[] openUris, String[] openNames, int depth) {
        int n = names.length;
        if (descendant ? depth < n : depth != n) {
            return false;
        }
        int base = depth - n;
        for (int i = n - 1; i >= 0; i--) {
            if (!names[i].equals(openNames[base + i]) || !uris[i].equals(openUris[base + i])) {
                return false;
            }
        }
        return true;
    }
}
