package io.tributary.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The YAML documents of the manifests under kubernetes/, each with the file it came from. */
final class Manifests {
    static final ObjectMapper YAML = new YAMLMapper();

    private Manifests() {}

    /** One document of a manifest file. */
    static final class Doc {
        final Path file;
        final JsonNode node;

        Doc(Path file, JsonNode node) {
            this.file = file;
            this.node = node;
        }

        String kind() {
            return node.path("kind").asText();
        }

        String name() {
            return node.path("metadata").path("name").asText();
        }

        @Override
        public String toString() {
            return file + ": " + kind() + " " + name();
        }
    }

    static List<Doc> in(String folder) {
        try (Stream<Path> files = Files.list(Path.of(folder))) {
            List<Doc> docs = new ArrayList<>();
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".yaml"))
                            .sorted()
                            .collect(Collectors.toList())) {
                docs.addAll(read(f));
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Doc> read(Path file) throws IOException {
        List<Doc> docs = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(file.toFile())) {
            var values = YAML.readValues(parser, JsonNode.class);
            while (values.hasNext()) {
                JsonNode node = values.next();
                if (node != null && !node.isEmpty()) {
                    docs.add(new Doc(file, node));
                }
            }
        }
        return docs;
    }

    static List<Doc> ofKind(List<Doc> docs, String kind) {
        return docs.stream().filter(d -> d.kind().equals(kind)).collect(Collectors.toList());
    }

    static Doc named(List<Doc> docs, String kind, String name) {
        return docs.stream()
                .filter(d -> d.kind().equals(kind) && d.name().equals(name))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("no " + kind + " named " + name + " in " + docs));
    }

    /** Writes the data of a routes ConfigMap into a folder, as Kubernetes mounts it. */
    static Path mount(Doc configMap, Path folder) throws IOException {
        Files.createDirectories(folder);
        var fields = ((ObjectNode) configMap.node.path("data")).fields();
        while (fields.hasNext()) {
            var e = fields.next();
            Files.writeString(folder.resolve(e.getKey()), e.getValue().asText());
        }
        return folder;
    }
}
