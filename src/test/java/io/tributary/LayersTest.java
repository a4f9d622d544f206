package io.tributary;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The packages form layers, bottom to top, and a layer uses only the layers below it
 * (docs/ARCHITECTURE.md, "Layers"): config; schema, sql, state, sink; http; auth | ratelimit |
 * paging; metrics, status; connector; the application (main, cli, cluster, demo). No upward import
 * is allowed, and none is excused.
 */
class LayersTest {
    private static final String ROOT = "io.tributary";

    /**
     * Bottom to top. A tier of several layers: each stands on the tiers below and never uses the
     * others.
     */
    private static final List<List<Layer>> TIERS =
            List.of(
                    // what every part may report: a setting that cannot work; how log lines are
                    // written (logfmt values, JSON fields)
                    tier("config", "log"),
                    // how a body's records are written (JSON, JSON Lines, CSV, XML): read in chunks
                    tier("format"),
                    // storage: the target schema, the SQL the databases speak, Tributary's own
                    // tables, the sinks
                    tier("schema"),
                    tier("sql"),
                    tier("state"),
                    tier("sink"),
                    // transport: the request and the call around it; auth, rate limits and paging
                    // shape the request
                    tier("http"),
                    // a webhook's signature, checked over the raw request; the endpoint's rate
                    tier("auth", "ratelimit", "paging", "webhook"),
                    // monitoring: meters, health, outcomes; the status page shows them
                    tier("metrics"),
                    tier("status"),
                    // the connector wires all of the above into a sync
                    tier("connector"),
                    // the commands, clustering and the demo API, which never use each other
                    tier("cli", "cluster", "demo"),
                    // the application: main and its beans, which start all of it
                    List.of(new Layer("application", ROOT)),
                    // the test kit's Java helper, which starts the application as a user's test
                    // does
                    tier("testkit"));

    private static final JavaClasses MAIN =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages(ROOT);

    @Test
    void everyLayerUsesOnlyTheLayersBelowIt() {
        layers().check(MAIN);
    }

    @Test
    void transportAndStorageNeverUseTheConnectorOrTheCommands() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        packagesOf(
                                "http",
                                "auth",
                                "paging",
                                "ratelimit",
                                "schema",
                                "sql",
                                "state",
                                "sink"))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(packagesOf("connector", "cli", "metrics", "status"))
                .because("a part of a sync is used by the connector, never the other way round")
                .check(MAIN);
    }

    @Test
    void noPackagesDependOnEachOtherInACycle() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void everyPackageHasItsPlaceInTheLayers() {
        List<String> all = new ArrayList<>();
        TIERS.forEach(tier -> tier.forEach(layer -> all.addAll(List.of(layer.packages))));
        classes()
                .should()
                .resideInAnyPackage(all.toArray(String[]::new))
                .because(
                        "a package outside the layers would escape the layer rule: add it to TIERS")
                .check(MAIN);
    }

    @Test
    void noSourceFileImportsALayerAboveItsOwn() throws java.io.IOException {
        // the bytecode rules above miss an import only Javadoc uses; the source lines do not
        List<String> upward = new ArrayList<>();
        java.nio.file.Path main = java.nio.file.Path.of("src/main/java");
        try (var files = java.nio.file.Files.walk(main)) {
            for (java.nio.file.Path file :
                    files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg =
                        main.relativize(file.getParent())
                                .toString()
                                .replace(java.io.File.separatorChar, '.');
                for (String line : java.nio.file.Files.readAllLines(file)) {
                    java.util.regex.Matcher m = IMPORT.matcher(line);
                    if (m.matches() && !mayUse(pkg, m.group(1))) {
                        upward.add(main.relativize(file) + ": " + line.trim());
                    }
                }
            }
        }
        assertTrue(upward.isEmpty(), "imports of a layer above (or a sibling): " + upward);
    }

    @Test
    void anUpwardImportFailsTheLayerRule() {
        // test fixture in io.tributary.http that reaches up to connector.SyncRun
        JavaClasses upward =
                new ClassFileImporter()
                        .importClasses(
                                io.tributary.http.ReachesUpToTheConnector.class,
                                io.tributary.connector.SyncRun.class);
        AssertionError failure = assertThrows(AssertionError.class, () -> layers().check(upward));
        assertTrue(failure.getMessage().contains("ReachesUpToTheConnector"), failure.getMessage());
    }

    private static LayeredArchitecture layers() {
        LayeredArchitecture architecture =
                layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (List<Layer> tier : TIERS) {
            for (Layer layer : tier) {
                architecture = architecture.layer(layer.name).definedBy(layer.packages);
            }
        }
        List<String> below = new ArrayList<>();
        for (List<Layer> tier : TIERS) {
            for (Layer layer : tier) {
                architecture =
                        below.isEmpty()
                                ? architecture.whereLayer(layer.name).mayNotAccessAnyLayer()
                                : architecture
                                        .whereLayer(layer.name)
                                        .mayOnlyAccessLayers(below.toArray(String[]::new));
            }
            tier.forEach(layer -> below.add(layer.name));
        }
        return architecture;
    }

    private static final java.util.regex.Pattern IMPORT =
            java.util.regex.Pattern.compile(
                    "import (?:static )?(io\\.tributary(?:\\.[a-z][a-z0-9]*)*)\\.[A-Z].*;");

    /**
     * Whether a class in package {@code from} may import one in package {@code to}: its own layer
     * or a tier below.
     */
    private static boolean mayUse(String from, String to) {
        int[] a = place(from);
        int[] b = place(to);
        return a == null || b == null || b[0] < a[0] || b[0] == a[0] && b[1] == a[1];
    }

    /** {tier, layer within the tier} of a package, or null outside the layers. */
    private static int[] place(String pkg) {
        for (int tier = 0; tier < TIERS.size(); tier++) {
            for (int i = 0; i < TIERS.get(tier).size(); i++) {
                for (String identifier : TIERS.get(tier).get(i).packages) {
                    String base =
                            identifier.endsWith("..")
                                    ? identifier.substring(0, identifier.length() - 2)
                                    : identifier;
                    if (pkg.equals(base)
                            || identifier.endsWith("..") && pkg.startsWith(base + ".")) {
                        return new int[] {tier, i};
                    }
                }
            }
        }
        return null;
    }

    private static String[] packagesOf(String... names) {
        return java.util.Arrays.stream(names)
                .map(n -> ROOT + "." + n + "..")
                .toArray(String[]::new);
    }

    private static List<Layer> tier(String... names) {
        return java.util.Arrays.stream(names)
                .map(n -> new Layer(n, ROOT + "." + n + ".."))
                .toList();
    }

    private record Layer(String name, String... packages) {}
}
