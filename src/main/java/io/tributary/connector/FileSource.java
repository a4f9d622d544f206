package io.tributary.connector;

import io.tributary.auth.SecretMasker;
import io.tributary.config.ConnectorConfigException;
import io.tributary.format.Chunk;
import io.tributary.format.FormatSettings;
import io.tributary.http.FailureDescription;
import io.tributary.metrics.ConnectorMetrics;
import io.tributary.metrics.SyncOutcome;
import io.tributary.metrics.SyncOutcomes;
import io.tributary.state.CommittedMessageRepository;
import io.tributary.state.CursorState;
import io.tributary.state.JdbcCursorStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bean behind every step of the {@code tributary-file-source} Kamelet ({@link
 * FileSourceKamelet}): Camel's file or sftp consumer hands it one dropped file at a time, and it
 * streams the file's records to the route's {@code tributary-jdbc-sink} in pages of {@code
 * recordsPerPage}, in the page contract of a consumer that is not bound to the sink ({@link
 * PageContract}): each page carries its stream ({@code connector/<file>}) and a message id that
 * says how far into the file it reaches, which the sink commits with the page's rows in one
 * transaction, into that stream's row of {@code tributary_cursors}.
 *
 * <p>Exactly once per file: a file's key is its name, size and last-modified time; a page before
 * the last carries {@code <key>#<n>} (the first n items of the file, records and unreadable lines,
 * are in), the last page {@code <key>} itself. Camel's idempotent consumer asks this bean (an
 * {@link IdempotentRepository} over {@link CommittedMessageRepository}) whether a file is done:
 * only when its row holds {@code <key>}, and then it is skipped and moved as a loaded one. A file
 * whose row holds {@code <key>#<n>} was cut off (kill -9, a failed page): it is read again from its
 * start, its first n items skipped unread by the sink, so none is loaded twice, in {@code upsert}
 * and in {@code append}. A failure fails the file's exchange: Camel leaves the file (or moves it to
 * {@code moveFailed}) and the next look resumes it.
 *
 * <p>Memory holds one page: the file is read as a stream ({@link FormatSettings#open}), from the
 * local file or, over SFTP, as Camel downloads it ({@code streamDownload}).
 *
 * <p>Lifecycle: {@link #initialize} (the Kamelet's {@code initMethod}) checks every parameter and
 * the route's sink with no I/O; {@link #consumerUri} gives the route its consumer. Per file: {@link
 * #startFile}, then per page {@link #toSink}, {@link #acknowledged}, {@link #nextChunk}, then
 * {@link #endOfFile} and {@link #finishFile}, or {@link #failFile}. One file at a time (Camel's
 * consumer is one thread).
 */
public final class FileSource extends ServiceSupport
        implements CamelContextAware, IdempotentRepository {
    private static final Logger LOG = LoggerFactory.getLogger("io.tributary.sync");

    private CamelContext context;
    private final SourceSettings settings =
            new SourceSettings(FileSourceKamelet.KAMELET, FileSourceKamelet.PARAMETERS);

    // made by initialize
    private String id;
    private FormatSettings format; // null for format auto: by each file's name
    private Charset charset; // null: the default, or an XML file's own declaration
    private int recordsPerPage;
    private JdbcCursorStore cursors;
    private SyncOutcomes outcomes;
    private CommittedMessageRepository committed;
    private SecretMasker masker = new SecretMasker(List.of());
    private boolean preview;
    private int previewPages; // under preview: the pages it shows, then the file's end
    private String schema; // the route's sink's schema file, which check compares a page with
    private volatile String lastFile; // the file the last look began, for preview's line

    // ---- set-up ----

    /**
     * The Kamelet's {@code initMethod}: every parameter checked (a bad one stops start-up, exit 2,
     * naming the connector, the parameter and its value — never a secret) and the route's sink.
     */
    public synchronized void initialize() {
        if (id != null) {
            return;
        }
        String connector = settings.connector();
        List<String> secrets = new ArrayList<>();
        for (String secret : List.of("password", "privateKeyPassphrase")) {
            if (value(secret) != null) {
                secrets.add(settings.get(secret));
            }
        }
        masker = new SecretMasker(secrets);
        ParameterChecks.check(
                connector, FileSourceKamelet.PARAMETERS, FileSourceKamelet.RULES, this::value);
        String directory = value("directory");
        if (directory.contains("?")) {
            throw new ConnectorConfigException(
                    connector,
                    "directory",
                    directory,
                    "is a folder, not a URI with options: give Camel's options as the Kamelet's parameters (include, move...)");
        }
        if (sftp() && (value("username") == null)) {
            throw new ConnectorConfigException(
                    connector, "username", null, "is required by host: the SFTP login");
        }
        if (sftp() && value("password") == null && value("privateKeyFile") == null) {
            throw new ConnectorConfigException(
                    connector,
                    "password",
                    null,
                    "or privateKeyFile is required by host: how the SFTP login proves itself");
        }
        if (flag("noop") && value("moveFailed") != null) {
            throw new ConnectorConfigException(
                    connector,
                    "moveFailed",
                    value("moveFailed"),
                    "cannot be used with noop true, which leaves every file where it is");
        }
        format = value("format").equals("auto") ? null : formatSettings(connector, value("format"));
        if (format == null) {
            formatSettings(connector, "jsonl"); // the other format parameters, checked now
        }
        charset = ResponseFormat.fallbackCharset(connector, settings.get("charset"));
        recordsPerPage = Integer.parseInt(value("recordsPerPage"));
        checkTheRoute(connector);
        cursors =
                context.getRegistry()
                        .lookupByNameAndType("tributaryCursorStore", JdbcCursorStore.class);
        outcomes =
                context.getRegistry()
                        .lookupByNameAndType("tributarySyncOutcomes", SyncOutcomes.class);
        if (cursors == null || outcomes == null) {
            throw new IllegalStateException(
                    "connector '"
                            + connector
                            + "': the Tributary beans (tributaryCursorStore, tributarySyncOutcomes) are not bound; "
                            + "start it through io.tributary.Tributary");
        }
        preview = io.tributary.sink.PreviewSink.of(context).isPresent();
        previewPages =
                io.tributary.sink.PreviewSink.of(context)
                        .map(io.tributary.sink.PreviewSink::pages)
                        .orElse(Integer.MAX_VALUE);
        committed = new CommittedMessageRepository(cursors, connector);
        id = connector;
        outcomes.register(id);
        context.getRegistry().bind(FileSourceKamelet.BEAN + ":" + id, this); // found by check
    }

    /** The format parameters for one format, each checked, errors naming the parameter. */
    private FormatSettings formatSettings(String connector, String kind) {
        return ResponseFormat.settings(connector, kind, this::value, FileSourceKamelet.PARAMETERS);
    }

    /**
     * The route's sink is a {@code tributary-jdbc-sink} that commits each page with the file's
     * position: not {@code replace} (which publishes a whole sync, with no position per page) and
     * not a file sink.
     */
    private void checkTheRoute(String connector) {
        if (settings.route(context) == null) {
            return;
        }
        SourceSettings.JdbcSinks sinks =
                settings.checkJdbcSinks(
                        context,
                        connector,
                        false,
                        "commits each page's position in the file with its rows: send its pages to kamelet:"
                                + PageSinkStep.KAMELET,
                        "loads each file once, page by page, with the file's position: use upsert or append");
        schema = sinks.schema();
        if (sinks.count() == 0) {
            throw SinkBinding.unbound(connector);
        }
    }

    /**
     * The consumer the Kamelet's route starts from: {@code file:} or {@code sftp:} with Camel's
     * options from the parameters: files in name order, read locks, the move, and over SFTP the
     * login, the host key check and a streamed download (memory holds a page, not the file).
     */
    public String consumerUri() {
        initialize();
        String directory = value("directory");
        List<String> options = new ArrayList<>();
        String base;
        if (sftp()) {
            base = "sftp://" + value("host") + ":" + value("port") + "/" + directory;
            options.add("username=" + raw("username", value("username")));
            if (value("password") != null) {
                options.add("password=" + raw("password", settings.get("password").trim()));
            }
            if (value("privateKeyFile") != null) {
                options.add("privateKeyFile=" + raw("privateKeyFile", value("privateKeyFile")));
            }
            if (value("privateKeyPassphrase") != null) {
                options.add(
                        "privateKeyPassphrase="
                                + raw(
                                        "privateKeyPassphrase",
                                        settings.get("privateKeyPassphrase").trim()));
            }
            options.add("strictHostKeyChecking=" + value("strictHostKeyChecking"));
            if (value("knownHostsFile") != null) {
                options.add("knownHostsFile=" + raw("knownHostsFile", value("knownHostsFile")));
                options.add("useUserKnownHostsFile=false");
            }
            // streamed as read, not held in memory whole; stepwise cannot stream
            options.add("streamDownload=true");
            options.add("stepwise=false");
            options.add("autoCreate=false");
            options.add("throwExceptionOnConnectFailed=true");
        } else {
            base = "file:" + directory;
        }
        if (value("include") != null) {
            options.add("include=" + raw("include", value("include")));
        }
        if (flag("recursive")) {
            options.add("recursive=true");
        }
        if (preview) {
            // preview shows the first file by name alone: every file listed and sorted, one taken
            options.add("maxMessagesPerPoll=1");
            options.add("eagerMaxMessagesPerPoll=false");
        }
        if (flag("noop") || preview) {
            options.add("noop=true"); // a preview or check moves nothing
        } else {
            options.add("move=" + raw("move", value("move")));
            if (value("moveFailed") != null) {
                options.add("moveFailed=" + raw("moveFailed", value("moveFailed")));
            }
        }
        options.add("readLock=" + value("readLock"));
        if (value("readLock").equals("changed")) {
            options.add("readLockMinLength=0"); // an empty file is a file too
        }
        options.add("sortBy=file:name");
        options.add("delay=" + value("delay"));
        options.add("initialDelay=0");
        if (flag("once")) {
            // one look; a folder without files still ends the look with an empty exchange
            options.add("repeatCount=1");
            options.add("sendEmptyMessageWhenIdle=true");
        }
        return base + "?" + String.join("&", options);
    }

    /**
     * A value as Camel takes it whole: {@code RAW(...)}, or {@code RAW{...}} when it holds a {@code
     * )}. The URI is read for placeholders once more, so neither may make a {@code {{} or {@code
     * }}}.
     */
    private String raw(String name, String value) {
        boolean closes = value.contains(")");
        if (value.contains("{{") || value.contains("}}") || (closes && value.endsWith("}"))) {
            Parameter p =
                    FileSourceKamelet.PARAMETERS.stream()
                            .filter(d -> d.name().equals(name))
                            .findFirst()
                            .orElseThrow();
            throw new ConnectorConfigException(
                    id,
                    name,
                    p.secret() ? null : value,
                    "cannot be passed to Camel's consumer whole: it holds '{{' or '}}', or both a ')' and a final '}'");
        }
        return closes ? "RAW{" + value + "}" : "RAW(" + value + ")";
    }

    private boolean sftp() {
        return value("host") != null;
    }

    private boolean flag(String name) {
        return "true".equalsIgnoreCase(value(name));
    }

    // ---- the idempotent repository: is a file done? ----

    @Override
    public boolean contains(Exchange exchange, String key) {
        initialize();
        return !preview && committed().contains(exchange, key); // preview reads no position
    }

    @Override
    public boolean contains(String key) {
        initialize();
        return !preview && committed().contains(key);
    }

    @Override
    public boolean add(String key) {
        initialize();
        // the sink's transaction stored it, with the last page; a preview stored nothing
        return preview || committed().add(key);
    }

    @Override
    public boolean remove(String key) {
        return false; // a committed page stays committed
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        // the files' rows are the target's state: 'tributary state reset' resets them
    }

    private CommittedMessageRepository committed() {
        initialize();
        return committed;
    }

    // ---- a file ----

    /**
     * A file arrives: its run starts, its stored position is read (a file cut off before resumes
     * after its last committed item), and its first page is read.
     */
    public void startFile(Exchange exchange) throws Exception {
        initialize();
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class);
        if (name == null) {
            idle(exchange);
            return;
        }
        Object length = exchange.getMessage().getHeader(Exchange.FILE_LENGTH);
        Object modified = exchange.getMessage().getHeader(Exchange.FILE_LAST_MODIFIED);
        String key = name + ":" + length + ":" + modified;
        FileRun run = new FileRun(name, CommittedMessageRepository.fileStream(id, name), key);
        lastFile = name;
        exchange.setProperty(FileRun.PROPERTY, run);
        guard(exchange, run);
        if (!CommittedMessageRepository.storedValue(key + "#" + Long.MAX_VALUE)
                .equals(key + "#" + Long.MAX_VALUE)) {
            throw new IllegalStateException(
                    "connector '"
                            + id
                            + "': "
                            + run.position()
                            + ": the file's name is too long for its position to be kept (1000 characters with its size and time); rename it");
        }
        String stored =
                preview ? null : cursors.loadState(run.stream).map(CursorState::value).orElse(null);
        if (key.equals(stored)) {
            // loaded whole since the idempotent consumer looked: nothing to do
            run.finish();
            exchange.setProperty(SyncRun.PAGE_PENDING, Boolean.FALSE);
            exchange.setRouteStop(true);
            return;
        }
        outcomes.started(id, run);
        long resume = 0;
        if (stored != null && stored.startsWith(key + "#")) {
            run.cursorFrom = stored;
            resume = Long.parseLong(stored.substring(key.length() + 1));
        }
        FormatSettings settings = format != null ? format : byName(name);
        InputStream in = exchange.getMessage().getMandatoryBody(InputStream.class);
        try {
            run.reader =
                    settings.open(
                            in,
                            settings.kind() == FormatSettings.Kind.XML ? charset : charsetOrUtf8());
        } catch (IOException | RuntimeException e) {
            throw unreadable(run, settings, e);
        }
        skip(run, resume, settings);
        readChunk(exchange, run, settings);
        exchange.setProperty(FORMAT_USED, settings);
    }

    private static final String FORMAT_USED = "tributary.fileFormat";

    private Charset charsetOrUtf8() {
        return charset != null
                ? charset
                : Charset.forName(ConnectorParameters.CHARSET.defaultValue());
    }

    /** The format a file is read in: the connector's, or for {@code auto} by its name. */
    FormatSettings formatFor(String name) {
        return format != null ? format : byName(name);
    }

    /** The charset a file of this format is read in (null: an XML file's own declaration). */
    Charset charsetFor(FormatSettings settings) {
        return settings.kind() == FormatSettings.Kind.XML ? charset : charsetOrUtf8();
    }

    /** Format {@code auto}: by the file's name, a {@code .gz} after it allowed. */
    private FormatSettings byName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        String kind =
                n.endsWith(".csv")
                        ? "csv"
                        : n.endsWith(".jsonl") || n.endsWith(".ndjson")
                                ? "jsonl"
                                : n.endsWith(".json") ? "json" : n.endsWith(".xml") ? "xml" : null;
        if (kind == null) {
            throw new IllegalArgumentException(
                    "connector '"
                            + id
                            + "': parameter 'format' value 'auto': the file '"
                            + name
                            + "' ends in none of .csv, .jsonl, .ndjson, .json, .xml (each also .gz); name the format, or narrow include");
        }
        if ((kind.equals("json") || kind.equals("xml")) && value("recordsPath") == null) {
            throw new IllegalArgumentException(
                    "connector '"
                            + id
                            + "': parameter 'recordsPath' is required for the "
                            + kind
                            + " file '"
                            + name
                            + "': where its records are");
        }
        return formatSettings(id, kind);
    }

    /** Reads past the items a run before committed: they are in, and are not sent again. */
    private void skip(FileRun run, long items, FormatSettings settings) {
        run.resumedAt = items;
        while (run.read < items) {
            Chunk chunk;
            try {
                chunk = run.reader.next((int) Math.min(recordsPerPage, items - run.read));
            } catch (IOException | RuntimeException e) {
                throw unreadable(run, settings, e);
            }
            run.read += chunk.size();
            if (chunk.last() && run.read <= items) {
                throw new IllegalStateException(
                        "connector '"
                                + id
                                + "': "
                                + run.position()
                                + ": the file ends before its committed position ("
                                + items
                                + " records); it changed without its size or time changing");
            }
        }
        if (items > 0) {
            LOG.info(
                    "connector={} file={} resumes after the {} records committed before",
                    id,
                    run.file,
                    items);
        }
    }

    private void readChunk(Exchange exchange, FileRun run, FormatSettings settings) {
        Chunk chunk;
        try {
            chunk = run.reader.next(recordsPerPage);
        } catch (IOException | RuntimeException e) {
            throw unreadable(run, settings, e);
        }
        run.read += chunk.size();
        run.records += chunk.size();
        run.pendingLast = chunk.last();
        run.pendingId = chunk.last() ? run.key : run.key + "#" + run.read;
        if (chunk.rejected().isEmpty()) {
            exchange.removeProperty(PageContract.REJECTED);
        } else {
            exchange.setProperty(PageContract.REJECTED, chunk.rejected());
        }
        exchange.getMessage().setBody(chunk.records());
        exchange.setProperty(SyncRun.PAGE_PENDING, Boolean.TRUE);
    }

    private RuntimeException unreadable(FileRun run, FormatSettings settings, Exception e) {
        // the reader's messages say where and why, never the file's text
        return new io.tributary.http.SourceResponseException(
                masker.mask(
                        "connector '"
                                + id
                                + "': "
                                + run.position()
                                + " is not readable as "
                                + settings.kind().key()
                                + ": "
                                + e.getMessage()));
    }

    /** The page read last goes to the sink: its records, its stream, how far into the file. */
    public void toSink(Exchange exchange) {
        FileRun run = run(exchange);
        exchange.removeProperty(PageContract.ACK); // an ack copied forward never answers this page
        PageContract.set(exchange, PageContract.EVENT, PageContract.PAGE);
        PageContract.set(exchange, PageContract.STREAM, run.stream);
        PageContract.set(exchange, PageContract.MESSAGE_ID, run.pendingId);
    }

    /**
     * After {@code to: kamelet:sink}: the sink acknowledged the page, else the file fails (a step
     * dropped it or swallowed the sink's failure) with its position at the last committed page.
     */
    public void acknowledged(Exchange exchange) {
        FileRun run = run(exchange);
        PageContract.PageAck ack =
                exchange.getProperty(PageContract.ACK, PageContract.PageAck.class);
        if (ack == null || !PageContract.PAGE.equals(ack.event())) {
            throw notAcknowledged(run.position());
        }
        exchange.removeProperty(PageContract.ACK);
        run.pages++;
        run.rows += ack.rows();
        run.deadLetters += ack.deadLetters();
        run.deleted += ack.deleted(); // deletes at the source, as committed
        run.children += ack.children(); // the schema's child tables
        run.committedId = run.pendingId;
        // a preview ends the file after the pages it shows; the rest stays unread
        run.lastCommitted = run.pendingLast || (preview && run.pages >= previewPages);
    }

    private IllegalStateException notAcknowledged(String what) {
        return new IllegalStateException(
                "connector '"
                        + id
                        + "': "
                        + what
                        + " was not acknowledged by the sink: a step between the source and the sink "
                        + "dropped it (e.g. a filter) or handled a failure; filter records with the "
                        + "schema's filter or a step that keeps the page, not by dropping the page");
    }

    /** The file's next page, or the end of its pages (property {@value SyncRun#PAGE_PENDING}). */
    public void nextChunk(Exchange exchange) {
        FileRun run = run(exchange);
        if (run.lastCommitted) {
            run.close();
            exchange.setProperty(SyncRun.PAGE_PENDING, Boolean.FALSE);
            return;
        }
        readChunk(exchange, run, exchange.getProperty(FORMAT_USED, FormatSettings.class));
    }

    /** After the file's last page: event {@code end}. */
    public void endOfFile(Exchange exchange) {
        FileRun run = run(exchange);
        exchange.removeProperty(PageContract.ACK);
        exchange.removeProperty(PageContract.MESSAGE_ID);
        exchange.removeProperty(PageContract.REJECTED);
        exchange.getMessage().removeHeader(PageContract.MESSAGE_ID);
        exchange.getMessage().setBody(null);
        PageContract.set(exchange, PageContract.EVENT, PageContract.END);
        PageContract.set(exchange, PageContract.STREAM, run.stream);
    }

    /** Last step: the sink finished; the file's summary line and outcome. */
    public void finishFile(Exchange exchange) {
        FileRun run = run(exchange);
        PageContract.PageAck ack =
                exchange.getProperty(PageContract.ACK, PageContract.PageAck.class);
        if (ack == null || !PageContract.END.equals(ack.event())) {
            throw notAcknowledged("the end of " + run.position().replaceFirst(" page \\d+$", ""));
        }
        exchange.removeProperty(PageContract.ACK);
        end(run, null, null);
    }

    /**
     * The file failed (the route's {@code doCatch}): its summary line and outcome, then the failure
     * again, so Camel leaves the file (or moves it to {@code moveFailed}) and the next look resumes
     * it.
     */
    public void failFile(Exchange exchange) throws Exception {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        FileRun run = exchange.getProperty(FileRun.PROPERTY, FileRun.class);
        if (run != null) {
            end(
                    run,
                    run.position()
                            + ": "
                            + describe(cause)
                            + "; the file stays, and the next look resumes it after its last committed page",
                    cause);
        }
        throw cause != null
                ? cause
                : new IllegalStateException("connector '" + id + "': the file failed");
    }

    /**
     * A step that stopped the exchange, or swallowed a failure, ends it before the file's end: the
     * run fails, and so does the exchange, before Camel's own on-completion (which runs after this
     * one) would move a file not wholly loaded.
     */
    private void guard(Exchange exchange, FileRun run) {
        exchange.getExchangeExtension()
                .addOnCompletion(
                        new org.apache.camel.support.SynchronizationAdapter() {
                            @Override
                            public void onComplete(Exchange done) {
                                if (!run.finished()) {
                                    String why =
                                            run.position()
                                                    + ": the file ended before the sink acknowledged its pages (a step between "
                                                    + "the source and the sink stopped the exchange or handled a failure); "
                                                    + "its position stays at the last committed page";
                                    end(run, why, null);
                                    done.setException(
                                            new IllegalStateException(
                                                    "connector '" + id + "': " + why));
                                }
                            }

                            @Override
                            public void onFailure(Exchange done) {
                                run.close();
                            }
                        });
    }

    /** A look that found no file ({@code once}): a run of no files, so {@code --once} ends. */
    private void idle(Exchange exchange) {
        SyncOutcome outcome =
                new SyncOutcome(
                        id, true, java.time.Instant.now(), Duration.ZERO, 0, 0, 0, 0, null, null);
        io.tributary.metrics.SyncLog.summaryWith(
                outcome, SyncRun.newId(), null, java.util.Map.of("files", 0));
        outcomes.record(outcome);
        exchange.setProperty(SyncRun.PAGE_PENDING, Boolean.FALSE);
        exchange.setRouteStop(true);
    }

    private String describe(Throwable cause) {
        if (cause != null
                && cause.getMessage() != null
                && cause.getMessage().startsWith("connector '" + id + "': ")) {
            return masker.mask(cause.getMessage().substring(("connector '" + id + "': ").length()));
        }
        return FailureDescription.of(cause, masker);
    }

    /** Ends the run once: summary line (with the file), outcome. */
    private void end(FileRun run, String error, Throwable cause) {
        if (!run.finish()) {
            return;
        }
        if (cause != null) {
            ConnectorMetrics.of(context).failure(id, cause);
        }
        SyncOutcome outcome =
                new SyncOutcome(
                        id,
                        error == null,
                        run.startedAt,
                        Duration.ofNanos(System.nanoTime() - run.startNanos),
                        run.pages,
                        run.records,
                        run.rows,
                        run.deadLetters,
                        run.committedId,
                        error == null ? null : masker.mask(error));
        // the summary line every source writes, with the file (logfmt-quoted: names have spaces)
        java.util.Map<String, Object> file = new java.util.LinkedHashMap<>();
        file.put(io.tributary.metrics.SyncLog.CURSOR_FROM, run.cursorFrom);
        file.put("file", run.file);
        if (run.resumedAt > 0) {
            file.put("resumed_after", run.resumedAt);
        }
        if (run.deleted > 0) {
            file.put("deleted", run.deleted); // deletes at the source, as committed
        }
        if (run.children > 0) {
            file.put("children", run.children); // the schema's child tables
        }
        io.tributary.metrics.SyncLog.summaryWith(
                outcome,
                run.id,
                cause == null
                        ? io.tributary.metrics.ErrorType.OTHER
                        : io.tributary.metrics.ErrorType.of(cause),
                file);
        outcomes.record(outcome);
    }

    private FileRun run(Exchange exchange) {
        FileRun run = exchange.getProperty(FileRun.PROPERTY, FileRun.class);
        if (run == null) {
            throw new IllegalStateException(
                    "connector '"
                            + id
                            + "': no file in progress; the route must call startFile first");
        }
        return run;
    }

    public String getId() {
        return id;
    }

    /** The file the last look began (preview names it); null before the first. */
    public String lastFile() {
        return lastFile;
    }

    // ---- check ----

    /**
     * For {@code check}: the folder listed (local: it exists and can be read; SFTP: one login with
     * the consumer's credentials and host key check), the files {@code include} matches counted,
     * and the first one's first page read in its format. Nothing moved, written or locked; no
     * position read.
     *
     * @throws Exception what is wrong: {@link #describeProbe} words it (secrets masked)
     */
    public FileSourceProbe.Result probe() throws Exception {
        initialize();
        io.tributary.schema.TargetSchema target =
                schema == null
                        ? null
                        : io.tributary.schema.TargetSchema.load(java.nio.file.Path.of(schema));
        FileSourceProbe probe = new FileSourceProbe(this, id);
        return sftp()
                ? probe.sftp(context, consumerUri(), target, recordsPerPage)
                : probe.local(target, recordsPerPage);
    }

    /** The reason a probe failed, in words, starting with the connector; secrets masked. */
    public String describeProbe(Throwable failure) {
        String own = "connector '" + id + "': ";
        if (failure.getMessage() != null && failure.getMessage().startsWith(own)) {
            return masker.mask(failure.getMessage());
        }
        if (sftp()) {
            return masker.mask(own + FileSourceProbe.sftpWords(this, failure));
        }
        return own + FailureDescription.of(failure, masker);
    }

    // ---- parameters ----

    /** A parameter's value as given (trimmed; blank: not given), else its declared default. */
    String value(String name) {
        return settings.value(name);
    }

    @Override
    public void setCamelContext(CamelContext context) {
        this.context = context;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    /** The route that uses the Kamelet (camel-kamelet's parentRouteId): the default id. */
    public void setCallingRoute(String callingRoute) {
        settings.callingRoute(callingRoute);
    }

    public void setConnector(String v) {
        settings.put("connector", v);
    }

    public void setDirectory(String v) {
        settings.put("directory", v);
    }

    public void setHost(String v) {
        settings.put("host", v);
    }

    public void setPort(String v) {
        settings.put("port", v);
    }

    public void setUsername(String v) {
        settings.put("username", v);
    }

    public void setPassword(String v) {
        settings.put("password", v);
    }

    public void setPrivateKeyFile(String v) {
        settings.put("privateKeyFile", v);
    }

    public void setPrivateKeyPassphrase(String v) {
        settings.put("privateKeyPassphrase", v);
    }

    public void setKnownHostsFile(String v) {
        settings.put("knownHostsFile", v);
    }

    public void setStrictHostKeyChecking(String v) {
        settings.put("strictHostKeyChecking", v);
    }

    public void setInclude(String v) {
        settings.put("include", v);
    }

    public void setRecursive(String v) {
        settings.put("recursive", v);
    }

    public void setMove(String v) {
        settings.put("move", v);
    }

    public void setMoveFailed(String v) {
        settings.put("moveFailed", v);
    }

    public void setNoop(String v) {
        settings.put("noop", v);
    }

    public void setReadLock(String v) {
        settings.put("readLock", v);
    }

    public void setDelay(String v) {
        settings.put("delay", v);
    }

    public void setOnce(String v) {
        settings.put("once", v);
    }

    public void setFormat(String v) {
        settings.put("format", v);
    }

    public void setRecordsPerPage(String v) {
        settings.put("recordsPerPage", v);
    }

    public void setCsvDelimiter(String v) {
        settings.put("csvDelimiter", v);
    }

    public void setCsvQuote(String v) {
        settings.put("csvQuote", v);
    }

    public void setCsvColumns(String v) {
        settings.put("csvColumns", v);
    }

    public void setXmlNamespaces(String v) {
        settings.put("xmlNamespaces", v);
    }

    public void setCompression(String v) {
        settings.put("compression", v);
    }

    public void setRecordsPath(String v) {
        settings.put("recordsPath", v);
    }

    public void setCharset(String v) {
        settings.put("charset", v);
    }
}
