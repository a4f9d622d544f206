package io.tributary.connector;

import io.tributary.config.ConnectorConfigException;
import java.util.function.UnaryOperator;

/**
 * Parameter {@code concurrency}: how many slices of one trigger (the parents of a child stream, or
 * a backfill's date windows: {@link WindowPlan}) run at once. Slices are independent runs (each its
 * own stream, cursor row and summary line), so they may overlap; the pages of one stream may not:
 * their positions (cursor, next link, token) come from the page before. Everything a slice shares
 * with the others is the connector's: the sink, which takes one page at a time ({@link
 * Connector#receive}), the rate budget and the API's rate-limit signals ({@code
 * ratelimit.RateLimiter}, already shared by the processes of a budget).
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
            String id, UnaryOperator<String> value, boolean declaresParents, boolean windowed) {
        String text = value.apply("concurrency");
        int n = Integer.parseInt(text.trim()); // an integer >= 1: ParameterChecks
        if (n > MAX) {
            throw new ConnectorConfigException(
                    id, "concurrency", text, "must be at most " + MAX + " slices at once");
        }
        if (n == 1) {
            return n;
        }
        String why = null;
        if (!declaresParents && !windowed) {
            why =
                    "runs the slices of a child stream (parent or parentQuery), or the date windows of"
                            + " a backfill (window), at once; the pages of one stream are read in order,"
                            + " since each page's position (cursor, next link, token) comes from the page"
                            + " before";
        } else if (!declaresParents && "append".equals(value.apply("writeMode"))) {
            why =
                    "cannot read date windows at once with writeMode append: a crash re-reads the"
                            + " windows after the last contiguous committed one, which an upsert absorbs"
                            + " and an append would load twice";
        } else if (!"jdbc".equals(value.apply("sink"))) {
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
}
