package io.tributary.cli.openapi;

import io.swagger.v3.oas.models.parameters.Parameter;
import io.tributary.cli.Options;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code tributary new NAME --openapi spec.yaml --operation getDeals}: the answers an OpenAPI 3
 * document gives for one list operation, which {@code new} takes as it takes flags (a flag given
 * still wins): the URL (servers + path), auth ({@link AuthGuess}), records path ({@link
 * RecordsArray}), pagination ({@link PagingGuess}, a guess stated with its evidence), key and
 * cursor, and every column ({@link ColumnsGuess}). The route's URL is {@code
 * {{NAME.base-url}}/path}, its setting the document's server from the environment ({@code
 * {{env:NAME_BASE_URL:https://api.pipedrive.com/v1}}}); each path parameter is a setting too.
 */
public final class OpenApiScaffold {
    private final OpenApiOperation op;
    private final RecordsArray records;
    private final ColumnsGuess columns;
    private final AuthGuess auth;
    private final PagingGuess paging;
    private final String server;

    private OpenApiScaffold(OpenApiOperation op) {
        this.op = op;
        this.records = RecordsArray.find(op.answerSchema());
        if (records == null) {
            throw new OpenApiException(
                    "--operation value '"
                            + op.operationId
                            + "': the 200 answer of "
                            + op.shown()
                            + " in "
                            + op.file
                            + " holds no array of records (a JSON array, or an envelope's array"
                            + " such as data, items or results); "
                            + OpenApiOperation.listing(op.api));
        }
        this.server = op.serverUrl();
        if (server == null || !server.matches("(?i)https?://.+")) {
            throw new OpenApiException(
                    "--openapi value '"
                            + op.file
                            + "': its servers give no http(s) URL for "
                            + op.shown()
                            + " (found: "
                            + server
                            + "); give --url");
        }
        this.columns = new ColumnsGuess(records.item());
        this.auth = AuthGuess.of(op);
        this.paging = PagingGuess.of(op, records.pointer());
    }

    /**
     * Reads {@code file} and the operation {@code operationId}.
     *
     * @throws OpenApiException naming the file and the operations it has
     */
    public static OpenApiScaffold read(Path file, String operationId) {
        return new OpenApiScaffold(OpenApiOperation.read(file, operationId));
    }

    /** The flags given, each one left out answered from the document. */
    public Options.Scaffold fill(Options.Scaffold given) {
        String key = columns.key(given.key() == null ? "id" : given.key());
        if (key == null) {
            throw new OpenApiException(
                    "--key value '"
                            + given.key()
                            + "': the records of "
                            + op.shown()
                            + " have no such field; give --key with one of "
                            + columns.fields());
        }
        ColumnsGuess.Column cursor = columns.cursor();
        return new Options.Scaffold(
                given.name(),
                or(given.url(), server + concretePath()),
                or(given.auth(), auth.auth()),
                or(given.authName(), auth.name()),
                or(given.tokenUrl(), auth.tokenUrl()),
                or(given.pagination(), paging.style()),
                or(given.recordsPath(), records.pointer()),
                or(given.cursorField(), cursor == null ? "" : cursor.name()),
                or(given.cursorParam(), cursor == null ? null : cursorParam()),
                key,
                or(given.format(), "json"),
                given.writeSettings(),
                given.openapi(),
                given.operation());
    }

    private static String or(String given, String fromDocument) {
        return given != null ? given : fromDocument;
    }

    /** The path with each path parameter at its example, else its name: a URL to check. */
    private String concretePath() {
        String path = op.path;
        for (Parameter p : op.parameters("path")) {
            Object example = p.getExample();
            path =
                    path.replace(
                            "{" + p.getName() + "}",
                            example == null ? p.getName() : example.toString());
        }
        return path;
    }

    /** The route's url: the server and each path parameter a setting. */
    public String routeUrl(String name) {
        String path = op.path;
        for (Parameter p : op.parameters("path")) {
            path =
                    path.replace(
                            "{" + p.getName() + "}",
                            "{{" + name + "." + setting(p.getName()) + "}}");
        }
        return "{{" + name + ".base-url}}" + path;
    }

    /**
     * The settings the route's url names: the server by default, path parameters from the
     * environment.
     */
    public Map<String, String> settings(String name) {
        String env = name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
        Map<String, String> s = new LinkedHashMap<>();
        s.put(name + ".base-url", "{{env:" + env + "_BASE_URL:" + server + "}}");
        for (Parameter p : op.parameters("path")) {
            String key = setting(p.getName());
            s.put(
                    name + "." + key,
                    "{{env:" + env + "_" + key.toUpperCase(Locale.ROOT).replace('-', '_') + "}}");
        }
        return s;
    }

    private static String setting(String pathParameter) {
        return ColumnsGuess.columnName(pathParameter).replace('_', '-');
    }

    /** The query parameter asking for records changed since a time, or null. */
    private String cursorParam() {
        for (String n :
                List.of(
                        "since",
                        "updated_since",
                        "modified_since",
                        "updated_after",
                        "changed_since")) {
            Parameter p = op.query(n);
            if (p != null) {
                return p.getName();
            }
        }
        return null;
    }

    /** The pagination's parameter lines, or null when the style was not the document's guess. */
    public List<String> pagingLines(String style) {
        return style.equals(paging.style()) ? paging.lines() : null;
    }

    /** Comment lines for the route: where each answer came from, the guesses marked as such. */
    public List<String> notes(String name, Options.Scaffold answers) {
        List<String> l = new ArrayList<>();
        l.add(
                "# From the OpenAPI document "
                        + op.file.getFileName()
                        + ", operation "
                        + op.shown()
                        + ":");
        l.add("#   url: servers[0] " + server + " + the path (setting " + name + ".base-url)");
        if (answers.auth().equals(auth.auth())) {
            l.add("#   auth " + auth.auth() + ": " + auth.evidence());
        }
        l.add("#   recordsPath " + records.pointer() + ": the 200 answer's array of records");
        if (answers.pagination().equals(paging.style())) {
            l.add(
                    "#   pagination "
                            + paging.style()
                            + " is a GUESS; evidence: "
                            + paging.evidence()
                            + ".");
            l.add(
                    "#   The document cannot say how the last page ends: 'tributary preview "
                            + name
                            + "' shows it");
        }
        ColumnsGuess.Column cursor = columns.cursor();
        if (cursor != null && cursor.name().equals(answers.cursorField())) {
            l.add(
                    "#   cursor "
                            + cursor.name()
                            + ": a date-time field named like a change time (a guess)"
                            + (answers.cursorParam() == null
                                    ? ""
                                    : "; '"
                                            + answers.cursorParam()
                                            + "' asks for records changed since"));
            if (op.query("sort") != null || op.query("direction") != null) {
                l.add(
                        "#   the API takes a sort order (sort, direction): ask for the oldest change"
                                + " first in the url (e.g. ?sort=updated&direction=asc), or set order:"
                                + " descending");
            }
        }
        return l;
    }

    /** The schema file: every column of the item schema, the key and the cursor. */
    public String schemaFile(String name, String schemaRef, String key, String cursorField) {
        return SchemaFileText.of(name, schemaRef, op.shown(), columns.columns, key, cursorField);
    }
}
