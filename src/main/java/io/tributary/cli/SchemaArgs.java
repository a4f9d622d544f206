package io.tributary.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** 'schema infer' and 'schema diff': work on a connector's schema file. */
@Command(
        name = "schema",
        description = {
            "Work on a connector's schema file: 'schema infer CONNECTOR', 'schema diff CONNECTOR'."
        },
        subcommands = {SchemaArgs.Infer.class, SchemaArgs.Diff.class})
final class SchemaArgs extends CommandArgs {
    @Override
    void into(Options.Builder parsed) {
        throw parsed.bad("schema takes 'infer CONNECTOR' or 'diff CONNECTOR'");
    }

    @Command(
            name = "infer",
            description = {
                "Propose a schema file from a connector's first pages, printed for review.",
                "Fetches as preview does (through the connector: its rate budget, masking, nothing written);",
                "columns, types, required, the key and the cursor are guessed from the records, each guess",
                "stated with its evidence. --write writes routes/CONNECTOR.schema.yaml if it does not exist."
            },
            footer = {
                "Exit codes: 0 proposed; 1 the fetch failed or gave no records; 2 unknown connector, bad",
                "settings, or a schema file that exists (without --force)."
            })
    static final class Infer extends CommandArgs {
        @Parameters(
                index = "0",
                paramLabel = "CONNECTOR",
                description = "The connector whose records to read.")
        String connector;

        @Mixin PagesOption pages = new PagesOption(3);

        @Option(
                names = "--write",
                description =
                        "Also write the proposal to routes/CONNECTOR.schema.yaml (--dir; --force replaces it).")
        boolean write;

        @Mixin FilesOption files;

        @Override
        void into(Options.Builder parsed) {
            parsed.command(Options.Action.SCHEMA_INFER, List.of(connector)).pages =
                    pages.checked(parsed);
            if (files.force && !write) {
                throw parsed.bad("--force goes with --write (it replaces the file --write writes)");
            }
            parsed.write = write;
            parsed.dir = files.dir;
            parsed.force = files.force;
        }
    }

    @Command(
            name = "diff",
            description = {
                "Show what the connector's schema file will do to its table on the next start; change nothing.",
                "Columns added, types widened, NOT NULL dropped, and what would be refused (another key, a",
                "narrower or another type) and why; a table that does not exist yet: its columns. No request",
                "is sent and no secret is needed."
            },
            footer = {
                "Exit codes: 0 the schema file can apply; 2 it would be refused, or unknown connector, bad",
                "settings or files, or no database."
            })
    static final class Diff extends CommandArgs {
        @Parameters(
                index = "0",
                paramLabel = "CONNECTOR",
                description = "The connector whose schema file to compare with its table.")
        String connector;

        @Option(names = "--json", description = "One JSON object, for machines.")
        boolean json;

        @Override
        void into(Options.Builder parsed) {
            parsed.command(Options.Action.SCHEMA_DIFF, List.of(connector)).format =
                    json ? Options.Format.JSON : Options.Format.TABLE;
        }
    }
}
