package io.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.Tributary;
import io.tributary.support.AuthServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code tributary record} and {@code tributary test} on a connector whose sink writes JSON Lines,
 * CSV or Parquet files ({@code tributary-file-sink}), over {@link AuthServer}'s items API: the
 * recorded and the replayed sync write their files into a temporary folder, removed after, never
 * into the connector's {@code directory}, and the expectations check the rows of those files.
 */
class FileSinkCassetteTest {
    final AuthServer api = new AuthServer();
    @TempDir Path dir;

    @AfterEach
    void stop() {
        api.close();
    }

    record Run(int exit, String out) {}

    Run tributary(String command) {
        Options options =
                Options.parse(
                        command,
                        "exports",
                        "--camel.main.routes-include-pattern=file:" + dir + "/*.camel.yaml",
                        "--tributary.demo.enabled=false");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int exit =
                command.equals("record")
                        ? new RecordCommand(out, Tributary::new).run(options)
                        : new TestCommand(out, Tributary::new).run(options);
        return new Run(exit, bytes.toString(StandardCharsets.UTF_8));
    }

    static List<Path> files(Path folder) throws Exception {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    /** The test kit's temporary folders now in the system's temporary directory. */
    static List<Path> kitFolders() throws Exception {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("tributary-testkit-files-"))
                    .toList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "csv", "parquet"})
    void aFileSinkConnectorRecordedAndTestedLeavesItsRealDirectoryEmpty(String format)
            throws Exception {
        api.items = 5;
        Path real = dir.resolve("lake");
        Files.writeString(
                dir.resolve("exports.camel.yaml"),
                String.join(
                        "\n",
                        "- route:",
                        "    id: exports",
                        "    from:",
                        "      uri: kamelet:tributary-http-source",
                        "      parameters:",
                        "        schedule: \"timer:exports?period=600000\"",
                        "        url: \"" + api.itemsUrl() + "\"",
                        "        pageSize: 2",
                        "        totalPagesPath: /total_pages",
                        "        recordsPath: /items",
                        "      steps:",
                        "        - to:",
                        "            uri: kamelet:tributary-file-sink",
                        "            parameters: {schema: \""
                                + Path.of("src/test/resources/auth/items.schema.yaml")
                                        .toAbsolutePath()
                                + "\", table: items, format: "
                                + format
                                + ", directory: \""
                                + real
                                + "\"}",
                        ""));

        List<Path> kitBefore = kitFolders();
        Run recorded = tributary("record");
        List<Path> afterRecord = files(real);
        Files.writeString(
                dir.resolve("exports.expect.yaml"),
                "outcome: success\nrows: 5\nincludes:\n  - {id: item-00002, name: Item 2}\n");
        Run tested = tributary("test");

        assertEquals(Tributary.OK, recorded.exit(), recorded.out());
        assertTrue(recorded.out().contains("(3 page(s), 5 row(s)"), recorded.out());
        assertEquals(List.of(), afterRecord, "the recording wrote no file of the connector's");
        assertEquals(Tributary.OK, tested.exit(), tested.out());
        assertTrue(tested.out().startsWith("PASS exports (5 row(s)"), tested.out());
        assertEquals(List.of(), files(real), "the replay wrote no file of the connector's");
        assertEquals(kitBefore, kitFolders(), "the temporary folders are removed");
    }
}
