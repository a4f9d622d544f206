package io.tributary.cli;

import java.util.List;
import java.util.Map;

/**
 * What one replay of a connector's cassette did ({@code tributary test}): its sync's outcome, the
 * rows of its table in the in-memory database, the cursor after the sync, its dead letters' reasons
 * and the requests the cassette could not answer.
 *
 * @param table the table the rows are from; null when the sync made none
 * @param rows each row as column (lower case) to value, in key order
 */
public record ReplayResult(
        String connector,
        boolean success,
        String error,
        String cursor,
        String table,
        List<Map<String, Object>> rows,
        List<String> deadLetterReasons,
        List<String> unmatched) {}
