package io.tributary.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Settings from folders holding one file per setting — the file's name is the key, its content the
 * value — which is how Kubernetes mounts a ConfigMap or a Secret as a volume, and how Docker
 * secrets arrive. The folders are named by the environment variable {@value #VARIABLE},
 * comma-separated, e.g. {@code TRIBUTARY_SETTINGS_DIRS=/etc/tributary/secrets} with a file {@code
 * weather.api-key}. They win over application.properties and environment variables; {@code
 * --key=value} options win over them. Values are never logged.
 */
public final class SettingsFolders {
    public static final String VARIABLE = "TRIBUTARY_SETTINGS_DIRS";

    private SettingsFolders() {}

    /**
     * The settings in the given folders (later folders win); an empty or null list reads nothing.
     */
    public static Map<String, String> read(String folders) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (folders == null || folders.isBlank()) {
            return settings;
        }
        for (String name : folders.split(",")) {
            Path folder = Path.of(name.trim());
            if (!Files.isDirectory(folder)) {
                throw new IllegalArgumentException(
                        "settings folder "
                                + folder.toAbsolutePath()
                                + " ("
                                + VARIABLE
                                + ") not found");
            }
            List<Path> files;
            try (Stream<Path> list = Files.list(folder)) {
                // Kubernetes keeps its bookkeeping in ..data and ..<timestamp> entries beside the
                // keys
                files =
                        list.filter(
                                        f ->
                                                !f.getFileName().toString().startsWith(".")
                                                        && Files.isRegularFile(f))
                                .sorted()
                                .collect(Collectors.toList());
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "cannot list settings folder "
                                + folder
                                + " ("
                                + VARIABLE
                                + "): "
                                + e.getMessage());
            }
            for (Path f : files) {
                try {
                    settings.put(
                            f.getFileName().toString(),
                            stripFinalNewline(Files.readString(f, StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    throw new IllegalArgumentException(
                            "cannot read setting file "
                                    + f
                                    + " ("
                                    + VARIABLE
                                    + "): "
                                    + e.getMessage());
                }
            }
        }
        return settings;
    }

    // `echo secret > file` and most editors end the file with a newline that is not part of the
    // value
    private static String stripFinalNewline(String s) {
        if (s.endsWith("\r\n")) {
            return s.substring(0, s.length() - 2);
        }
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }
}
