package io.tributary.cli;

import io.tributary.metrics.SyncOutcomes;
import io.tributary.state.JdbcCursorStore;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;

/**
 * {@code tributary state show [CONNECTOR]} prints each connector's cursor, when it last moved, its
 * dead letters and its schema version ({@link io.tributary.sink.SchemaVersions}); {@code tributary
 * state reset CONNECTOR} forgets a connector's cursor, so its next sync starts from its {@code
 * cursorStart} (rows already loaded stay; the upsert absorbs the re-read).
 */
public final class StateCommand implements Command {
    private final PrintStream out;
    private final Options options;

    public StateCommand(PrintStream out, Options options) {
        this.out = out;
        this.options = options;
    }

    @Override
    public int run(CamelContext context) throws SQLException {
        JdbcCursorStore cursors =
                context.getRegistry()
                        .lookupByNameAndType("tributaryCursorStore", JdbcCursorStore.class);
        Set<String> known =
                new TreeSet<>(
                        context.getRegistry()
                                .lookupByNameAndType("tributarySyncOutcomes", SyncOutcomes.class)
                                .connectors());
        cursors.ensureTable();
        Set<String> stored = new TreeSet<>(stored(cursors.dataSource()));
        Set<String> all = new TreeSet<>(known);
        all.addAll(stored);
        for (String name : options.connectors) {
            // a kamelet sink's connector has rows only for its streams ("connector/<file>"), none
            // of its own
            if (!all.contains(name) && stored.stream().noneMatch(k -> k.startsWith(name + "/"))) {
                System.err.println(
                        "tributary: connector '"
                                + name
                                + "' is neither in the route files nor in the cursor table; known: "
                                + all);
                return ExitCodes.BAD_USAGE;
            }
        }
        if (options.action == Options.Action.STATE_RESET) {
            String connector = options.connectors.get(0);
            String before = cursors.load(connector).orElse(null);
            long perParent = stored.stream().filter(k -> k.startsWith(connector + "/")).count();
            cursors.reset(connector);
            out.println(
                    "connector '"
                            + connector
                            + "': cursor reset (was "
                            + (before == null ? "none" : before)
                            + (perParent > 0 ? ", and " + perParent + " per-parent cursor(s)" : "")
                            + "); its next sync starts from its cursorStart");
            return ExitCodes.OK;
        }
        List<String[]> rows = new ArrayList<>();
        Set<String> shown = new TreeSet<>(options.connectors);
        for (String name : options.connectors) {
            stored.stream()
                    .filter(k -> k.startsWith(name + "/"))
                    .forEach(shown::add); // its streams' rows too
        }
        for (String connector : options.connectors.isEmpty() ? all : shown) {
            int slash =
                    connector.indexOf(
                            '/'); // a child stream's cursor for one parent: "connector/parentId"
            rows.add(
                    row(
                            cursors.dataSource(),
                            connector,
                            known.contains(slash < 0 ? connector : connector.substring(0, slash))));
        }
        List<Object[]> cells = new ArrayList<>(rows);
        out.print(
                PreviewCommand.table(
                        List.of(
                                "connector",
                                "cursor",
                                "cursor_updated_at",
                                "dead_letters",
                                "last_dead_letter_at",
                                "schema_version",
                                "in_routes"),
                        cells));
        return ExitCodes.OK;
    }

    private static List<String> stored(DataSource ds) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = ds.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT connector FROM tributary_cursors");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static String[] row(DataSource ds, String connector, boolean inRoutes)
            throws SQLException {
        String cursor = "-";
        String updated = "-";
        String letters = "0";
        String lastLetter = "-";
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps =
                    c.prepareStatement(
                            "SELECT cursor_value, updated_at FROM tributary_cursors WHERE connector = ?")) {
                ps.setString(1, connector);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        cursor = rs.getString(1);
                        updated = String.valueOf(rs.getObject(2, java.time.OffsetDateTime.class));
                    }
                }
            }
            try (PreparedStatement ps =
                    c.prepareStatement(
                            "SELECT COUNT(*), MAX(failed_at) FROM tributary_dead_letters WHERE connector = ?")) {
                ps.setString(1, connector);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        letters = Long.toString(rs.getLong(1));
                        Object last = rs.getObject(2);
                        lastLetter = last == null ? "-" : last.toString();
                    }
                }
            } catch (SQLException e) {
                letters = "0"; // no dead letters table yet: nothing was ever rejected
            }
        }
        int slash = connector.indexOf('/'); // a stream's schema is its connector's
        int version =
                io.tributary.sink.SchemaVersions.current(
                                ds, slash < 0 ? connector : connector.substring(0, slash))
                        .number();
        return new String[] {
            connector,
            cursor,
            updated,
            letters,
            lastLetter,
            Integer.toString(version),
            inRoutes ? "yes" : "no"
        };
    }
}
