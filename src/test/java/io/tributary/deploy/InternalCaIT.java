package io.tributary.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.File;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source behind a company's own certificate authority, as docs/operations.md "Trusting an
 * internal CA with the JAR" says to set it up: the packaged JAR syncs the demo connectors through
 * TLS with a server certificate signed by a CA made here with the JDK's keytool, refused without
 * the trust store and synced with it (the trust store Temurin's entrypoint hands over in the image
 * the same way, through {@code JAVA_TOOL_OPTIONS}).
 */
class InternalCaIT {
    static final String PASSWORD = "changeit";
    // headers the JDK client sets itself
    static final java.util.Set<String> RESTRICTED =
            java.util.Set.of("host", "connection", "content-length", "expect", "upgrade");
    @TempDir Path dir;
    HttpsServer tls;
    final AtomicInteger forwarded = new AtomicInteger();
    int demoPort;

    @BeforeEach
    void aTlsFrontForTheDemoApiWithACertificateOfAnInternalCa() throws Exception {
        keytool(
                "-genkeypair",
                "-alias",
                "ca",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=Tributary Test Internal CA",
                "-ext",
                "bc:c",
                "-validity",
                "2",
                "-keystore",
                "ca.p12");
        keytool(
                "-exportcert",
                "-alias",
                "ca",
                "-rfc",
                "-file",
                "internal-ca.crt",
                "-keystore",
                "ca.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=127.0.0.1",
                "-validity",
                "2",
                "-keystore",
                "server.p12");
        keytool("-certreq", "-alias", "server", "-file", "server.csr", "-keystore", "server.p12");
        keytool(
                "-gencert",
                "-alias",
                "ca",
                "-infile",
                "server.csr",
                "-outfile",
                "server.crt",
                "-rfc",
                "-ext",
                "san=ip:127.0.0.1",
                "-ext",
                "eku=serverAuth",
                "-validity",
                "2",
                "-keystore",
                "ca.p12");
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "ca",
                "-file",
                "internal-ca.crt",
                "-keystore",
                "server.p12");
        keytool(
                "-importcert",
                "-alias",
                "server",
                "-file",
                "server.crt",
                "-keystore",
                "server.p12");

        demoPort = DockerfileIT.freePort();
        tls = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tls.setHttpsConfigurator(new HttpsConfigurator(serverContext(dir.resolve("server.p12"))));
        HttpClient client = HttpClient.newHttpClient();
        // forwards each request to the demo API that the Tributary process under test serves
        tls.createContext(
                "/",
                exchange -> {
                    try (exchange) {
                        HttpRequest.Builder request =
                                HttpRequest.newBuilder(
                                        URI.create(
                                                "http://127.0.0.1:"
                                                        + demoPort
                                                        + exchange.getRequestURI()));
                        exchange.getRequestHeaders()
                                .forEach(
                                        (name, values) -> {
                                            if (!RESTRICTED.contains(
                                                    name.toLowerCase(Locale.ROOT))) {
                                                values.forEach(v -> request.header(name, v));
                                            }
                                        });
                        HttpResponse<byte[]> answer =
                                client.send(
                                        request.build(), HttpResponse.BodyHandlers.ofByteArray());
                        answer.headers()
                                .firstValue("Content-Type")
                                .ifPresent(
                                        t -> exchange.getResponseHeaders().set("Content-Type", t));
                        exchange.sendResponseHeaders(answer.statusCode(), answer.body().length);
                        exchange.getResponseBody().write(answer.body());
                        forwarded.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
        tls.setExecutor(Executors.newFixedThreadPool(2));
        tls.start();
    }

    @AfterEach
    void stop() {
        tls.stop(0);
    }

    @Test
    void withoutTheInternalCaInItsTrustStoreTheSyncFailsOnTheCertificate() throws Exception {
        Run run = once(null);
        assertEquals(1, run.exit, run.log);
        assertTrue(run.log.contains("outcome=failed"), run.log);
        assertTrue(run.log.contains("PKIX path building failed"), run.log);
        assertEquals(0, forwarded.get(), "no request got through the TLS handshake");
    }

    @Test
    void withATrustStoreHoldingTheInternalCaThePackagedJarSyncs() throws Exception {
        // docs/operations.md: a copy of the JDK's trust store (public APIs stay trusted) plus the
        // internal CA
        Path trust = dir.resolve("tributary-cacerts");
        Files.copy(Path.of(System.getProperty("java.home"), "lib", "security", "cacerts"), trust);
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "internal-ca",
                "-file",
                "internal-ca.crt",
                "-keystore",
                trust.getFileName().toString());

        Run run =
                once(
                        "-Djavax.net.ssl.trustStore="
                                + trust
                                + " -Djavax.net.ssl.trustStorePassword="
                                + PASSWORD);
        assertEquals(0, run.exit, run.log);
        assertTrue(
                run.log.contains("sync connector=weather-observations outcome=success"), run.log);
        assertTrue(forwarded.get() > 0, "the pages came through the TLS front");
    }

    record Run(int exit, String log) {}

    /** {@code java -jar target/tributary.jar --once} with the demo's API behind the TLS front. */
    Run once(String javaToolOptions) throws Exception {
        Path app = Files.createDirectories(dir.resolve("app-" + System.nanoTime()));
        Files.copy(Path.of("application.properties"), app.resolve("application.properties"));
        Path routes = Files.createDirectories(app.resolve("routes"));
        try (var files = Files.list(Path.of("routes"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, routes.resolve(f.getFileName()));
            }
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(Path.of("target/tributary.jar").toAbsolutePath().toString());
        command.add("--once");
        command.add("--tributary.demo.port=" + demoPort);
        command.add("--weather.base-url=https://127.0.0.1:" + tls.getAddress().getPort());
        command.add("--tributary.retry.max-redeliveries=1");
        command.add("--tributary.retry.initial-delay-ms=10");
        ProcessBuilder pb = new ProcessBuilder(command).directory(app.toFile());
        pb.redirectErrorStream(true);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        if (javaToolOptions != null) {
            pb.environment().put("JAVA_TOOL_OPTIONS", javaToolOptions);
        }
        File log = app.resolve("tributary.log").toFile();
        pb.redirectOutput(log);
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "--once finishes");
        return new Run(p.exitValue(), Files.readString(log.toPath()));
    }

    void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass", PASSWORD)); // the store's type is read from the file
        if (args[0].equals("-genkeypair")) {
            command.addAll(List.of("-storetype", "PKCS12"));
        }
        Process p =
                new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", args) + ": " + out);
    }

    static SSLContext serverContext(Path keystore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }
}
