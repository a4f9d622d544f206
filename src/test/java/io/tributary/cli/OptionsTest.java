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
        assertEquals("/etc/tributary/prod.properties", Options.parse("--config=/etc/tributary/prod.properties").config);
    }

    @Test
    void collectsPropertyOverridesInOrder() {
        Options options = Options.parse("--tributary.demo.enabled=false", "--a.b=c");
        assertEquals(Map.of("tributary.demo.enabled", "false", "a.b", "c"), options.overrides);
        assertEquals("tributary.demo.enabled", options.overrides.keySet().iterator().next());
    }

    @Test
    void keepsEqualsSignsInAnOverrideValue() {
        assertEquals("jdbc:h2:mem:etl;MODE=PostgreSQL",
                Options.parse("--tributary.db.url=jdbc:h2:mem:etl;MODE=PostgreSQL").overrides.get("tributary.db.url"));
    }

    @Test
    void rejectsAnUnknownOptionNamingItAndShowingTheRightForm() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Options.parse("--once", "--verbose"));
        assertTrue(e.getMessage().contains("--verbose"), e.getMessage());
        assertTrue(e.getMessage().contains("--key=value"), e.getMessage());
    }

    @Test
    void rejectsAnOverrideWithoutADottedKey() {
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--port=8080"));
    }
}
