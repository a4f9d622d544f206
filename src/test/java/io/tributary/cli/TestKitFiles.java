package io.tributary.cli;

import java.nio.file.Path;

/** The test kit's files read as {@code tributary test} reads them, for the docs' examples. */
public final class TestKitFiles {
    private TestKitFiles() {}

    /** A cassette's calls: none means the file holds no interaction. */
    public static int cassetteCalls(Path file) {
        return Cassette.read(file).size();
    }

    /** An expectations file, refused (IllegalArgumentException) as {@code tributary test} would. */
    public static void expectations(Path file) {
        Expectations.read(file);
    }
}
