package io.tributary.connector;

import io.tributary.config.ConnectorConfigException;
import io.tributary.paging.Pagination;
import io.tributary.state.JdbcCursorStore;
import java.util.Map;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's start: one at a time per connector, the slice's stream key and its stored cursor (a full
 * refresh reads from {@code cursorStart} again), the lookback and the first window, and the sink's
 * staging.
 */
final class RunStart {
    // the connector's own logger, as before the start was a class of its own
    private static final Logger LOG = LoggerFactory.getLogger(Connector.class);

    private final Connector connector;
    private final String id;
    private final JdbcCursorStore cursorStore;
    private final CursorAdvance advance; // null without a cursorField
    private final ConnectorPaging extras;
    private final ParentSlices parents;
    private final PageCommit commit;
    private final PageHandOff handOff;
    private final boolean fullRefresh;
    private final String cursorStart; // null when unset
    private final Pagination paging;
    private final Function<String, Comparable<Object>> parseCursor;

    /**
     * Property of a trigger's exchange (its split's copies share it): the trigger whose slices may
     * run at once, while another trigger's are skipped.
     */
    private static final String TRIGGER = "tributary.trigger";

    private Object runningFor; // the trigger whose runs are going on, or null; guarded by this
    private int runs; // how many of them; guarded by this

    RunStart(
            Connector connector,
            JdbcCursorStore cursorStore,
            CursorAdvance advance,
            ConnectorPaging extras,
            ParentSlices parents,
            PageCommit commit,
            PageHandOff handOff,
            boolean fullRefresh,
            String cursorStart,
            Pagination paging,
            Function<String, Comparable<Object>> parseCursor) {
        this.connector = connector;
        this.id = connector.getId();
        this.cursorStore = cursorStore;
        this.advance = advance;
        this.extras = extras;
        this.parents = parents;
        this.commit = commit;
        this.handOff = handOff;
        this.fullRefresh = fullRefresh;
        this.cursorStart = cursorStart;
        this.paging = paging;
        this.parseCursor = parseCursor;
    }

    /** See {@link Connector#startRun}. */
    void startRun(Exchange exchange) {
        if (!begin(exchange.getProperty(TRIGGER))) {
            LOG.warn(
                    "connector={} is still running its previous sync; this trigger is skipped", id);
            exchange.setRouteStop(true);
            return;
        }
        try {
            Object body = exchange.getMessage().getBody();
            // a slice of the template's split; a route written in full may still name its parent in
            // the header
            WindowPlan.Window window = body instanceof WindowPlan.Window w ? w : null;
            PagePlan.Slice pages = body instanceof PagePlan.Slice p ? p : null;
            ParentSlices.Slice slice =
                    body instanceof ParentSlices.Slice
                            ? (ParentSlices.Slice) body
                            : extras.parentOf(exchange) == null
                                    ? ParentSlices.Slice.NONE
                                    : new ParentSlices.Slice(extras.parentOf(exchange), Map.of());
            String parent = slice.key();
            String key =
                    parent == null
                            ? id
                            : id + "/" + parent; // a child stream keeps one cursor per parent
            // a full refresh reads everything again: it starts where the very first sync did
            io.tributary.state.CursorState stored =
                    advance == null || fullRefresh ? null : cursorStore.loadState(key).orElse(null);
            String cursor =
                    stored != null && stored.value() != null
                            ? stored.value()
                            : advance == null ? null : cursorStart;
            CursorAdvance.Progress at =
                    new CursorAdvance.Progress(
                            cursor, cursor == null ? null : parseCursor.apply(cursor));
            if (stored != null) {
                at.sourceText = stored.value() == null ? null : stored.sourceText();
                at.frontier = io.tributary.state.Frontier.decode(stored.frontier());
                at.storedFrontier = at.frontier.copy();
            }
            // a parent's values, like the cursor, go in as each request is built (RequestTemplate)
            ParentSlices.Target target =
                    new ParentSlices.Target(slice, key, extras.baseUrl(parent));
            // numbered pages at once: a slice after the first waits here for the first page's total
            PagePlan.SlicePager claimed = pages == null ? null : pages.plan().pager(pages);
            SyncRun run =
                    new SyncRun(connector, target, at, claimed == null ? paging.begin() : claimed);
            if (pages != null) {
                run.sync = pages.plan().sync;
            }
            extras.start(run);
            if (window != null) {
                WindowPlan.readOnly(run, window); // one of the sync's windows at once
            }
            if (at.value != null
                    && advance != null
                    && at.requestText != null
                    && at.requestText.equals(cursor)) {
                at.requestText =
                        advance.requestText(cursor, at.sourceText, at.value); // no lookback applied
            }
            commit.startSync(key);
            exchange.setProperty(SyncRun.PROPERTY, run);
            exchange.setProperty(SyncRun.MORE, claimed == null || claimed.hasPage());
            handOff.started(exchange, run);
            connector.began(run, exchange.getProperty(TRIGGER));
        } catch (RuntimeException e) {
            ended();
            throw e;
        }
        String routeId =
                org.apache.camel.support.ExchangeHelper.getRouteId(
                        exchange); // the route running this step (a driver route may call it via
        // direct:)
        if (routeId == null) {
            routeId = exchange.getFromRouteId();
        }
        if (routeId != null
                && !routeId.equals(id)
                && !connector.isKamelet()) { // a Kamelet's route is its own
            // fails this run through the error policy, recorded under the connector's id
            throw new ConnectorConfigException(
                    id,
                    "id",
                    id,
                    "must equal the id of the route that runs it ('" + routeId + "')");
        }
    }

    /**
     * Date windows at once ({@code window}, {@code concurrency}): this sync's windows, from the
     * stored cursor (else {@code cursorStart}) to now.
     */
    WindowPlan planWindows() {
        io.tributary.state.CursorState stored =
                fullRefresh ? null : cursorStore.loadState(id).orElse(null);
        String cursor = stored != null && stored.value() != null ? stored.value() : cursorStart;
        return extras.plan(parseCursor.apply(cursor), cursor);
    }

    /** A run from a cursor, for what its first request would send ({@code tributary check}). */
    SyncRun probe(String cursor) {
        return new SyncRun(
                connector,
                new ParentSlices.Target(ParentSlices.Slice.NONE, id, null),
                new CursorAdvance.Progress(cursor, parseCursor.apply(cursor)),
                paging.begin());
    }

    /** Marks the exchange as one trigger, whose slices (its split's copies) may overlap. */
    void trigger(Exchange exchange) {
        exchange.setProperty(TRIGGER, new Object());
    }

    /**
     * Whether a run may begin: none is going on, or only runs of the same trigger (its slices, with
     * {@code concurrency}). A run without a trigger (a route written in full) is a trigger of its
     * own.
     */
    private synchronized boolean begin(Object trigger) {
        if (runs > 0 && (trigger == null || trigger != runningFor)) {
            return false;
        }
        runningFor = trigger;
        runs++;
        return true;
    }

    /** The run ended (its summary line is out): the next trigger may start another. */
    synchronized void ended() {
        if (runs > 0 && --runs == 0) {
            runningFor = null;
        }
    }
}
