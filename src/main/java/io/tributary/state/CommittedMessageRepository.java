package io.tributary.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.camel.Exchange;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Camel's idempotent consumer over the messages a sink has committed: a key is a duplicate once a
 * page carrying it as its message id was written, because the sink stores the id in the cursor row
 * of the page's stream ({@code connector/<file>}) in the same transaction as the page's rows. So a
 * file re-read after a crash is either skipped (its rows are in) or loaded whole (none of them
 * are).
 *
 * <p>{@link #contains(Exchange, String)} also puts the key on the message as header {@value
 * #MESSAGE_ID}, so the sink stores exactly the key this repository looks for. {@link #add} and
 * {@link #remove} change nothing: only the sink's commit records a message. Use it with {@code
 * eager: false} (an eager add would call a message in progress a duplicate, and it records nothing
 * anyway):
 *
 * <pre>
 * - idempotentConsumer:
 *     simple: "${header.CamelFileName}:${header.CamelFileLength}:${header.CamelFileLastModified}"
 *     idempotentRepository: "#class:io.tributary.state.CommittedMessageRepository('orders-files')"
 *     eager: false
 * </pre>
 *
 * (CursorIdempotentRepository differs: its keys are cursor values ordered against one cursor.)
 */
public final class CommittedMessageRepository extends ServiceSupport
        implements IdempotentRepository, org.apache.camel.CamelContextAware {
    /** The page's message id, as the page contract names it. */
    public static final String MESSAGE_ID = "tributary.messageId";

    private static final int KEY_LIMIT = 200; // tributary_cursors.connector
    private static final int VALUE_LIMIT = 1000; // tributary_cursors.cursor_value
    private final String connector;
    private volatile JdbcCursorStore store;
    private volatile org.apache.camel.CamelContext camelContext;

    /**
     * For a route file: the store is the bound {@code tributaryCursorStore}, found when the route
     * starts.
     */
    public CommittedMessageRepository(String connector) {
        this(null, connector);
    }

    public CommittedMessageRepository(JdbcCursorStore store, String connector) {
        if (connector == null || connector.isBlank()) {
            throw new IllegalArgumentException(
                    "a CommittedMessageRepository needs the connector id its sink commits under");
        }
        this.store = store;
        this.connector = connector;
    }

    /** Binds the store when the repository was declared in a route file. */
    public void setStore(JdbcCursorStore store) {
        this.store = store;
    }

    @Override
    public boolean contains(Exchange exchange, String key) {
        exchange.getMessage().setHeader(MESSAGE_ID, key);
        return contains(key);
    }

    @Override
    public boolean contains(String key) {
        return store().holds(connector, storedValue(key));
    }

    @Override
    public boolean add(String key) {
        return !contains(key); // the sink's transaction stored it already, with the rows
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
        store().reset(connector);
    }

    private JdbcCursorStore store() {
        if (store == null) {
            org.apache.camel.CamelContext context = camelContext;
            if (context != null) {
                store =
                        context.getRegistry()
                                .lookupByNameAndType("tributaryCursorStore", JdbcCursorStore.class);
            }
            if (store == null) {
                throw new IllegalStateException(
                        "CommittedMessageRepository for connector '"
                                + connector
                                + "': no tributaryCursorStore bound; start it through io.tributary.Tributary");
            }
        }
        return store;
    }

    @Override
    public void setCamelContext(org.apache.camel.CamelContext context) {
        this.camelContext = context;
    }

    @Override
    public org.apache.camel.CamelContext getCamelContext() {
        return camelContext;
    }

    /**
     * The stream of a page read from a file: {@code connector/<file name>} (hashed when it would
     * not fit the key).
     */
    public static String fileStream(String connector, String fileName) {
        String key = connector + "/" + fileName;
        return key.length() <= KEY_LIMIT
                ? key
                : connector + "/#" + sha256(fileName).substring(0, 32);
    }

    /** A message id as the cursor row keeps it: itself, or its hash when longer than the column. */
    public static String storedValue(String messageId) {
        return messageId.length() <= VALUE_LIMIT ? messageId : "sha256:" + sha256(messageId);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256")
                                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
