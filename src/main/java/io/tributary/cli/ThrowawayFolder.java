package io.tributary.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A temporary folder for the file sinks of one test-kit start ({@code record}, {@code test}),
 * removed with everything in it when closed, so a recorded or replayed sync leaves no file behind
 * and none among the connector's real ones.
 */
final class ThrowawayFolder implements AutoCloseable {
    private final Path path;

    private ThrowawayFolder(Path path) {
        this.path = path;
    }

    static ThrowawayFolder create() {
        try {
            return new ThrowawayFolder(Files.createTempDirectory("tributary-testkit-files-"));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create a temporary folder for the file sinks: " + e.getMessage(), e);
        }
    }

    Path path() {
        return path;
    }

    @Override
    public void close() {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover in the temporary folder is the system's to clean: the sync's result stands
            org.slf4j.LoggerFactory.getLogger(ThrowawayFolder.class)
                    .warn(
                            "cannot remove the test kit's temporary folder {}: {}",
                            path,
                            e.toString());
        }
    }
}
