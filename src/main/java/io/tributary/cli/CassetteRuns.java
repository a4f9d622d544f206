package io.tributary.cli;

import io.tributary.connector.FileSinkStep;
import io.tributary.http.CallTap;
import io.tributary.metrics.SyncOutcome;
import io.tributary.metrics.SyncOutcomes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;

/**
 * One sync of one connector for the test kit, as {@code run --once CONNECTOR} does it (its rate
 * budget, retries, masking), but into a throwaway in-memory H2 database instead of the configured
 * one: no stored cursor (so a recording and its replay ask the same requests from {@code
 * cursorStart}), no row in the user's target. Recording taps the calls to the real source; a replay
 * sends them to a {@link CassetteServer}, starting without the sources' secrets.
 */
final class CassetteRuns {
    /** Set on a replay: unset secrets read as stand-ins, as for {@code state}. */
    public static final String REPLAY_SETTING = "tributary.testkit.replay";

    private final Supplier<Launch> launches;
    private String lastProblem;

    CassetteRuns(Supplier<Launch> launches) {
        this.launches = launches;
    }

    String lastProblem() {
        return lastProblem;
    }

    /**
     * Settings of a start that touches only a fresh in-memory database and, for file sinks, the
     * folder {@code files} (removed after the start), never their {@code directory}.
     */
    static Map<String, String> throwawayTargets(boolean replay, Path files) {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put(FileSinkStep.TESTKIT_DIRECTORY, files.toString());
        // as the shipped default names tables (lower case); it closes ten seconds after the
        // start's pool let go of it, so nothing is left behind
        extra.put(
                "tributary.db.url",
                "jdbc:h2:mem:tributary-testkit-"
                        + UUID.randomUUID()
                        + ";DB_CLOSE_DELAY=10;DATABASE_TO_LOWER=TRUE");
        extra.put("tributary.db.user", "sa");
        extra.put("tributary.db.password", "");
        if (replay) {
            extra.put(REPLAY_SETTING, "true");
            extra.put("tributary.demo.enabled", "false");
        }
        return extra;
    }

    /** The route file of every connector the route files declare (id -> file). */
    Map<String, String> routeFiles(Options options) {
        try (ThrowawayFolder files = ThrowawayFolder.create()) { // file sinks make their folders
            Launch launch = launches.get();
            int exit =
                    launch.start(
                            options.discovery(),
                            throwawayTargets(true, files.path()),
                            context -> 0);
            if (exit != ExitCodes.OK) {
                lastProblem = launch.lastProblem();
                return null;
            }
            return launch.routeFiles().all();
        }
    }

    /** Records one sync; its calls, unscrubbed, or null when it failed (see lastProblem). */
    Recording record(Options options, String connector) {
        try (CallTap tap = CallTap.recording();
                ThrowawayFolder files = ThrowawayFolder.create()) {
            Launch launch = launches.get();
            Object[] found = new Object[2];
            int exit =
                    launch.start(
                            options.onceFor(connector),
                            throwawayTargets(false, files.path()),
                            context -> {
                                found[0] = outcome(context, connector);
                                found[1] = masker(context, connector);
                                return ExitCodes.OK;
                            });
            lastProblem = launch.lastProblem();
            SyncOutcome outcome = (SyncOutcome) found[0];
            return new Recording(
                    exit,
                    outcome,
                    (io.tributary.http.Masker) found[1],
                    launch.routeFiles().of(connector).orElse(null),
                    tap.calls());
        }
    }

    /**
     * What one recording run gave: its exit code, outcome, the connector's masker and the calls.
     */
    record Recording(
            int exit,
            SyncOutcome outcome,
            io.tributary.http.Masker masker,
            String routeFile,
            List<io.tributary.http.RecordedCall> calls) {}

    /** Replays a cassette; null when the start failed (see lastProblem). */
    @SuppressWarnings("try") // the tap works while installed: closing it is its use here
    ReplayResult replay(
            Options options,
            String connector,
            List<io.tributary.http.RecordedCall> calls,
            String table)
            throws java.io.IOException {
        try (CassetteServer server = new CassetteServer(calls);
                CallTap tap = CallTap.replayingTo(server.address());
                ThrowawayFolder files = ThrowawayFolder.create()) {
            Launch launch = launches.get();
            ReplayResult[] result = new ReplayResult[1];
            int exit =
                    launch.start(
                            options.onceFor(connector),
                            throwawayTargets(true, files.path()),
                            context -> {
                                result[0] =
                                        read(
                                                context,
                                                connector,
                                                table,
                                                server.unmatched(),
                                                files.path().resolve(connector));
                                return ExitCodes.OK;
                            });
            lastProblem = launch.lastProblem();
            if (result[0] == null && exit == ExitCodes.BAD_USAGE) {
                return null;
            }
            return result[0] != null
                    ? result[0]
                    : new ReplayResult(
                            connector,
                            false,
                            lastProblem == null ? "the sync did not finish" : lastProblem,
                            null,
                            null,
                            List.of(),
                            List.of(),
                            server.unmatched());
        }
    }

    private static SyncOutcome outcome(CamelContext context, String connector) {
        return context.getRegistry()
                .lookupByNameAndType("tributarySyncOutcomes", SyncOutcomes.class)
                .latest(connector)
                .orElse(null);
    }

    private static io.tributary.http.Masker masker(CamelContext context, String connector) {
        io.tributary.connector.Connector c =
                context.getRegistry()
                        .lookupByNameAndType(
                                "tributaryConnector:" + connector,
                                io.tributary.connector.Connector.class);
        return c == null ? text -> text : c.masker();
    }

    /** The replay's result; {@code files}: where its file sink, if it has one, wrote. */
    private static ReplayResult read(
            CamelContext context,
            String connector,
            String table,
            List<String> unmatched,
            Path files)
            throws SQLException, java.io.IOException {
        SyncOutcome outcome = outcome(context, connector);
        DataSource db =
                context.getRegistry().lookupByNameAndType("tributaryDataSource", DataSource.class);
        try (Connection c = db.getConnection()) {
            String declared = table != null ? table : declaredTable(context, connector);
            // a file sink made its folder as it started: the rows are its published files'
            boolean fileSink = Files.isDirectory(files);
            String name =
                    fileSink
                            ? "files of " + connector
                            : declared != null ? quoted(declared) : theTable(c);
            List<Map<String, Object>> rows =
                    fileSink ? FileSinkRows.read(files) : name == null ? List.of() : rows(c, name);
            return new ReplayResult(
                    connector,
                    outcome != null && outcome.success(),
                    outcome == null ? "the sync did not finish" : outcome.error(),
                    outcome == null ? null : outcome.cursor(),
                    name,
                    rows,
                    reasons(c, connector),
                    unmatched);
        }
    }

    /** The route's {@code table}: a templated route's parameter, or its sink Kamelet's. */
    private static String declaredTable(CamelContext context, String connector) {
        org.apache.camel.model.ModelCamelContext model =
                (org.apache.camel.model.ModelCamelContext) context;
        org.apache.camel.model.RouteDefinition route = model.getRouteDefinition(connector);
        if (route == null) {
            return null;
        }
        String table = io.tributary.connector.ConnectorRoutes.parameter(model, route, "table");
        if (table == null) {
            for (org.apache.camel.model.SendDefinition<?> send :
                    org.apache.camel.model.ProcessorDefinitionHelper.filterTypeInOutputs(
                            route.getOutputs(), org.apache.camel.model.SendDefinition.class)) {
                String uri = send.getEndpointUri();
                if (uri != null && uri.startsWith("kamelet:tributary-jdbc-sink")) {
                    table =
                            io.tributary.connector.ConnectorRoutes.kameletParameters(uri)
                                    .get("table");
                }
            }
        }
        return table == null || !table.matches("[A-Za-z_][A-Za-z0-9_]*") ? null : table;
    }

    /** As the sink names its tables: each part quoted, as written. */
    private static String quoted(String table) {
        return "\"" + table.replace(".", "\".\"") + "\"";
    }

    /** The one table the sync made (child tables, with "__", and Tributary's own aside). */
    private static String theTable(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet rs =
                c.getMetaData().getTables(null, null, "%", new String[] {"TABLE", "BASE TABLE"})) {
            while (rs.next()) {
                String schema = rs.getString("TABLE_SCHEM");
                String t = rs.getString("TABLE_NAME");
                if (!"INFORMATION_SCHEMA".equalsIgnoreCase(schema)
                        && !t.toLowerCase(java.util.Locale.ROOT).startsWith("tributary_")
                        && !t.contains("__")) {
                    tables.add(
                            "PUBLIC".equalsIgnoreCase(schema)
                                    ? "\"" + t + "\""
                                    : "\"" + schema + "\".\"" + t + "\"");
                }
            }
        }
        return tables.size() == 1 ? tables.get(0) : null;
    }

    private static List<Map<String, Object>> rows(Connection c, String table) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table + " ORDER BY 1");
                ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(
                            meta.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT),
                            rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static List<String> reasons(Connection c, String connector) {
        List<String> reasons = new ArrayList<>();
        try (PreparedStatement ps =
                c.prepareStatement(
                        "SELECT reason FROM tributary_dead_letters WHERE connector = ?")) {
            ps.setString(1, connector);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reasons.add(rs.getString(1));
                }
            }
        } catch (SQLException noDeadLetterTable) {
            // the sync made none
        }
        return reasons;
    }
}
