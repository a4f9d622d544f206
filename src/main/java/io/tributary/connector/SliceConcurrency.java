package io.tributary.connector;

import io.tributary.config.ConnectorConfigException;
import java.util.function.UnaryOperator;

/**
 * Parameter {@code concurrency}: how many slices of one trigger (the parents of a child stream, a
 * backfill's date windows: {@link WindowPlan}, or the runs sharing one stream's numbered pages:
 * {@link PagePlan}) run at once. Slices are independent runs (each its own stream, cursor row and
 * summary line), so they may overlap; the pages of one stream may not: their positions (cursor,
 * next link, token) come from the page before. Everything a slice shares with the others is the
 * connector's: the sink, which takes one page at a time ({@link Connector#receive}), the rate
 * budget and the API's rate-limit signals ({@code ratelimit.RateLimiter}, already shared by the
 * processes of a budget).
 */
final class SliceConcurrency {
    /** The most slices at once: an API's connection limits, not the machine's, bound it. */
    static final int MAX = 32;

    /**
     * Exchange property set by {@code slices} when the trigger's slices run at once: the route then
     * takes its parallel split.
     */
    static final String PARALLEL = "tributary.parallelSlices";

    private SliceConcurrency() {}

    /**
     * The checked value; a value above {@link #MAX}, or above 1 where slices cannot overlap, stops
     * start-up naming the parameter and why.
     */
    static int check(
            String id,
            UnaryOperator<String> value,
            boolean declaresParents,
            boolean windowed,
            Pages pages) {
        String text = value.apply("concurrency");
        int n = Integer.parseInt(text.trim()); // an integer >= 1: ParameterChecks
        if (n > MAX) {
            throw new ConnectorConfigException(
                    id, "concurrency", text, "must be at most " + MAX + " slices at once");
        }
        if (n == 1) {
            return n;
        }
        String style = value.apply("pagination");
        boolean numbered = "page-number".equals(style) || "offset".equals(style);
        String why = null;
        if (!declaresParents && !windowed && !numbered) {
            why =
                    "runs the slices of a child stream (parent or parentQuery), the date windows of"
                            + " a backfill (window), or numbered pages with a total at once; the pages"
                            + " of one stream are read in order, since each page's position (cursor,"
                            + " next link, token) comes from the page before";
        } else if (!declaresParents && !windowed) {
            why = numberedRefusal(style, value, pages);
        } else if (!declaresParents && "append".equals(value.apply("writeMode"))) {
            why =
                    "cannot read date windows at once with writeMode append: a crash re-reads the"
                            + " windows after the last contiguous committed one, which an upsert absorbs"
                            + " and an append would load twice";
        }
        if (why != null) {
            throw new ConnectorConfigException(id, "concurrency", text, why);
        }
        if (!"jdbc".equals(value.apply("sink"))) {
            why =
                    "needs sink jdbc: a file sink's open files belong to the connector, one slice at a"
                            + " time";
        } else if ("replace".equals(value.apply("writeMode"))) {
            why =
                    "cannot run with writeMode replace: its staging table belongs to the connector,"
                            + " one slice at a time";
        } else if ("true".equalsIgnoreCase(String.valueOf(value.apply("deleteMissing")).trim())) {
            why =
                    "cannot run with deleteMissing: its key scan belongs to the connector, one slice"
                            + " at a time";
        }
        if (why != null) {
            throw new ConnectorConfigException(id, "concurrency", text, why);
        }
        return n;
    }

    /** Why numbered pages or offsets cannot be read at once, or null when they can. */
    private static String numberedRefusal(String style, UnaryOperator<String> value, Pages pages) {
        if (pages.cursorInRequest()) {
            return "cannot read numbered pages at once with a cursor parameter (cursorParam or"
                    + " {cursor}): each committed page moves the cursor and the pages restart at the"
                    + " first from there, so their positions are not known in advance; read date"
                    + " windows at once instead (window)";
        }
        if ("true".equalsIgnoreCase(String.valueOf(value.apply("clientFilter")).trim())) {
            return "cannot read numbered pages at once with clientFilter: it stops at the first page"
                    + " older than the cursor, and pages read at once come in any order";
        }
        if (!pages.total()) {
            return "reads numbered pages at once only when the first page tells the total ("
                    + ("offset".equals(style) ? "totalPath" : "totalPagesPath")
                    + "): without it the pages' positions are not known in advance, the end is an"
                    + " empty page; or read the date windows of a backfill (window) at once";
        }
        if ("append".equals(value.apply("writeMode"))) {
            return "cannot read numbered pages at once with writeMode append: a crash or a retry"
                    + " re-reads pages, which an upsert absorbs and an append would load twice";
        }
        return null;
    }

    /**
     * What the check needs of a stream's numbered pages: whether the first page tells the total
     * ({@link PagePlan#fits}), whether requests carry the cursor.
     */
    record Pages(boolean total, boolean cursorInRequest) {}
}
