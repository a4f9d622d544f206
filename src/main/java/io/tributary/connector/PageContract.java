package io.tributary.connector;

/**
 * The names of the page contract between a source and a sink (docs/ARCHITECTURE.md, "Page
 * contract"): what a page exchange carries besides its records, and the acknowledgement a sink puts
 * on it. Each name is read as a header first, then as an exchange property.
 */
public final class PageContract {
    private PageContract() {}

    /**
     * {@code page} (the default), {@code end} (the sync succeeded: publish) or {@code abandon} (it
     * failed: discard).
     */
    public static final String EVENT = "tributary.event";

    /**
     * The stream the page belongs to: the cursor row's key. Default: the connector, or {@code
     * connector/<file>} for a file.
     */
    public static final String STREAM = "tributary.stream";

    /** The page's message id: stored with the page's rows, so the same id is never loaded twice. */
    public static final String MESSAGE_ID =
            io.tributary.state.CommittedMessageRepository.MESSAGE_ID;

    /**
     * Property: the lines or records of the page the source could not read (a {@code List} of
     * {@link io.tributary.format.BadRecord}: a broken CSV line, a JSON Lines line that is not
     * JSON), which the sink commits as dead letters with the page's rows, each naming its line and
     * why.
     */
    public static final String REJECTED = "tributary.rejected";

    /** Property the sink sets, once what the page asked is done: a {@link PageAck}. */
    public static final String ACK = "tributary.ack";

    /**
     * Property: a {@link Position}, which the sink asks what to commit with the page's message id
     * once it has mapped the page (a bulk job keeps the highest cursor value it committed there).
     * Absent: the message id alone.
     */
    public static final String POSITION = "tributary.position";

    /** What a page's stream row holds with its message id; see {@link #POSITION}. */
    public interface Position {
        /**
         * @param messageId the message id as the row keeps it
         * @param batch the page mapped through the sink's schema; rows it already holds may be
         *     taken out
         * @return the row's state, its value the message id
         */
        io.tributary.state.CursorState at(String messageId, io.tributary.sink.PageBatch batch);
    }

    /**
     * A name of the contract on the exchange: its header, else its property (blank counts as
     * absent).
     */
    public static String read(org.apache.camel.Exchange exchange, String name) {
        Object v = exchange.getMessage().getHeader(name);
        if (v == null || v.toString().isBlank()) {
            v = exchange.getProperty(name);
        }
        return v == null || v.toString().isBlank() ? null : v.toString().trim();
    }

    /**
     * What a source sends: the header, which the route's steps see, and the property, which a step
     * that removes the headers (before an enrichment call, say) leaves in place.
     */
    static void set(org.apache.camel.Exchange exchange, String name, String value) {
        exchange.getMessage().setHeader(name, value);
        exchange.setProperty(name, value);
    }

    /**
     * The page's {@link #REJECTED} records as dead letters (field {@code $}, the reason naming the
     * line or record), empty when there are none.
     */
    static java.util.List<io.tributary.sink.DeadLetter> rejected(
            org.apache.camel.Exchange exchange) {
        Object v = exchange.getProperty(REJECTED);
        if (!(v instanceof java.util.List<?> list) || list.isEmpty()) {
            return java.util.List.of();
        }
        java.util.List<io.tributary.sink.DeadLetter> dead = new java.util.ArrayList<>(list.size());
        for (Object item : list) {
            if (item instanceof io.tributary.format.BadRecord bad) {
                // a quoting error leaves no text of its line (the parser stopped in it): the dead
                // letter keeps where and why, as its record must be something to key it by
                dead.add(
                        new io.tributary.sink.DeadLetter(
                                "$",
                                null,
                                bad.describe(),
                                bad.text() != null ? bad.text() : bad.describe()));
            }
        }
        return dead;
    }

    /** The failure for an event that is none of the three. */
    static IllegalArgumentException unknownEvent(String connector, String event) {
        return new IllegalArgumentException(
                "connector '"
                        + connector
                        + "': "
                        + EVENT
                        + " '"
                        + event
                        + "' is not page, end or abandon");
    }

    public static final String PAGE = "page";
    public static final String END = "end";
    public static final String ABANDON = "abandon";

    /**
     * What a sink did with one exchange. A sender removes {@link #ACK} before sending and checks it
     * after: a route's error handler may swallow a sink's exception, so no ack means not committed.
     *
     * @param event the event it answers
     * @param stream the stream the page was written to
     * @param status {@code committed} (rows, dead letters and position are in), {@code staged}
     *     ({@code replace}: in the staging table until {@code end}), {@code duplicate} (its message
     *     id was committed before: nothing written), {@code finished} ({@code end}: counts are the
     *     sync's), {@code abandoned}
     * @param rows rows committed (for {@code end}: by the whole sync); rows deletes at the source
     *     took out are not among them
     * @param deadLetters dead letters committed (likewise)
     * @param messageId the page's message id, or null
     * @param deleted rows deletes at the source deleted or marked (likewise)
     * @param children child-table rows written (likewise)
     */
    public record PageAck(
            String event,
            String stream,
            String status,
            int rows,
            int deadLetters,
            String messageId,
            long deleted,
            long children) {
        public PageAck(
                String event,
                String stream,
                String status,
                int rows,
                int deadLetters,
                String messageId) {
            this(event, stream, status, rows, deadLetters, messageId, 0, 0);
        }

        public boolean committed() {
            return !status.equals("staged") && !status.equals("abandoned");
        }
    }
}
