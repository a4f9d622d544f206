package io.tributary.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real headless Chromium (Debian's {@code chromium} package; {@code .ci/run} installs it) started
 * for one page: the DOM after its scripts ran, or a PNG screenshot. Each call gets a fresh profile.
 */
public final class Chromium {
    private Chromium() {}

    public static String dumpDom(String url) {
        return new String(run(List.of("--dump-dom", url), null), StandardCharsets.UTF_8);
    }

    /** The DOM after its scripts ran in a window {@code width} px wide. */
    public static String dumpDom(String url, int width) {
        return new String(
                run(List.of("--window-size=" + width + ",900", "--dump-dom", url), null),
                StandardCharsets.UTF_8);
    }

    public static Path screenshot(String url, Path png) {
        return screenshot(url, png, 1500, 420);
    }

    /** A PNG of the page in a window of that size. */
    public static Path screenshot(String url, Path png, int width, int height) {
        try {
            Files.createDirectories(png.getParent());
            Files.deleteIfExists(png);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        run(
                List.of(
                        "--screenshot=" + png.toAbsolutePath(),
                        "--window-size=" + width + "," + height,
                        "--hide-scrollbars",
                        url),
                png);
        return png;
    }

    private static byte[] run(List<String> what, Path expected) {
        Path profile;
        try {
            profile = Files.createTempDirectory("tributary-chromium");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<String> command =
                new ArrayList<>(
                        List.of(
                                binary(),
                                "--headless",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-quic",
                                "--no-first-run",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync",
                                "--disable-dev-shm-usage",
                                "--user-data-dir=" + profile));
        command.addAll(what);
        try {
            Path out = Files.createTempFile("chromium", ".out");
            Path err = Files.createTempFile("chromium", ".err");
            Process p =
                    new ProcessBuilder(command)
                            .redirectOutput(out.toFile())
                            .redirectError(err.toFile())
                            .start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("chromium did not finish in 90 s: " + command);
            }
            byte[] stdout = Files.readAllBytes(out);
            if (p.exitValue() != 0 || expected != null && !Files.exists(expected)) {
                throw new IllegalStateException(
                        "chromium exited " + p.exitValue() + ": " + Files.readString(err));
            }
            return stdout;
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot run chromium (apt-get install -y chromium): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String binary() {
        for (String candidate :
                new String[] {
                    "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"
                }) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "chromium";
    }
}
