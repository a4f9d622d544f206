package io.tributary.testkit;

import io.tributary.Tributary;
import io.tributary.cli.ExitCodes;
import io.tributary.cli.Options;
import io.tributary.cli.ReplayResult;
import io.tributary.cli.TestCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code tributary test} from Java, for a user's JUnit (or any) tests: replays a connector's
 * cassette with no network into an in-memory H2 and asserts on what the sync did.
 *
 * <pre>{@code
 * ConnectorCassettes cassettes = ConnectorCassettes.with("--config=application.properties");
 *
 * @Test
 * void ordersLoadAsRecorded() {
 *     assertThat(cassettes.replay("orders"))
 *             .succeeded()
 *             .rows(3)
 *             .includes(Map.of("id", "o-1", "total", "12.50"))
 *             .cursor("2026-11-01T00:02:00Z");
 * }
 *
 * @Test
 * void everyCassetteMeetsItsExpectations() {
 *     assertEquals(0, cassettes.test());
 * }
 * }</pre>
 *
 * Failures are {@link AssertionError}s, which JUnit 5 (and 4, and TestNG) report as failed
 * assertions, so the JAR needs no test framework. One replay runs at a time per JVM.
 */
public final class ConnectorCassettes {
    private final List<String> settings;

    private ConnectorCassettes(List<String> settings) {
        this.settings = settings;
    }

    /**
     * The cassettes of the route files the settings name: {@code --config=FILE} and any {@code
     * --key=value}, as on the command line.
     */
    public static ConnectorCassettes with(String... settings) {
        return new ConnectorCassettes(List.of(settings));
    }

    /** Runs {@code tributary test CONNECTOR...} (none: all); returns its exit code. */
    public int test(String... connectors) {
        return new Tributary().run(args("test", connectors));
    }

    /**
     * Replays one connector's cassette.
     *
     * @throws IllegalArgumentException no such connector, no cassette, bad files (what {@code
     *     tributary test} exits 2 for)
     */
    public ReplayResult replay(String connector) {
        try {
            return TestCommand.replay(options(), connector, Tributary::new);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot listen on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    /** Fluent assertions on a replay. */
    public static ReplayAssert assertThat(ReplayResult replay) {
        return new ReplayAssert(replay);
    }

    /** Asserts that a replay meets its connector's {@code .expect.yaml}. */
    public void assertMeetsExpectations(ReplayResult replay) {
        List<String> d = TestCommand.differences(options(), replay, Tributary::new);
        if (!d.isEmpty()) {
            throw new AssertionError(replay.connector() + ": " + String.join("; ", d));
        }
    }

    private Options options() {
        return Options.parse(args("test", new String[0]));
    }

    private String[] args(String command, String[] connectors) {
        List<String> args = new ArrayList<>();
        args.add(command);
        args.addAll(List.of(connectors));
        args.addAll(settings);
        return args.toArray(String[]::new);
    }

    /** What {@link #test} returns when every connector passed. */
    public static final int PASSED = ExitCodes.OK;

    /** Assertions on one {@link ReplayResult}; each returns this, so they chain. */
    public static final class ReplayAssert {
        private final ReplayResult r;

        ReplayAssert(ReplayResult r) {
            this.r = r;
        }

        public ReplayAssert succeeded() {
            if (!r.success()) {
                fail("the sync failed: " + r.error());
            }
            return this;
        }

        public ReplayAssert rows(int expected) {
            if (r.rows().size() != expected) {
                fail("rows " + r.rows().size() + ", expected " + expected);
            }
            return this;
        }

        /** A row whose columns hold these values (compared as text), the first being its key. */
        public ReplayAssert includes(Map<String, ?> row) {
            boolean found =
                    r.rows().stream()
                            .anyMatch(
                                    x ->
                                            row.entrySet().stream()
                                                    .allMatch(
                                                            e ->
                                                                    String.valueOf(e.getValue())
                                                                            .equals(
                                                                                    String.valueOf(
                                                                                            x.get(
                                                                                                    e.getKey()
                                                                                                            .toLowerCase(
                                                                                                                    java
                                                                                                                            .util
                                                                                                                            .Locale
                                                                                                                            .ROOT))))));
            if (!found) {
                fail("no row " + row + " in " + r.table());
            }
            return this;
        }

        public ReplayAssert cursor(String expected) {
            if (!expected.equals(r.cursor())) {
                fail("cursor " + r.cursor() + ", expected " + expected);
            }
            return this;
        }

        public ReplayAssert deadLetters(int expected) {
            if (r.deadLetterReasons().size() != expected) {
                fail("dead letters " + r.deadLetterReasons().size() + ", expected " + expected);
            }
            return this;
        }

        /** Every request the sync sent was in the cassette. */
        public ReplayAssert askedOnlyWhatWasRecorded() {
            if (!r.unmatched().isEmpty()) {
                fail("requests not in the cassette: " + r.unmatched());
            }
            return this;
        }

        private void fail(String what) {
            throw new AssertionError(r.connector() + ": " + what);
        }
    }
}
