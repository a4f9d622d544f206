package io.tributary.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * Each reader holds one chunk, not the body: a generated body far larger than the heap bound is
 * read in chunks of 1000 while the heap in use, after a collection halfway through, stays under the
 * bound, and the reader has taken only about half the body's bytes by then. Not timed: the real
 * memory figures are measured in bench/.
 */
class StreamingTest {
    static final int CHUNK = 1000;
    static final long HEAP_BOUND = 64L << 20;
    // a quarter of each body is 39 MB or more: kept records would show as that much growth
    static final long GROWTH_BOUND = 16L << 20;
    static final String PAD = "x".repeat(60);

    @Test
    void aCsvFileOfOver250MegabytesIsReadInChunksWithinAFixedHeap() throws Exception {
        long n = 2_000_000;
        read(
                FormatSettings.parse("csv", null, null, null, null, null, null),
                new GeneratedBody(
                        "id,name,email,amount,note\n",
                        n,
                        i ->
                                i
                                        + ",name "
                                        + i
                                        + ",user"
                                        + i
                                        + "@example.com,12.50,\""
                                        + PAD
                                        + PAD.substring(0, 30)
                                        + "\"\n",
                        ""),
                n);
    }

    @Test
    void aJsonLinesFileIsReadInChunksWithinAFixedHeap() throws Exception {
        long n = 1_200_000;
        read(
                FormatSettings.parse("jsonl", null, null, null, null, null, null),
                new GeneratedBody("", n, jsonRecord("\n"), ""),
                n);
    }

    @Test
    void aJsonDocumentWithOneHugeArrayIsReadInChunksWithinAFixedHeap() throws Exception {
        long n = 1_200_000;
        LongFunction<String> record = jsonRecord("");
        read(
                FormatSettings.parse("json", "/data", null, null, null, null, null),
                new GeneratedBody(
                        "{\"data\":[",
                        n,
                        i -> (i == 0 ? "" : ",") + record.apply(i),
                        "],\"next\":\"p2\"}"),
                n);
    }

    @Test
    void anXmlDocumentIsReadInChunksWithinAFixedHeap() throws Exception {
        long n = 1_200_000;
        read(
                FormatSettings.parse("xml", "/rows/row", null, null, null, null, null),
                new GeneratedBody(
                        "<rows>",
                        n,
                        i ->
                                "<row id=\""
                                        + i
                                        + "\"><name>name "
                                        + i
                                        + "</name><amount>12.50</amount><note>"
                                        + PAD
                                        + "</note></row>\n",
                        "</rows>"),
                n);
    }

    private static LongFunction<String> jsonRecord(String end) {
        return i ->
                "{\"id\":"
                        + i
                        + ",\"name\":\"name "
                        + i
                        + "\",\"amount\":12.50,\"tags\":[\"a\",\"b\"],\"note\":\""
                        + PAD
                        + "\"}"
                        + end;
    }

    private static void read(FormatSettings settings, GeneratedBody body, long expected)
            throws Exception {
        long records = 0;
        long usedAtAQuarter = -1; // the JVM's own baseline: other tests share it
        long usedHalfway = -1;
        long bytesHalfway = -1;
        try (RecordReader reader = settings.open(body, null)) {
            Chunk chunk;
            do {
                chunk = reader.next(CHUNK);
                assertTrue(chunk.size() <= CHUNK, "a chunk of " + chunk.size());
                assertTrue(chunk.rejected().isEmpty(), chunk.rejected()::toString);
                records += chunk.records().size();
                if (usedAtAQuarter < 0 && records >= expected / 4) {
                    usedAtAQuarter = usedHeapAfterGc();
                }
                if (usedHalfway < 0 && records >= expected / 2) {
                    bytesHalfway = reader.bytesRead();
                    usedHalfway = usedHeapAfterGc();
                }
            } while (!chunk.last());
            assertEquals(expected, records);
            long total = reader.bytesRead();
            assertEquals(body.produced(), total, "the reader counts every byte it took");
            assertTrue(total > 2 * HEAP_BOUND, "the body must dwarf the bound: " + total);
            // what reading a quarter of the body more kept: nothing that grows with it
            assertTrue(
                    usedHalfway - usedAtAQuarter < GROWTH_BOUND,
                    "heap grown from a quarter to halfway: "
                            + ((usedHalfway - usedAtAQuarter) >> 20)
                            + " MB, body "
                            + (total >> 20)
                            + " MB");
            assertTrue(
                    bytesHalfway < total * 3 / 4,
                    "halfway through the records the reader had taken "
                            + bytesHalfway
                            + " of "
                            + total
                            + " bytes");
        }
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
