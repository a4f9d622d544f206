package io.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folders of one file per setting, as Kubernetes mounts ConfigMaps and Secrets. */
class SettingsFoldersTest {
    @TempDir Path dir;

    @Test
    void eachFileIsOneSettingNamedAfterItWithoutTheFinalNewlineAndKubernetesBookkeepingIsSkipped()
            throws Exception {
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(secrets.resolve("weather.api-key"), "abc123\n");
        Files.writeString(secrets.resolve("tributary.db.password"), "p@ss word\n\n");
        Path data = Files.createDirectories(secrets.resolve("..2026_11_26_02_00_00.123"));
        Files.writeString(data.resolve("weather.api-key"), "abc123");
        Files.createSymbolicLink(secrets.resolve("..data"), data.getFileName());

        assertEquals(
                Map.of("weather.api-key", "abc123", "tributary.db.password", "p@ss word\n"),
                SettingsFolders.read(secrets.toString()));
    }

    @Test
    void laterFoldersWinAndNoFoldersMeanNoSettings() throws Exception {
        Path settings = Files.createDirectories(dir.resolve("settings"));
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(settings.resolve("tributary.db.user"), "etl");
        Files.writeString(settings.resolve("weather.api-key"), "from-configmap");
        Files.writeString(secrets.resolve("weather.api-key"), "from-secret");

        assertEquals(
                Map.of("tributary.db.user", "etl", "weather.api-key", "from-secret"),
                SettingsFolders.read(settings + ", " + secrets));
        assertTrue(SettingsFolders.read(null).isEmpty());
        assertTrue(SettingsFolders.read(" ").isEmpty());
    }

    @Test
    void aMissingFolderIsNamedWithTheVariableThatListsIt() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> SettingsFolders.read(dir.resolve("nope").toString()));
        assertTrue(
                e.getMessage().contains("nope")
                        && e.getMessage().contains("TRIBUTARY_SETTINGS_DIRS"),
                e.getMessage());
    }
}
