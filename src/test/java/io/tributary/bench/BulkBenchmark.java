package io.tributary.bench;

import io.tributary.support.SalesforceBulkApi;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Salesforce Bulk API 2.0 query job of N accounts end to end ({@code bench/bulk.sh}): the
 * loopback {@link SalesforceBulkApi} (parts of 50,000 records, {@code Sforce-Locator}) in this JVM;
 * Tributary's main in a child JVM ({@code --once}, {@code -Xmx192m}) creating the job, polling it,
 * downloading every part in pages of 1000 and appending them into embedded PostgreSQL (fsync off).
 * Prints the sync's records/s (its summary line: create to the last commit) and the child's peak
 * RSS (VmHWM), so memory flat in the job's size shows as the same RSS at two sizes.
 */
public final class BulkBenchmark {
    private BulkBenchmark() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path work = Files.createTempDirectory("tributary-bulk-bench");
        try (EmbeddedPostgres pg =
                        EmbeddedPostgres.builder()
                                .setServerConfig("listen_addresses", "127.0.0.1")
                                .setServerConfig("fsync", "off")
                                .setServerConfig("synchronous_commit", "off")
                                .start();
                SalesforceBulkApi api = new SalesforceBulkApi().accounts(n).pollsBeforeDone(1)) {
            String dbUrl = pg.getJdbcUrl("postgres", "postgres");
            Path schema = Path.of("src/test/resources/bulk/accounts.schema.yaml").toAbsolutePath();
            Files.writeString(
                    work.resolve("bench.camel.yaml"),
                    String.join(
                            "\n",
                            "- route:",
                            "    id: bench_bulk",
                            "    from:",
                            "      uri: kamelet:tributary-bulk-source",
                            "      parameters:",
                            "        schedule: \"timer:bench?repeatCount=1\"",
                            "        url: " + api.url(),
                            "        auth: bearer",
                            "        authSecret: \"" + SalesforceBulkApi.ACCESS_TOKEN + "\"",
                            "        createPath: " + SalesforceBulkApi.JOBS,
                            "        createBody: '{\"operation\":\"query\",\"query\":\"SELECT Id, Name, NumberOfEmployees, SystemModstamp FROM Account WHERE SystemModstamp > {cursor}\"}'",
                            "        statusPath: " + SalesforceBulkApi.JOBS + "/{jobId}",
                            "        resultsPath: " + SalesforceBulkApi.JOBS + "/{jobId}/results",
                            "        deletePath: " + SalesforceBulkApi.JOBS + "/{jobId}",
                            "        maxRecords: 50000",
                            "        recordsPerPage: 1000",
                            "        pollInterval: PT0.5S",
                            "      steps:",
                            "        - to:",
                            "            uri: kamelet:tributary-jdbc-sink",
                            "            parameters: {schema: \""
                                    + schema
                                    + "\", table: bench_bulk, writeMode: append}",
                            ""));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command =
                    new ArrayList<>(
                            List.of(
                                    java,
                                    "-Xmx192m",
                                    "-cp",
                                    System.getProperty("java.class.path"),
                                    "io.tributary.Tributary",
                                    "--once",
                                    "--tributary.db.url=" + dbUrl,
                                    "--tributary.db.user=postgres",
                                    "--tributary.db.password=",
                                    "--tributary.demo.enabled=false",
                                    "--camel.main.routes-include-pattern=file:"
                                            + work
                                            + "/*.camel.yaml"));
            Path log = work.resolve("child.log");
            long start = System.nanoTime();
            Process p =
                    new ProcessBuilder(command)
                            .directory(work.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
            long peakKb = 0;
            Path status = Path.of("/proc/" + p.pid() + "/status");
            while (p.isAlive()) {
                try {
                    for (String l : Files.readAllLines(status)) {
                        if (l.startsWith("VmHWM:")) {
                            peakKb = Math.max(peakKb, Long.parseLong(l.replaceAll("[^0-9]", "")));
                        }
                    }
                } catch (IOException gone) {
                    break;
                }
                Thread.sleep(200);
            }
            int code = p.waitFor();
            double wall = (System.nanoTime() - start) / 1e9;
            String summary = null;
            for (String l : Files.readAllLines(log)) {
                if (l.contains("sync connector=bench_bulk ")) {
                    summary = l;
                }
            }
            if (code != 0 || summary == null || !summary.contains("outcome=success")) {
                throw new IllegalStateException(
                        "the bulk sync failed (exit " + code + "); see " + log);
            }
            System.out.println(summary);
            System.out.printf(
                    Locale.ROOT,
                    "bulk job of %,d accounts: %s records/s in the sync (%s), %.1f s JVM start to exit,"
                            + " %d parts, peak RSS %,d MiB (-Xmx192m)%n",
                    n,
                    field(summary, "records_per_s"),
                    field(summary, "duration"),
                    wall,
                    api.count("GET " + SalesforceBulkApi.JOBS + "/750R00000000000001/results"),
                    peakKb / 1024);
        }
    }

    private static String field(String line, String name) {
        for (String part : line.split(" ")) {
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1);
            }
        }
        return "?";
    }
}
