package io.tributary.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** 'new NAME': a new HTTP connector's answers, as {@link Options.Scaffold}. */
@Command(
        name = "new",
        description = {
            "Write a new HTTP connector's files: its route, its schema and the settings it needs.",
            "routes/NAME.camel.yaml, routes/NAME.schema.yaml, and the settings lines of its credentials.",
            "Asks on the terminal for what the flags leave out; without a terminal",
            "a missing flag is an error. Secrets are never asked for: the files name {{env:NAME_TOKEN}}.",
            "With --openapi FILE --operation ID the answers come from an OpenAPI 3 document (docs/openapi-scaffolding.md).",
            "Then: 'tributary check', 'tributary preview NAME', 'tributary schema infer NAME'."
        },
        footer = {
            "Exit codes: 0 written; 2 a missing or bad answer, or a file that exists (without --force)."
        })
final class NewArgs extends CommandArgs {
    @Parameters(
            index = "0",
            paramLabel = "NAME",
            description = "The connector's id, e.g. crm-deals (also its table, crm_deals).")
    String name;

    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "The records' endpoint, e.g. https://api.example.com/v1/deals.")
    String url;

    @Option(
            names = "--auth",
            paramLabel = "SCHEME",
            description =
                    "none, api-key-query, api-key-header, basic, bearer, oauth2-*, jwt-*, session-login.")
    String auth;

    @Option(
            names = "--auth-name",
            paramLabel = "NAME",
            description =
                    "api-key-*: the query parameter or header carrying the key (default: api_key, X-API-Key).")
    String authName;

    @Option(
            names = "--token-url",
            paramLabel = "URL",
            description = "oauth2-*, jwt-bearer: the token endpoint; session-login: the login URL.")
    String tokenUrl;

    @Option(
            names = "--pagination",
            paramLabel = "STYLE",
            description =
                    "page-number, offset, cursor, next-url, link-header, has-more, end-flag, post-token, none.")
    String pagination;

    @Option(
            names = "--records-path",
            paramLabel = "POINTER",
            description = "Where a page's records are, e.g. /items (/: the body is the array).")
    String recordsPath;

    @Option(
            names = "--cursor-field",
            paramLabel = "FIELD",
            description =
                    "The records' change time, e.g. updated_at (\"\": none, each sync reads all).")
    String cursorField;

    @Option(
            names = "--cursor-param",
            paramLabel = "NAME",
            description =
                    "The query parameter asking for records changed since the cursor, e.g. since.")
    String cursorParam;

    @Option(
            names = "--key",
            paramLabel = "FIELD",
            defaultValue = "id",
            description =
                    "The records' unique field, the table's primary key (default: ${DEFAULT-VALUE}).")
    String key;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            description = "json (default), jsonl, csv, xml or auto.")
    String format;

    @Mixin FilesOption files;

    @Option(
            names = "--openapi",
            paramLabel = "FILE",
            description =
                    "An OpenAPI 3 document (YAML or JSON): url, auth, records path, pagination (a guess), columns from it.")
    String openapi;

    @Option(
            names = "--operation",
            paramLabel = "ID",
            description = "With --openapi: the operationId of the list to load, e.g. getDeals.")
    String operation;

    @Option(
            names = "--write-settings",
            description =
                    "Append the settings lines to the settings file (--config), not only print them.")
    boolean writeSettings;

    @Override
    void into(Options.Builder parsed) {
        parsed.command(Options.Action.NEW, List.of(name)).scaffold =
                new Options.Scaffold(
                        name,
                        url,
                        auth,
                        authName,
                        tokenUrl,
                        pagination,
                        recordsPath,
                        cursorField,
                        cursorParam,
                        key,
                        format,
                        writeSettings,
                        openapi,
                        operation);
        parsed.dir = files.dir;
        parsed.force = files.force;
    }
}
