package io.tributary.connector;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.tributary.format.Chunk;
import io.tributary.format.FormatSettings;
import io.tributary.format.RecordReader;
import io.tributary.schema.TargetSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.FileComponent;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.remote.RemoteFileOperations;
import org.apache.camel.component.file.remote.SftpEndpoint;
import org.apache.camel.component.file.remote.SftpRemoteFile;
import org.apache.camel.support.DefaultExchange;

/**
 * For {@code tributary check}: a file source's folder looked at as its consumer would look at it
 * (the files {@code include} matches, hidden ones and sub-folders skipped as Camel skips them, in
 * name order), and the first one's first page read in its format. Over SFTP the login is Camel's
 * own ({@link SftpEndpoint}, from the consumer's URI: the same credentials, known_hosts and host
 * key check), tried once. Nothing is moved, written or locked, and no position is read.
 */
public final class FileSourceProbe {
    /**
     * What the look found.
     *
     * @param source the folder in words, e.g. {@code folder /srv/drops/orders, 3 file(s) match}
     * @param firstFile the first matching file's name (relative to the folder), null when none
     * @param records the first page's records, empty when no file matched
     * @param unreadable items of the first page that could not be read (dead letters in a sync)
     * @param schema the route's sink's schema, which the records are compared with
     */
    public record Result(
            String source,
            String firstFile,
            ArrayNode records,
            int unreadable,
            TargetSchema schema) {}

    /** A file in the folder: its name relative to the folder, and its size. */
    private record Found(String name, long length) {}

    private final FileSource source;
    private final String id;
    private final Pattern include;
    private final boolean recursive;

    FileSourceProbe(FileSource source, String id) {
        this.source = source;
        this.id = id;
        String given = source.value("include");
        // Camel matches include against the file's own name, ignoring case
        this.include = given == null ? null : Pattern.compile(given, Pattern.CASE_INSENSITIVE);
        this.recursive = "true".equalsIgnoreCase(source.value("recursive"));
    }

    Result local(TargetSchema schema, int pageSize) throws IOException {
        String directory = source.value("directory");
        Path folder = Path.of(directory);
        if (!Files.exists(folder)) {
            throw problem("directory", directory, "the folder does not exist");
        }
        if (!Files.isDirectory(folder)) {
            throw problem("directory", directory, "is a file, not a folder");
        }
        if (!Files.isReadable(folder) || !Files.isExecutable(folder)) {
            throw problem(
                    "directory", directory, "the folder cannot be read by this process's user");
        }
        List<Found> files = new ArrayList<>();
        listLocal(folder, "", files);
        files.sort((a, b) -> a.name().compareTo(b.name())); // sortBy=file:name
        String words = "folder " + directory + ", " + matching(files.size());
        if (files.isEmpty()) {
            return new Result(words, null, empty(), 0, schema);
        }
        Found first = files.get(0);
        try (InputStream in = Files.newInputStream(folder.resolve(first.name()))) {
            return firstPage(words, first, in, schema, pageSize);
        }
    }

    private void listLocal(Path folder, String prefix, List<Found> files) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(".")) {
                    continue; // Camel skips hidden files and folders (.done among them)
                }
                if (Files.isDirectory(p)) {
                    if (recursive) {
                        listLocal(p, prefix + name + "/", files);
                    }
                } else if (matches(name)) {
                    files.add(new Found(prefix + name, Files.size(p)));
                }
            }
        }
    }

    /**
     * Over SFTP: one login with the consumer's settings (no reconnect attempts), the folder listed,
     * the first matching file streamed for its first page, then the session closed.
     */
    Result sftp(CamelContext context, String consumerUri, TargetSchema schema, int pageSize)
            throws Exception {
        String uri = consumerUri + "&maximumReconnectAttempts=0&connectTimeout=10000";
        SftpEndpoint endpoint = context.getEndpoint(uri, SftpEndpoint.class);
        @SuppressWarnings("unchecked")
        RemoteFileOperations<SftpRemoteFile<?>> ops =
                (RemoteFileOperations<SftpRemoteFile<?>>)
                        (RemoteFileOperations<?>) endpoint.createRemoteFileOperations();
        String directory = source.value("directory");
        String where = source.value("host") + ":" + source.value("port");
        try {
            ops.connect(endpoint.getConfiguration(), null);
            List<Found> files = new ArrayList<>();
            listRemote(ops, directory, "", files);
            files.sort((a, b) -> a.name().compareTo(b.name()));
            String words =
                    "SFTP "
                            + where
                            + " as "
                            + source.value("username")
                            + ", folder "
                            + directory
                            + ", "
                            + matching(files.size());
            if (files.isEmpty()) {
                return new Result(words, null, empty(), 0, schema);
            }
            Found first = files.get(0);
            Exchange exchange = new DefaultExchange(context);
            GenericFile<SftpRemoteFile<?>> target = new GenericFile<>();
            exchange.setProperty(FileComponent.FILE_EXCHANGE_FILE, target);
            try {
                ops.retrieveFile(directory + "/" + first.name(), exchange, first.length());
                // streamDownload: the body is the channel's stream, read for one page only
                try (InputStream in =
                        context.getTypeConverter()
                                .mandatoryConvertTo(
                                        InputStream.class, exchange, target.getBody())) {
                    return firstPage(words, first, in, schema, pageSize);
                }
            } finally {
                ops.releaseRetrievedFileResources(exchange);
            }
        } finally {
            try {
                ops.disconnect();
            } catch (RuntimeException e) {
                // a session that never opened has nothing to close
            }
        }
    }

    private void listRemote(
            RemoteFileOperations<SftpRemoteFile<?>> ops,
            String directory,
            String prefix,
            List<Found> files) {
        String path = prefix.isEmpty() ? directory : directory + "/" + prefix;
        for (SftpRemoteFile<?> f : ops.listFiles(path)) {
            String name = f.getFilename();
            if (name.startsWith(".")) {
                continue; // ".", "..", and hidden ones, which Camel skips too
            }
            if (f.isDirectory()) {
                if (recursive) {
                    listRemote(ops, directory, prefix + name + "/", files);
                }
            } else if (matches(name)) {
                files.add(new Found(prefix + name, f.getFileLength()));
            }
        }
    }

    private Result firstPage(
            String words, Found file, InputStream in, TargetSchema schema, int pageSize)
            throws IOException {
        FormatSettings settings = source.formatFor(file.name());
        try (RecordReader reader = settings.open(in, source.charsetFor(settings))) {
            Chunk chunk = reader.next(pageSize);
            return new Result(words, file.name(), chunk.records(), chunk.rejected().size(), schema);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "connector '"
                            + id
                            + "': parameter 'format' value '"
                            + source.value("format")
                            + "': file '"
                            + file.name()
                            + "' is not readable as "
                            + settings.kind().key()
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    private boolean matches(String name) {
        return !name.endsWith(".camelLock") && (include == null || include.matcher(name).matches());
    }

    private String matching(int n) {
        return n
                + " file(s)"
                + (include == null ? "" : " matching include '" + source.value("include") + "'");
    }

    private static ArrayNode empty() {
        return io.tributary.schema.SourceJson.mapper().createArrayNode();
    }

    /**
     * A failed SFTP look in words: a refused login, a host key known_hosts does not list (or lists
     * another of), no answer, no folder; never a secret (JSch's messages hold none, and they are
     * masked too).
     */
    static String sftpWords(FileSource source, Throwable failure) {
        String where = source.value("host") + ":" + source.value("port");
        String knownHosts = source.value("knownHostsFile");
        String hosts =
                "parameter 'knownHostsFile'"
                        + (knownHosts == null
                                ? " (unset: ~/.ssh/known_hosts)"
                                : " value '" + knownHosts + "'");
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String type = t.getClass().getSimpleName();
            String m = t.getMessage() == null ? "" : t.getMessage();
            if (type.equals("JSchChangedHostKeyException")
                    || m.startsWith("HostKey has been changed")) {
                return hosts
                        + ": it lists another host key for the SFTP server "
                        + where
                        + ": the server's key changed, or this is not that server; nothing was sent to it";
            }
            if (type.equals("JSchUnknownHostKeyException")
                    || m.startsWith("UnknownHostKey")
                    || m.startsWith("reject HostKey")) {
                return hosts
                        + ": the SFTP server "
                        + where
                        + "'s host key is not in it (strictHostKeyChecking yes): add the line"
                        + " 'ssh-keyscan -p "
                        + source.value("port")
                        + " "
                        + source.value("host")
                        + "' prints, once its fingerprint is checked with the server's owner; nothing was sent to it";
            }
            if (m.startsWith("Auth fail")
                    || m.startsWith("Auth cancel")
                    || m.contains("USERAUTH fail")) {
                return "parameter '"
                        + (source.value("password") != null ? "password" : "privateKeyFile")
                        + "': the SFTP server "
                        + where
                        + " refused the login of '"
                        + source.value("username")
                        + "' (username, password or privateKeyFile)";
            }
            if (t instanceof java.net.ConnectException
                    || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.SocketTimeoutException
                    || t instanceof java.net.NoRouteToHostException) {
                return "parameter 'host' value '"
                        + source.value("host")
                        + "': cannot reach the SFTP server "
                        + where
                        + ": "
                        + (t instanceof java.net.UnknownHostException
                                ? "no such host"
                                : t instanceof java.net.SocketTimeoutException
                                        ? "no answer"
                                        : "the connection was refused");
            }
            if (type.equals("SftpException") && m.contains("No such file")) {
                return "parameter 'directory' value '"
                        + source.value("directory")
                        + "': the SFTP server "
                        + where
                        + " has no such folder";
            }
            if (type.equals("SftpException") && m.contains("Permission denied")) {
                return "parameter 'directory' value '"
                        + source.value("directory")
                        + "': the SFTP login '"
                        + source.value("username")
                        + "' may not read that folder";
            }
        }
        return "the SFTP server "
                + where
                + ": "
                + (failure.getMessage() == null
                        ? failure.getClass().getSimpleName()
                        : failure.getMessage());
    }

    private IllegalStateException problem(String parameter, String value, String words) {
        return new IllegalStateException(
                "connector '"
                        + id
                        + "': parameter '"
                        + parameter
                        + "' value '"
                        + value
                        + "': "
                        + words);
    }
}
