package io.tributary.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.sink.ParquetFiles;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parquet sink in the packaged JAR (runs after {@code mvn package}): Hadoop is only on the
 * compile class path (parquet-java's writer builder names its Configuration), so the tests, which
 * have it, cannot show that no Hadoop class runs. Here the JAR, which has none, writes the demo's
 * observations to Parquet files that DuckDB reads back.
 */
class ParquetJarIT {
    static final Path JAR = Path.of("target/tributary.jar");

    @Test
    void theJarHoldsNoHadoopClass() throws Exception {
        try (ZipFile jar = new ZipFile(JAR.toFile())) {
            assertEquals(
                    List.of(),
                    jar.stream()
                            .map(e -> e.getName())
                            .filter(n -> n.startsWith("org/apache/hadoop/"))
                            .limit(3)
                            .toList());
        }
    }

    @Test
    void theJarWritesParquetFilesWithoutHadoop(@TempDir Path app) throws Exception {
        Files.copy(Path.of("application.properties"), app.resolve("application.properties"));
        Path routes = Files.createDirectories(app.resolve("routes"));
        Files.copy(
                Path.of("routes/weather-observations.schema.yaml"),
                routes.resolve("weather-observations.schema.yaml"));
        Files.writeString(
                routes.resolve("weather-observations.camel.yaml"),
                Files.readString(Path.of("routes/weather-observations.camel.yaml"))
                        .replace(
                                "uri: kamelet:tributary-jdbc-sink",
                                "uri: kamelet:tributary-file-sink")
                        .replace(
                                "table: weather_observations",
                                "table: weather_observations\n"
                                        + "              format: parquet\n"
                                        + "              directory: lake\n"
                                        + "              partition: date"));
        ProcessBuilder pb =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx192m",
                                "-jar",
                                JAR.toAbsolutePath().toString(),
                                "--once",
                                "--tributary.demo.port=" + DockerfileIT.freePort(),
                                "--camel.management.enabled=false")
                        .directory(app.toFile())
                        .redirectErrorStream(true);
        pb.redirectOutput(new File("target/parquet-jar.log"));
        Process p = pb.start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "--once finishes");
        assertEquals(0, p.exitValue(), "see target/parquet-jar.log");
        String log = Files.readString(Path.of("target/parquet-jar.log"));
        assertTrue(log.contains("sync connector=weather-observations outcome=success"), log);
        ParquetFiles lake = new ParquetFiles(app.resolve("lake/weather_observations"));
        assertTrue(lake.files().size() >= 1, "files under date=.../");
        assertTrue(lake.count() > 0);
        assertEquals("TIMESTAMP WITH TIME ZONE", lake.types().get("observed_at"));
    }
}
