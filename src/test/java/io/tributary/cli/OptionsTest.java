package io.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void runsOnScheduleWithTheDefaultConfigWhenGivenNothing() {
        Options options = Options.parse();
        assertFalse(options.once);
        assertFalse(options.help);
        assertEquals("application.properties", options.config);
        assertTrue(options.overrides.isEmpty());
    }

    @Test
    void runsOnceWithOnce() {
        assertTrue(Options.parse("--once").once);
    }

    @Test
    void showsHelpWithHelpOrH() {
        assertTrue(Options.parse("--help").help);
        assertTrue(Options.parse("-h").help);
    }

    @Test
    void readsTheConfigFile() {
        assertEquals(
                "/etc/tributary/prod.properties",
                Options.parse("--config=/etc/tributary/prod.properties").config);
    }

    @Test
    void collectsPropertyOverridesInOrder() {
        Options options = Options.parse("--tributary.demo.enabled=false", "--a.b=c");
        assertEquals(Map.of("tributary.demo.enabled", "false", "a.b", "c"), options.overrides);
        assertEquals("tributary.demo.enabled", options.overrides.keySet().iterator().next());
    }

    @Test
    void keepsEqualsSignsInAnOverrideValue() {
        assertEquals(
                "jdbc:h2:mem:etl;MODE=PostgreSQL",
                Options.parse("--tributary.db.url=jdbc:h2:mem:etl;MODE=PostgreSQL")
                        .overrides
                        .get("tributary.db.url"));
    }

    @Test
    void rejectsAnUnknownOptionNamingItAndShowingTheRightForm() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> Options.parse("--once", "--verbose"));
        assertTrue(e.getMessage().contains("--verbose"), e.getMessage());
        assertTrue(e.getMessage().contains("--key=value"), e.getMessage());
    }

    @Test
    void rejectsAnOverrideWithoutADottedKey() {
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--port=8080"));
    }

    @Test
    void runIsTheDefaultCommandAndTakesOnceAndConnectors() {
        assertEquals(Options.Action.RUN, Options.parse().action);
        Options options =
                Options.parse(
                        "run", "--once", "weather-stations", "--tributary.demo.enabled=false");
        assertEquals(Options.Action.RUN, options.action);
        assertTrue(options.once);
        assertEquals(java.util.List.of("weather-stations"), options.connectors);
        assertEquals(Map.of("tributary.demo.enabled", "false"), options.overrides);
    }

    @Test
    void connectorsCanOnlyBeNamedWithOnce() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Options.parse("run", "weather-stations"));
        assertTrue(e.getMessage().contains("--once"), e.getMessage());
    }

    @Test
    void settingsAndConfigWorkBeforeAndAfterTheCommand() {
        Options options = Options.parse("--config=prod.properties", "--a.b=1", "check", "--c.d=2");
        assertEquals(Options.Action.CHECK, options.action);
        assertEquals("prod.properties", options.config);
        assertEquals(Map.of("a.b", "1", "c.d", "2"), options.overrides);
    }

    @Test
    void previewTakesAConnectorPagesAndFormat() {
        Options options =
                Options.parse("preview", "weather-observations", "--pages", "3", "--format=json");
        assertEquals(Options.Action.PREVIEW, options.action);
        assertEquals(java.util.List.of("weather-observations"), options.connectors);
        assertEquals(3, options.pages);
        assertEquals(Options.Format.JSON, options.format);
        assertEquals(1, Options.parse("preview", "x").pages);
        assertEquals(Options.Format.TABLE, Options.parse("preview", "x").format);
    }

    @Test
    void previewRejectsNoConnectorZeroPagesAndAnUnknownFormat() {
        assertThrows(IllegalArgumentException.class, () -> Options.parse("preview"));
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Options.parse("preview", "x", "--pages=0"))
                        .getMessage()
                        .contains("--pages"));
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Options.parse("preview", "x", "--format=xml"))
                        .getMessage()
                        .contains("table or json"));
    }

    @Test
    void stateShowsAllOrOneAndResetsOne() {
        assertEquals(Options.Action.STATE_SHOW, Options.parse("state", "show").action);
        assertEquals(java.util.List.of("x"), Options.parse("state", "show", "x").connectors);
        Options reset = Options.parse("state", "reset", "x");
        assertEquals(Options.Action.STATE_RESET, reset.action);
        assertEquals(java.util.List.of("x"), reset.connectors);
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> Options.parse("state", "reset"))
                        .getMessage()
                        .contains("connector"));
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Options.parse("state", "drop", "x"))
                        .getMessage()
                        .contains("'show' or 'reset'"));
    }

    @Test
    void everyCommandHasHelpThatNamesItsOptionsAndExitCodes() {
        for (String command : new String[] {"run", "check", "preview", "state"}) {
            Options options = Options.parse(command, "--help");
            assertTrue(options.help, command);
            assertTrue(options.usage.startsWith("Usage: tributary " + command), options.usage);
            assertTrue(options.usage.contains("Exit codes:"), options.usage);
            assertTrue(options.usage.contains("--<key>=<value>"), options.usage);
        }
        assertEquals(Options.parse("help", "preview").usage, Options.parse("preview", "-h").usage);
        assertTrue(Options.parse("--help").usage.contains("Commands:"));
    }

    @Test
    void onceWithConnectorsWorksWithoutRun() {
        Options options =
                Options.parse(
                        "--once",
                        "weather-stations",
                        "weather-observations",
                        "--tributary.demo.enabled=false");
        assertEquals(Options.Action.RUN, options.action);
        assertTrue(options.once);
        assertEquals(
                java.util.List.of("weather-stations", "weather-observations"), options.connectors);
        assertEquals(Map.of("tributary.demo.enabled", "false"), options.overrides);
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> Options.parse("weather-stations"));
        assertTrue(e.getMessage().contains("'run --once weather-stations'"), e.getMessage());
    }

    @Test
    void previewTakesAParentForAChildStream() {
        Options options = Options.parse("preview", "tracker-issues", "--parent", "P1");
        assertEquals(java.util.List.of("tracker-issues"), options.connectors);
        assertEquals("P1", options.parent);
        assertEquals(null, Options.parse("preview", "x").parent);
        assertTrue(Options.parse("preview", "--help").usage.contains("--parent=ID"));
    }

    @Test
    void onceBelongsToRun() {
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--once", "check"));
    }

    @Test
    void traceIsAFlagOfTheCommandsThatSendRequests() {
        assertTrue(Options.parse("run", "--once", "--trace").trace);
        assertTrue(Options.parse("--once", "--trace").trace);
        assertTrue(Options.parse("check", "--trace").trace);
        assertTrue(Options.parse("--trace", "check").trace, "before the command, as --config");
        assertTrue(Options.parse("preview", "obs", "--trace").trace);
        assertTrue(Options.parse("run").trace == false);
        assertFalse(Options.parse("preview", "obs").trace);
        assertThrows(
                IllegalArgumentException.class, () -> Options.parse("state", "obs", "--trace"));
        assertTrue(Options.parse("check", "--help").usage.contains("--trace"));
    }

    @Test
    void theSharedPagesOptionKeepsEachCommandsOwnDefaultAndItsCheck() {
        assertEquals(1, Options.parse("preview", "x").pages);
        assertEquals(3, Options.parse("schema", "infer", "x").pages);
        assertTrue(
                Options.usage("preview")
                        .contains("--pages=N         Pages to fetch (default: 1)."));
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Options.parse("schema", "infer", "x", "--pages=0"));
        assertTrue(e.getMessage().startsWith("--pages must be 1 or more, not 0"), e.getMessage());
        assertTrue(e.getMessage().contains("Usage: tributary schema infer"), e.getMessage());
    }

    @Test
    void everyCommandsHelpNamesTheSettingsOverrideOnce() {
        for (String command : CommandLineDocs.commands()) {
            String help = CommandLineDocs.usage(command);
            assertEquals(
                    help.indexOf("--<key>=<value>"),
                    help.lastIndexOf("--<key>=<value>"),
                    command + ": " + help);
            assertTrue(
                    help.contains("\n  --<key>=<value>  Override one setting"),
                    command + ": " + help);
        }
    }
}
