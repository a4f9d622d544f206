package io.tributary.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A real SFTP server (Apache MINA SSHD) in the test JVM on 127.0.0.1: one login, by password or by
 * public key, whose files are a folder of the test. Its host key is generated once into the folder
 * given; {@link #knownHosts} writes the line OpenSSH's {@code ssh-keyscan} would.
 */
public final class SftpServer implements AutoCloseable {
    public static final String USER = "loader";

    private final SshServer sshd;
    private final PublicKey hostKey;
    public final Path root;
    public final AtomicInteger logins = new AtomicInteger(); // login attempts, either way

    private SftpServer(SshServer sshd, PublicKey hostKey, Path root) {
        this.sshd = sshd;
        this.hostKey = hostKey;
        this.root = root;
    }

    /**
     * Starts the server on a free port of 127.0.0.1.
     *
     * @param root the folder the login sees as {@code /}
     * @param password the login's password; null: no password login
     * @param authorized the login's public key; null: no key login
     * @param keys where the host key is kept
     */
    public static SftpServer start(Path root, String password, PublicKey authorized, Path keys)
            throws IOException, GeneralSecurityException {
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        SimpleGeneratorHostKeyProvider hostKeys =
                new SimpleGeneratorHostKeyProvider(keys.resolve("host-key.ser"));
        hostKeys.setAlgorithm(KeyUtils.RSA_ALGORITHM);
        sshd.setKeyPairProvider(hostKeys);
        SftpServer server =
                new SftpServer(sshd, hostKeys.loadKeys(null).iterator().next().getPublic(), root);
        sshd.setPasswordAuthenticator(
                (user, given, session) -> {
                    server.logins.incrementAndGet();
                    return USER.equals(user) && password != null && password.equals(given);
                });
        sshd.setPublickeyAuthenticator(
                (user, key, session) -> {
                    server.logins.incrementAndGet();
                    return USER.equals(user)
                            && authorized != null
                            && KeyUtils.compareKeys(authorized, key);
                });
        sshd.setKeyboardInteractiveAuthenticator(null);
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(root));
        sshd.start();
        return server;
    }

    public int port() {
        return sshd.getPort();
    }

    /** A known_hosts file that lists this server's host key (as {@code ssh-keyscan} writes it). */
    public Path knownHosts(Path file) throws IOException {
        return Files.writeString(
                file, "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(hostKey) + "\n");
    }

    @Override
    public void close() throws IOException {
        sshd.stop(true);
    }
}
