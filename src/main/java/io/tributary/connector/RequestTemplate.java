package io.tributary.connector;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tributary.config.ConnectorConfigException;
import io.tributary.http.PageRequest;
import io.tributary.http.SourceResponseException;
import io.tributary.schema.Column;
import io.tributary.schema.ColumnType;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The placeholders of a connector's requests, filled for every request: in the {@code url}'s path
 * (each value percent-encoded as a path segment) and query values (encoded as a query value), in
 * {@code requestHeaders} ({@code Name=value&Name=value}, each value as it is) and in {@code
 * requestBody} (inside a JSON string, JSON-escaped; with {@code requestBodyType: form}, a form's
 * values, form-encoded; with {@code requestBodyType: xml}, a SOAP envelope's element text or
 * attribute values, XML-escaped).
 *
 * <pre>
 * {cursor}                    the cursor as cursorParam sends it: the source's own text (or cursorFormat); before any, cursorStart
 * {cursor:yyyy-MM-dd HH:mm}   the cursor's value in a java.time pattern, in UTC ...
 * {cursor:yyyy-MM-dd HH:mm|America/New_York}   ... or in a zone
 * {cursor:epochMillis}        epochSeconds too
 * {windowStart} {windowEnd}   a date window's bounds (window), with the same formats
 * {parent} {parent.FIELD}     a child stream's parent: its key, one of its parentFields
 * {page}                      the page number the page-number pager asks for (no pageParam then)
 * {pageToken}                 the cursor / end-flag pager's token; empty text on the first page
 * {pageSize}                  pageSize, for a template that carries the page or token
 * </pre>
 *
 * Workday's SOAP {@code Get_Workers}, for example, with {@code requestBodyType: xml}: {@code
 * <bsvc:Updated_From>{cursor}</bsvc:Updated_From>} and {@code <bsvc:Page>{page}</bsvc:Page>}.
 *
 * <p>Jira Cloud's JQL, for example: {@code url:
 * https://acme.atlassian.net/rest/api/3/search/jql?jql=updated >= "{cursor:yyyy-MM-dd HH:mm}" ORDER
 * BY updated ASC} sends {@code jql=updated%20%3E%3D%20%222024-01-02%2010%3A00%22...}.
 *
 * <p>Single braces, since {@code {{...}}} is Camel's property placeholder and {@code ${...}} its
 * simple language: neither is read as one of these. Each request is filled as it is built, so a
 * cursor that moved mid-sync ({@code Pager.restart()}) goes out with the next request; the paging
 * (a token in the body) is added after, and credentials after the host rule, so neither is ever
 * part of a template; a value filled in is never read as a template itself. A literal brace before
 * a word: {@code %7B} in a url, {@code \u007b} in JSON, {@code &#123;} in XML.
 */
final class RequestTemplate {
    /** The parameters that may hold placeholders, in the order a rule names the first that does. */
    static final List<String> PLACES = List.of("url", "requestHeaders", "requestBody");

    /**
     * {@code {name}}, {@code {name.FIELD}} or {@code {name:FORMAT}}, not Camel's {{...}}/${...}.
     */
    static final Pattern PLACEHOLDER =
            Pattern.compile(
                    "(?<![{$])\\{([A-Za-z_][A-Za-z0-9_]*)(?:\\.([A-Za-z_][A-Za-z0-9_]*))?(?::([^{}\\r\\n]*))?}(?!})");

    private static final List<String> NAMES =
            List.of(
                    "cursor",
                    "windowStart",
                    "windowEnd",
                    "parent",
                    "page",
                    "pageToken",
                    "pageSize");
    private static final String SYNTAX =
            "{cursor}, {cursor:PATTERN}, {cursor:PATTERN|ZONE}, {cursor:epochMillis}, "
                    + "{cursor:epochSeconds}, {windowStart[:FORMAT]}, {windowEnd[:FORMAT]}, {parent}, "
                    + "{parent.FIELD}, {page}, {pageToken}, {pageSize}";

    /** The paging's placeholders: the pager's position, filled as each request is built. */
    private static final Set<String> PAGING = Set.of("page", "pageToken", "pageSize");

    /** A placeholder's start left without its end, once the whole ones are masked. */
    private static final Pattern UNCLOSED =
            Pattern.compile(
                    "(?<![{$])\\{(?:cursor|windowStart|windowEnd|parent|page|pageToken|pageSize)(?![A-Za-z0-9_])"
                            + "(?!(?:\\.[A-Za-z_][A-Za-z0-9_]*)?(?::[^{}\\r\\n]*)?})");

    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /** Headers that carry credentials (the auth* parameters' job) or Tributary's own. */
    private static final Set<String> REFUSED_HEADERS =
            Set.of(
                    "authorization",
                    "proxy-authorization",
                    "cookie",
                    io.tributary.http.CallPolicy.HEADER.toLowerCase(Locale.ROOT));

    /**
     * What one request's placeholders stand for.
     *
     * @param page the page number {@code {page}} writes, null when the paging has none
     * @param pageToken the token {@code {pageToken}} writes, null before the first (empty text)
     */
    record Values(
            ParentSlices.Slice slice,
            String cursorText,
            Object cursorValue,
            OffsetDateTime windowStart,
            OffsetDateTime windowEnd,
            Integer page,
            String pageToken) {
        static final Values NONE = new Values(ParentSlices.Slice.NONE, null, null, null, null);

        Values(
                ParentSlices.Slice slice,
                String cursorText,
                Object cursorValue,
                OffsetDateTime windowStart,
                OffsetDateTime windowEnd) {
            this(slice, cursorText, cursorValue, windowStart, windowEnd, null, null);
        }

        /** The run's: its parent, the cursor its requests ask from, its window, its page. */
        static Values of(SyncRun run) {
            return new Values(
                    run.target.slice(),
                    run.cursor.requestText,
                    run.cursor.requestValue,
                    run.windows.start,
                    run.windows.end,
                    run.pager.pageNumber(),
                    run.pager.pageToken());
        }

        /** The same, at {@code pager}'s position (a check's first request). */
        Values at(io.tributary.paging.Pagination.Pager pager) {
            return new Values(
                    slice,
                    cursorText,
                    cursorValue,
                    windowStart,
                    windowEnd,
                    pager.pageNumber(),
                    pager.pageToken());
        }
    }

    /** How a typed value is written: epoch millis or seconds, or a pattern in a zone. */
    private record Format(boolean epochMillis, boolean epochSeconds, DateTimeFormatter pattern) {
        String write(Object value) {
            if (value instanceof OffsetDateTime t) {
                return epochMillis
                        ? Long.toString(t.toInstant().toEpochMilli())
                        : epochSeconds
                                ? Long.toString(t.toEpochSecond())
                                : pattern.format(t.toInstant());
            }
            return pattern.format((LocalDate) value); // a date cursor (checked at start-up)
        }
    }

    /** One placeholder as written, parsed once. */
    private record Slot(String name, String field, Format format) {}

    private final String id;
    private final Function<Object, String> boundText; // a window's bound as cursorFormat writes it
    private final Map<String, Slot> slots = new LinkedHashMap<>(); // by the text as written
    private final String origin; // scheme://authority: no placeholders
    private final String path; // raw, with placeholders
    private final boolean pathFilled;
    private final List<String[]> query = new ArrayList<>(); // decoded name, decoded value
    private final List<String[]> headers = new ArrayList<>();
    private final String body; // JSON or XML text with placeholders, or null
    private final boolean xml; // body is an XML document (requestBodyType: xml)
    private final List<String[]> form; // a form body's fields, or null
    private final String contentType; // requestHeaders' Content-Type: the body's, or null
    private final int pageSize;

    /**
     * Parses and checks every placeholder at start-up.
     *
     * @param cursorColumn the schema's cursorField (its type decides which formats apply), or null
     * @param boundText how {@code {windowStart}} / {@code {windowEnd}} are written without a format
     */
    RequestTemplate(
            String id,
            String url,
            String requestHeaders,
            String requestBody,
            String requestBodyType,
            Column cursorColumn,
            Function<Object, String> boundText) {
        this(
                id,
                url,
                requestHeaders,
                requestBody,
                requestBodyType,
                cursorColumn,
                boundText,
                Integer.parseInt(ConnectorParameters.defaultOf("pageSize")));
    }

    /**
     * @param pageSize what {@code {pageSize}} writes
     */
    RequestTemplate(
            String id,
            String url,
            String requestHeaders,
            String requestBody,
            String requestBodyType,
            Column cursorColumn,
            Function<Object, String> boundText,
            int pageSize) {
        this.id = id;
        this.pageSize = pageSize;
        this.boundText = boundText;
        String u = cut(url, '#');
        String masked = mask(u);
        int q = masked.indexOf('?');
        String beforeQuery = q < 0 ? u : u.substring(0, q);
        Matcher o = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://[^/]*").matcher(beforeQuery);
        origin = o.find() ? o.group() : "";
        if (PLACEHOLDER.matcher(origin).find()) {
            throw new ConnectorConfigException(
                    id,
                    "url",
                    url,
                    "a placeholder may be in the path or a query value, not in the scheme or host"
                            + " (the host rule and the credentials follow the host)");
        }
        path = beforeQuery.substring(origin.length());
        pathFilled = PLACEHOLDER.matcher(path).find();
        check("url", url, path, cursorColumn);
        if (q >= 0) {
            for (String[] pair : pairs(id, "url", url, u.substring(q + 1))) {
                check("url", url, pair[1], cursorColumn);
                query.add(pair);
            }
        }
        if (requestHeaders != null && !requestHeaders.isBlank()) {
            // '&' between headers, as authFormFields: Camel drops the line breaks of an endpoint
            // uri, so a Kamelet parameter cannot hold one header a line
            String maskedHeaders = mask(requestHeaders);
            int from = 0;
            while (from <= requestHeaders.length()) {
                int amp = maskedHeaders.indexOf('&', from);
                int to = amp < 0 ? requestHeaders.length() : amp;
                String line = requestHeaders.substring(from, to);
                from = to + 1;
                if (line.isBlank()) {
                    continue;
                }
                int eq = mask(line).indexOf('=');
                String name = eq < 0 ? "" : line.substring(0, eq).trim();
                if (!HEADER_NAME.matcher(name).matches()) {
                    throw new ConnectorConfigException(
                            id,
                            "requestHeaders",
                            requestHeaders,
                            "must be Name=value pairs joined by &, e.g. X-Since={cursor}&X-Api-Version=2; '"
                                    + line.trim()
                                    + "' is not");
                }
                if (REFUSED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    throw new ConnectorConfigException(
                            id,
                            "requestHeaders",
                            requestHeaders,
                            "sets "
                                    + name
                                    + ": credentials go in auth and its auth* parameters, which"
                                    + " keep them secret and send them only to the url's host");
                }
                String value = line.substring(eq + 1).trim();
                check("requestHeaders", requestHeaders, value, cursorColumn);
                headers.add(new String[] {name, value});
            }
        }
        // a body's media type, e.g. SOAP 1.2's application/soap+xml, where requestHeaders sets it
        contentType =
                headers.stream()
                        .filter(h -> h[0].equalsIgnoreCase("Content-Type"))
                        .map(h -> h[1])
                        .reduce((a, b) -> b)
                        .orElse(null);
        boolean hasBody = requestBody != null && !requestBody.isBlank();
        xml = hasBody && "xml".equals(requestBodyType);
        if (hasBody && "form".equals(requestBodyType)) {
            form = new ArrayList<>();
            for (String[] pair : pairs(id, "requestBody", requestBody, requestBody.trim())) {
                check("requestBody", requestBody, pair[1], cursorColumn);
                form.add(pair);
            }
            body = null;
        } else if (xml) {
            form = null;
            body = requestBody.strip(); // nothing may stand before an <?xml ...?> declaration
            check("requestBody", requestBody, body, cursorColumn);
            String problem = XmlRequestBody.problem(body, PLACEHOLDER);
            if (problem != null) {
                throw problem("requestBody", requestBody, problem);
            }
        } else {
            form = null;
            body = hasBody ? requestBody : null;
            if (hasBody) {
                check("requestBody", requestBody, requestBody, cursorColumn);
                try {
                    Connector.JSON.readTree(requestBody);
                } catch (java.io.IOException e) {
                    throw new ConnectorConfigException(
                            id,
                            "requestBody",
                            requestBody,
                            "is not JSON (a placeholder goes inside a JSON string, e.g."
                                    + " {\"since\": \"{cursor}\"}; or set requestBodyType: form)");
                }
            }
        }
    }

    /**
     * The templated parts of one request, filled with {@code values}: the url's query (the url's
     * own query first, as before any page or cursor parameter), its path when that has placeholders
     * ({@link PageRequest#endpoint}), the headers and the body.
     */
    PageRequest request(Values values) {
        PageRequest request = new PageRequest();
        if (pathFilled) {
            request.endpoint(origin + fill("url", path, values, PageRequest::percentEncoded));
        }
        for (String[] q : query) {
            request.queryParam(q[0], fill("url", q[1], values, UnaryOperator.identity()));
        }
        for (String[] h : headers) {
            String value = fill("requestHeaders", h[1], values, UnaryOperator.identity());
            if (!value.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c < 0x7f))) {
                // a line break would start a header of the value's own; other bytes arrive mangled
                throw new SourceResponseException(
                        "connector '"
                                + id
                                + "': parameter 'requestHeaders': header "
                                + h[0]
                                + " would carry a line break or a non-ASCII character from its"
                                + " placeholders' values; not sent");
            }
            request.header(h[0], value);
        }
        if (form != null) {
            request.formBody(
                    form.stream()
                            .map(
                                    f ->
                                            PageRequest.formEncoded(f[0])
                                                    + "="
                                                    + PageRequest.formEncoded(
                                                            fill(
                                                                    "requestBody",
                                                                    f[1],
                                                                    values,
                                                                    UnaryOperator.identity())))
                            .collect(Collectors.joining("&")));
        } else if (xml) {
            request.xmlBody(fill("requestBody", body, values, XmlRequestBody::escaped));
        } else if (body != null) {
            request.jsonBody(fill("requestBody", body, values, RequestTemplate::jsonEscaped));
        }
        if (contentType != null && request.body() != null) {
            request.contentType(contentType);
        }
        return request;
    }

    // ---- the rules' view: which parameter uses a placeholder ----

    /**
     * A rule's name in braces, {@code {cursor}}, stands for the place that uses the placeholder.
     */
    static boolean isPlaceholderName(String name) {
        return name.startsWith("{") && name.endsWith("}");
    }

    /** The first of {@link #PLACES} whose value uses placeholder {@code {name}}, or null. */
    static String placeUsing(String name, Function<String, String> values) {
        String bare = name.substring(1, name.length() - 1);
        return PLACES.stream().filter(p -> uses(values.apply(p), bare)).findFirst().orElse(null);
    }

    /** Whether {@code text} has placeholder {@code name} (with or without a field or format). */
    static boolean uses(String text, String name) {
        if (text == null) {
            return false;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The url as a plain URL, for its checks and its host: each placeholder a word, a readable
     * query ({@code jql=updated >= "..."}) encoded.
     *
     * @throws IllegalArgumentException when a query value has a malformed %-escape
     */
    static String checkable(String url) {
        String u = cut(url, '#');
        int q = mask(u).indexOf('?');
        String path = PLACEHOLDER.matcher(q < 0 ? u : u.substring(0, q)).replaceAll("x");
        if (q < 0) {
            return path;
        }
        return path
                + "?"
                + pairs(null, "url", url, u.substring(q + 1)).stream()
                        .map(
                                p ->
                                        PageRequest.percentEncoded(p[0])
                                                + "="
                                                + PageRequest.percentEncoded(
                                                        PLACEHOLDER.matcher(p[1]).replaceAll("x")))
                        .collect(Collectors.joining("&"));
    }

    static String jsonEscaped(String value) {
        String quoted = JsonNodeFactory.instance.textNode(value).toString();
        return quoted.substring(1, quoted.length() - 1);
    }

    // ---- filling ----

    private String fill(String place, String text, Values values, UnaryOperator<String> escape) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            Slot slot = slots.get(m.group());
            String value =
                    switch (slot.name()) {
                        case "cursor" -> cursor(place, m.group(), slot, values);
                        case "windowStart" -> bound(place, m.group(), slot, values.windowStart());
                        case "windowEnd" -> bound(place, m.group(), slot, values.windowEnd());
                        case "page" -> page(place, m.group(), values.page());
                        case "pageToken" -> values.pageToken() == null ? "" : values.pageToken();
                        case "pageSize" -> Integer.toString(pageSize);
                        default -> parent(place, m.group(), slot, values.slice());
                    };
            m.appendReplacement(b, Matcher.quoteReplacement(escape.apply(value)));
        }
        m.appendTail(b);
        return b.toString();
    }

    private String cursor(String place, String text, Slot slot, Values values) {
        Object value = slot.format() == null ? values.cursorText() : values.cursorValue();
        if (value == null) {
            // cursorStart is required with {cursor} (ConnectorParameters.RULES): not reached
            throw new SourceResponseException(
                    "connector '" + id + "': " + place + " has " + text + " but no cursor yet");
        }
        return slot.format() == null ? (String) value : slot.format().write(value);
    }

    private String page(String place, String text, Integer page) {
        if (page == null) {
            // only with pagination page-number (ConnectorParameters.RULES): not reached
            throw new SourceResponseException(
                    "connector '" + id + "': " + place + " has " + text + " but no page number");
        }
        return page.toString();
    }

    private String bound(String place, String text, Slot slot, OffsetDateTime value) {
        if (value == null) {
            throw new SourceResponseException(
                    "connector '" + id + "': " + place + " has " + text + " but no window");
        }
        return slot.format() == null ? boundText.apply(value) : slot.format().write(value);
    }

    /** A parent's key or field: the child stream's slice. */
    private String parent(String place, String text, Slot slot, ParentSlices.Slice slice) {
        String value = slice.key();
        String field = slot.field() == null ? null : slot.field().toLowerCase(Locale.ROOT);
        if (field != null && value != null && slice.fields().containsKey(field)) {
            Object v = slice.fields().get(field);
            if (v == null) {
                throw new SourceResponseException(
                        "connector '"
                                + id
                                + "': "
                                + text
                                + ": parent "
                                + slice.key()
                                + " has no "
                                + field);
            }
            value = v.toString();
        } else if (field != null && value != null && !slice.fields().isEmpty()) {
            throw new SourceResponseException(
                    "connector '"
                            + id
                            + "': "
                            + text
                            + ": parent "
                            + slice.key()
                            + " has no field '"
                            + field
                            + "' (its fields: "
                            + slice.fields().keySet()
                            + "; see parentFields)");
        } // else a parent named by its key alone (preview --parent, a driver route): the key
        if (value == null) {
            throw new SourceResponseException(
                    "connector '"
                            + id
                            + "': "
                            + place
                            + " has "
                            + text
                            + " but the run was not given a parent: "
                            + "declare parent or parentQuery, or call it with header "
                            + ConnectorPaging.PARENT_HEADER
                            + " (see docs/pagination.md, parent -> child streams)");
        }
        return value;
    }

    // ---- parsing ----

    /** Every placeholder of one part of a place, parsed and checked against the cursor's type. */
    private void check(String place, String value, String text, Column cursorColumn) {
        Matcher open = UNCLOSED.matcher(mask(text));
        if (open.find()) {
            throw problem(
                    place,
                    value,
                    "has "
                            + open.group()
                            + " without its closing brace (in a Kamelet's parameters, '}&' ends"
                            + " RAW{...}: write such a value as RAW(...))");
        }
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            String name = m.group(1);
            String field = m.group(2);
            String format = m.group(3);
            if (!NAMES.contains(name)) {
                String near =
                        NAMES.stream()
                                .min(
                                        Comparator.comparingInt(
                                                n ->
                                                        ParameterChecks.distance(
                                                                n.toLowerCase(Locale.ROOT),
                                                                name.toLowerCase(Locale.ROOT))))
                                .filter(
                                        n ->
                                                ParameterChecks.distance(
                                                                n.toLowerCase(Locale.ROOT),
                                                                name.toLowerCase(Locale.ROOT))
                                                        <= 2)
                                .map(n -> " (did you mean {" + n + "}?)")
                                .orElse("");
                throw problem(
                        place,
                        value,
                        "has an unknown placeholder "
                                + m.group()
                                + near
                                + "; the placeholders: "
                                + SYNTAX);
            }
            if (field != null && !name.equals("parent")) {
                throw problem(place, value, m.group() + ": only {parent.FIELD} takes a field");
            }
            if (format != null && name.equals("parent")) {
                throw problem(place, value, m.group() + ": {parent} takes no format");
            }
            if (format != null && PAGING.contains(name)) {
                throw problem(place, value, m.group() + ": {" + name + "} takes no format");
            }
            Format f = null;
            if (format != null) {
                boolean window = !name.equals("cursor");
                ColumnType type =
                        window
                                ? ColumnType.TIMESTAMP
                                : cursorColumn == null ? null : cursorColumn.type();
                f = format(place, value, m.group(), format, type);
            }
            slots.put(m.group(), new Slot(name, field, f));
        }
    }

    private Format format(String place, String value, String text, String spec, ColumnType type) {
        if (type != ColumnType.TIMESTAMP && type != ColumnType.DATE) {
            throw problem(
                    place,
                    value,
                    text
                            + ": a format applies to a timestamp or date cursorField (this one is "
                            + (type == null ? "missing" : type.name().toLowerCase(Locale.ROOT))
                            + "); write {cursor} for the cursor's own text");
        }
        if (spec.equals("epochMillis") || spec.equals("epochSeconds")) {
            if (type == ColumnType.DATE) {
                throw problem(place, value, text + ": epoch formats apply to a timestamp cursor");
            }
            return new Format(spec.equals("epochMillis"), spec.equals("epochSeconds"), null);
        }
        int bar = lastOutsideQuotes(spec, '|');
        String patternText = bar < 0 ? spec : spec.substring(0, bar);
        ZoneId zone = ZoneOffset.UTC;
        if (bar >= 0) {
            if (type == ColumnType.DATE) {
                throw problem(place, value, text + ": a date cursor has no zone");
            }
            try {
                zone = ZoneId.of(spec.substring(bar + 1).trim());
            } catch (DateTimeException e) {
                throw problem(
                        place,
                        value,
                        text
                                + ": '"
                                + spec.substring(bar + 1).trim()
                                + "' is not a zone such as"
                                + " America/New_York or +02:00");
            }
        }
        DateTimeFormatter pattern;
        try {
            pattern = DateTimeFormatter.ofPattern(patternText, Locale.ENGLISH).withZone(zone);
            // a pattern the value cannot fill (a time of day of a date) fails here, not mid-sync
            String sample =
                    type == ColumnType.DATE
                            ? pattern.format(LocalDate.of(2024, 1, 2))
                            : pattern.format(java.time.Instant.parse("2024-01-02T10:00:00Z"));
            if (sample.isEmpty()) {
                throw new IllegalArgumentException("it writes nothing");
            }
        } catch (IllegalArgumentException | DateTimeException e) {
            throw problem(
                    place,
                    value,
                    text
                            + ": '"
                            + patternText
                            + "' is not a java.time pattern for a "
                            + type.name().toLowerCase(Locale.ROOT)
                            + " (e.g. yyyy-MM-dd'T'HH:mm:ss'Z'): "
                            + e.getMessage());
        }
        return new Format(false, false, pattern);
    }

    private ConnectorConfigException problem(String place, String value, String problem) {
        return new ConnectorConfigException(id, place, value, problem);
    }

    /**
     * {@code a=1&b=x} as decoded names and values; a value's placeholders kept as written (a
     * pattern's {@code +} is not a space).
     */
    private static List<String[]> pairs(String id, String place, String value, String text) {
        List<String[]> pairs = new ArrayList<>();
        if (text.isEmpty()) {
            return pairs;
        }
        String masked = mask(text);
        int from = 0;
        while (from <= text.length()) {
            int amp = masked.indexOf('&', from);
            int to = amp < 0 ? text.length() : amp;
            String pair = text.substring(from, to);
            if (pair.isEmpty()) {
                from = to + 1;
                continue;
            }
            int eq = masked.substring(from, to).indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (PLACEHOLDER.matcher(name).find() && id != null) {
                throw new ConnectorConfigException(
                        id,
                        place,
                        value,
                        "a placeholder goes in a value, not in the name '" + name + "'");
            }
            pairs.add(new String[] {name, eq < 0 ? "" : decodeAround(pair.substring(eq + 1))});
            from = to + 1;
        }
        return pairs;
    }

    /** URL-decodes the text between placeholders. */
    private static String decodeAround(String text) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder b = new StringBuilder();
        int at = 0;
        while (m.find()) {
            b.append(decode(text.substring(at, m.start()))).append(m.group());
            at = m.end();
        }
        return b.append(decode(text.substring(at))).toString();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The text with each placeholder blanked out, so a delimiter inside a format is not one. */
    private static String mask(String text) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder b = new StringBuilder(text);
        while (m.find()) {
            for (int i = m.start(); i < m.end(); i++) {
                b.setCharAt(i, 'x');
            }
        }
        return b.toString();
    }

    private static String cut(String text, char at) {
        int i = mask(text).indexOf(at);
        return i < 0 ? text : text.substring(0, i);
    }

    private static int lastOutsideQuotes(String text, char c) {
        boolean quoted = false;
        int last = -1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\'') {
                quoted = !quoted;
            } else if (text.charAt(i) == c && !quoted) {
                last = i;
            }
        }
        return last;
    }
}
