package io.tributary.cli.openapi;

import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A guess at the pagination style from what the document shows: the answer's headers and fields and
 * the query parameters. In this order: a {@code Link} header (GitHub) -> link-header; a {@code
 * has_more} flag and a {@code starting_after} parameter (Stripe) -> has-more; a {@code next...}
 * field holding a URL -> next-url, or a token sent back in the parameter of its name ({@code
 * next_start} -> {@code start}, Pipedrive; {@code nextPageToken} -> {@code pageToken}, Google) ->
 * cursor; {@code page} + a size parameter -> page-number; {@code offset} + {@code limit} -> offset.
 * A document cannot say how its pages end, so it is only a guess: {@code evidence} names what it
 * rests on, written beside it in the route.
 *
 * @param lines the style's parameters as route lines
 */
record PagingGuess(String style, List<String> lines, String evidence) {
    private static final String INDENT = "        ";
    private static final List<String> SIZE =
            List.of("per_page", "page_size", "pagesize", "limit", "size", "count", "max_results");
    private static final List<String> TOKEN =
            List.of("cursor", "page_token", "pagetoken", "after", "starting_after", "start");
    private static final List<String> MORE =
            List.of("has_more", "hasmore", "more_items_in_collection", "has_next", "hasnext");

    /** A field of the answer's envelope, by its JSON pointer. */
    private record Field(String pointer, String name, SchemaShape shape) {}

    static PagingGuess of(OpenApiOperation op, String recordsPath) {
        List<Field> fields = new ArrayList<>();
        @SuppressWarnings("rawtypes")
        Schema body = op.answerSchema();
        if (body != null) {
            collect(SchemaShape.of(body), "", recordsPath, 0, fields);
        }
        Parameter size = firstQuery(op, SIZE);
        List<String> sizeLines = new ArrayList<>();
        String sizeEvidence = "";
        if (size != null) {
            sizeLines.add(INDENT + "pageSizeParam: " + size.getName());
            sizeLines.add(INDENT + "pageSize: " + pageSize(size));
            sizeEvidence = ", query parameter '" + size.getName() + "' (page size)";
        }
        ApiResponse answer = op.answer();
        Map<String, Header> headers =
                answer == null || answer.getHeaders() == null ? Map.of() : answer.getHeaders();
        if (headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("link"))) {
            return new PagingGuess(
                    "link-header",
                    sizeLines,
                    "the 200 answer declares a Link header" + sizeEvidence);
        }
        Field more = firstField(fields, MORE, "boolean");
        Parameter startingAfter = op.query("starting_after");
        if (more != null && startingAfter != null) {
            List<String> l = new ArrayList<>();
            l.add(INDENT + "hasMorePath: " + more.pointer);
            l.add(INDENT + "tokenParam: starting_after   # sent with the last record's id");
            l.addAll(sizeLines);
            return new PagingGuess(
                    "has-more",
                    l,
                    "the answer's flag "
                            + more.pointer
                            + " and query parameter 'starting_after'"
                            + sizeEvidence);
        }
        for (Field f : fields) {
            String n = f.name.toLowerCase(Locale.ROOT);
            if (!n.startsWith("next") || f.shape.isArray() || "object".equals(f.shape.type())) {
                continue;
            }
            if (n.contains("url")
                    || n.contains("link")
                    || n.contains("href")
                    || "uri".equals(f.shape.format())) {
                List<String> l = new ArrayList<>();
                l.add(INDENT + "nextPath: " + f.pointer + "   # the next page's URL");
                l.addAll(sizeLines);
                return new PagingGuess(
                        "next-url",
                        l,
                        "the answer's field " + f.pointer + " (a URL)" + sizeEvidence);
            }
            Parameter token = tokenParameter(op, f.name);
            if (token != null) {
                List<String> l = new ArrayList<>();
                l.add(INDENT + "nextPath: " + f.pointer + "   # the next page's token");
                l.add(INDENT + "tokenParam: " + token.getName());
                if (more != null) {
                    l.add(INDENT + "hasMorePath: " + more.pointer);
                }
                l.addAll(sizeLines);
                return new PagingGuess(
                        "cursor",
                        l,
                        "the answer's field "
                                + f.pointer
                                + " and query parameter '"
                                + token.getName()
                                + "'"
                                + (more == null ? "" : ", flag " + more.pointer)
                                + sizeEvidence);
            }
        }
        Parameter page = op.query("page");
        if (page != null && size != null) {
            List<String> l = new ArrayList<>();
            l.add(INDENT + "pageParam: " + page.getName());
            l.addAll(sizeLines);
            return new PagingGuess("page-number", l, "query parameter 'page'" + sizeEvidence);
        }
        Parameter offset = op.query("offset") != null ? op.query("offset") : op.query("skip");
        if (offset != null) {
            List<String> l = new ArrayList<>();
            l.add(INDENT + "offsetParam: " + offset.getName());
            l.addAll(sizeLines);
            return new PagingGuess(
                    "offset",
                    l,
                    "query parameter '"
                            + offset.getName()
                            + "'"
                            + sizeEvidence
                            + "; paging stops at the first empty page");
        }
        return new PagingGuess(
                "none",
                List.of(),
                "no paging parameter (page, offset, cursor, starting_after), field (next..., "
                        + "has_more) or Link header in the document: one request a sync");
    }

    /** The envelope's fields, three levels deep, outside the records array. */
    @SuppressWarnings("rawtypes")
    private static void collect(
            SchemaShape object, String at, String recordsPath, int depth, List<Field> into) {
        for (Map.Entry<String, Schema> p : object.properties().entrySet()) {
            String pointer = at + "/" + p.getKey();
            if (pointer.equals(recordsPath)) {
                continue;
            }
            SchemaShape shape = SchemaShape.of(p.getValue());
            into.add(new Field(pointer, p.getKey(), shape));
            if (depth < 2 && "object".equals(shape.type())) {
                collect(shape, pointer, recordsPath, depth + 1, into);
            }
        }
    }

    private static Field firstField(List<Field> fields, List<String> names, String type) {
        for (String n : names) {
            for (Field f : fields) {
                if (f.name.toLowerCase(Locale.ROOT).equals(n) && type.equals(f.shape.type())) {
                    return f;
                }
            }
        }
        return null;
    }

    private static Parameter firstQuery(OpenApiOperation op, List<String> names) {
        for (String n : names) {
            Parameter p = op.query(n);
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    /** The query parameter a {@code next...} field's value goes back in. */
    private static Parameter tokenParameter(OpenApiOperation op, String nextField) {
        String bare = nextField.replaceFirst("^(?i)next_?", "");
        if (!bare.isEmpty()) {
            Parameter same = op.query(bare);
            if (same == null) {
                same = op.query(Character.toLowerCase(bare.charAt(0)) + bare.substring(1));
            }
            if (same != null) {
                return same;
            }
        }
        return firstQuery(op, TOKEN);
    }

    /** The parameter's maximum when it documents one up to 1000, else 100. */
    private static int pageSize(Parameter size) {
        @SuppressWarnings("rawtypes")
        Schema s = size.getSchema();
        BigDecimal max = s == null ? null : s.getMaximum();
        if (max != null && max.intValue() > 0 && max.intValue() <= 1000) {
            return max.intValue();
        }
        return 100;
    }
}
