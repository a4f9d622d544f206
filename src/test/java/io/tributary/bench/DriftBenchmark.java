package io.tributary.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.schema.Column;
import io.tributary.schema.DriftEvent;
import io.tributary.schema.SchemaDrift;
import io.tributary.schema.SchemaRecordMapper;
import io.tributary.schema.TargetSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The cost of schema drift per record (a harness that prints figures, not a test): Shopify-like
 * orders (a customer with an address, lines as an array, 25 fields in all) checked by {@link
 * SchemaDrift} under {@code quarantine} with a schema that maps only top-level fields, and with one
 * that maps {@code customer.address.*} too (nested drift walks that object), next to the cost of
 * mapping the same record ({@link SchemaRecordMapper}). Prints ns per record, the median of rounds;
 * records come from one page of 1000, read again, as a sync checks the page it just parsed.
 *
 * <pre>
 * bench/drift.sh            # 200,000 records, 7 rounds
 * bench/drift.sh 500000 9
 * </pre>
 */
public final class DriftBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOP =
            "primaryKey: [id]\ncursorField: updated_at\ndrop: [customer, lines, note_attributes]\ncolumns:\n"
                    + "  id: {type: string, required: true}\n"
                    + "  updated_at: {type: timestamp, required: true}\n"
                    + "  total_price: {type: decimal}\n"
                    + "  currency: {type: string}\n"
                    + "  financial_status: {type: string}\n";
    private static final String NESTED =
            "primaryKey: [id]\ncursorField: updated_at\ndrop: [lines, note_attributes]\ncolumns:\n"
                    + "  id: {type: string, required: true}\n"
                    + "  updated_at: {type: timestamp, required: true}\n"
                    + "  total_price: {type: decimal}\n"
                    + "  currency: {type: string}\n"
                    + "  financial_status: {type: string}\n"
                    + "  customer_id: {type: string, path: /customer/id}\n"
                    + "  customer_email: {type: string, path: /customer/email}\n"
                    + "  customer_tags: {type: json, path: /customer/tags}\n"
                    + "  city: {type: string, path: /customer/address/city}\n"
                    + "  zip: {type: string, path: /customer/address/zip}\n"
                    + "  country: {type: string, path: /customer/address/country}\n"
                    + "  street: {type: string, path: /customer/address/street}\n";

    private DriftBenchmark() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        // one page of 1000 records, read again and again: in a sync the records checked are those
        // of
        // the page just parsed (in the cache), not a heap of millions
        List<JsonNode> page = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            page.add(order(i));
        }
        List<JsonNode> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            records.add(page.get(i % page.size()));
        }
        for (String[] c :
                new String[][] {{"top level only", TOP}, {"with customer.address.*", NESTED}}) {
            Path file = Files.createTempFile("drift-bench", ".schema.yaml");
            Files.writeString(file, c[1]);
            TargetSchema schema = TargetSchema.load(file);
            SchemaRecordMapper mapper = new SchemaRecordMapper(schema);
            double drift = median(rounds, n, () -> check(schema, records));
            double map = median(rounds, n, () -> map(mapper, records));
            System.out.printf(
                    Locale.ROOT,
                    "%-26s drift check %6.0f ns/record   mapping %6.0f ns/record   (%d records)%n",
                    c[0],
                    drift,
                    map,
                    n);
            Files.delete(file);
        }
    }

    private static ObjectNode order(int i) {
        ObjectNode o =
                JSON.createObjectNode()
                        .put("id", "o" + i)
                        .put("updated_at", "2026-01-01T00:00:00Z")
                        .put("total_price", "12.50")
                        .put("currency", "EUR")
                        .put("financial_status", "paid");
        ObjectNode customer =
                o.putObject("customer").put("id", "c" + (i % 1000)).put("email", "a@b.c");
        customer.putArray("tags").add("vip");
        customer.putObject("address")
                .put("city", "Berlin")
                .put("zip", "10115")
                .put("country", "DE")
                .put("street", "Unter den Linden " + i);
        for (int l = 0; l < 3; l++) {
            o.withArray("lines").addObject().put("sku", "s" + l).put("qty", l + 1);
        }
        o.putArray("note_attributes");
        return o;
    }

    private static long check(TargetSchema schema, List<JsonNode> records) {
        SchemaDrift drift =
                new SchemaDrift(
                        "bench",
                        schema,
                        SchemaDrift.Policy.QUARANTINE,
                        new SchemaDrift.Listener() {
                            @Override
                            public void report(DriftEvent event) {}

                            @Override
                            public Column evolve(List<String> path, JsonNode sample) {
                                throw new IllegalStateException("not under quarantine");
                            }
                        });
        long rejected = 0;
        for (JsonNode r : records) {
            if (drift.check(r) != null) {
                rejected++;
            }
        }
        return rejected;
    }

    private static long map(SchemaRecordMapper mapper, List<JsonNode> records) {
        long width = 0;
        try {
            for (JsonNode r : records) {
                width += mapper.map(r).length;
            }
        } catch (io.tributary.schema.RecordRejectedException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return width;
    }

    private interface Work {
        long run();
    }

    private static double median(int rounds, int n, Work work) {
        List<Double> ns = new ArrayList<>();
        long sink = 0;
        for (int r = 0; r < rounds + 2; r++) { // two rounds to warm up
            long start = System.nanoTime();
            sink += work.run();
            double per = (System.nanoTime() - start) / (double) n;
            if (r >= 2) {
                ns.add(per);
            }
        }
        if (sink == Long.MIN_VALUE) {
            System.out.println(); // keeps the work from being optimised away
        }
        ns.sort(null);
        return ns.get(ns.size() / 2);
    }
}
