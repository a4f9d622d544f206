package io.tributary.format;

import static io.tributary.format.Bodies.chunks;
import static io.tributary.format.Bodies.jsonl;
import static io.tributary.format.Bodies.lasts;
import static io.tributary.format.Bodies.open;
import static io.tributary.format.Bodies.records;
import static io.tributary.format.Bodies.rejected;
import static io.tributary.format.Bodies.sizes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLinesRecordsTest {
    @Test
    void eachLineIsARecordInChunksAndOnlyTheFinalChunkIsLast() throws Exception {
        List<Chunk> chunks = chunks(jsonl(), "{\"id\":1}\n{\"id\":2}\n{\"id\":3}\n", 2);
        assertEquals(List.of(2, 1), sizes(chunks));
        assertEquals(List.of(false, true), lasts(chunks));
        assertEquals(List.of("{\"id\":1}", "{\"id\":2}", "{\"id\":3}"), records(chunks));
    }

    @Test
    void aBodyOfExactlyTheChunkSizeIsOneLastChunkEvenWithBlankLinesAfterIt() throws Exception {
        List<Chunk> chunks = chunks(jsonl(), "{\"id\":1}\n{\"id\":2}\n\n  \n", 2);
        assertEquals(List.of(2), sizes(chunks));
        assertEquals(List.of(true), lasts(chunks));
    }

    @Test
    void anEmptyBodyIsOneEmptyLastChunk() throws Exception {
        List<Chunk> chunks = chunks(jsonl(), "", 5);
        assertEquals(List.of(0), sizes(chunks));
        assertEquals(List.of(true), lasts(chunks));
    }

    @Test
    void blankLinesAreSkippedAndCrLfEndsALine() throws Exception {
        List<Chunk> chunks = chunks(jsonl(), "\r\n{\"id\":1}\r\n\r\n{\"id\":2}\r\n", 5);
        assertEquals(List.of("{\"id\":1}", "{\"id\":2}"), records(chunks));
        assertTrue(rejected(chunks).isEmpty());
    }

    @Test
    void aBadLineIsABadRecordWithItsLineAndReasonWithoutItsTextAndTheRestLoads() throws Exception {
        String body =
                "{\"id\":1}\n\n{\"name\":\"JaneDoe\"\n42\n{\"id\":2} {\"id\":3}\n{\"id\":4}\r\n";
        List<Chunk> chunks = chunks(jsonl(), body, 10);
        assertEquals(List.of("{\"id\":1}", "{\"id\":4}"), records(chunks));
        List<BadRecord> bad = rejected(chunks);
        assertEquals(3, bad.size(), bad.toString());
        assertEquals("line", bad.get(0).unit());
        assertEquals(3, bad.get(0).number());
        assertFalse(bad.get(0).reason().contains("JaneDoe"), bad.get(0).reason());
        assertEquals("{\"name\":\"JaneDoe\"", bad.get(0).text());
        assertEquals(4, bad.get(1).number());
        assertEquals("not a JSON object: a number on its own", bad.get(1).reason());
        assertEquals(
                "not a JSON object: Unexpected end-of-input: expected close marker for Object",
                bad.get(0).reason());
        assertEquals(5, bad.get(2).number());
        assertEquals("not a JSON object: a second value after the first", bad.get(2).reason());
    }

    @Test
    void badLinesCountTowardsTheChunkSoNoChunkIsLargerThanAsked() throws Exception {
        List<Chunk> chunks = chunks(jsonl(), "x\ny\n{\"id\":1}\nz\n", 2);
        assertEquals(List.of(2, 2), sizes(chunks));
        assertEquals(List.of(false, true), lasts(chunks));
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstLine() throws Exception {
        List<Chunk> chunks = chunks(jsonl(), "\uFEFF{\"id\":1}\n", 5);
        assertEquals(List.of("{\"id\":1}"), records(chunks));
    }

    @Test
    void aDeclaredIso88591BodyIsDecodedAsDeclared() throws Exception {
        byte[] body = "{\"city\":\"Zürich\"}\n".getBytes(StandardCharsets.ISO_8859_1);
        try (RecordReader reader = open(jsonl(), body, StandardCharsets.ISO_8859_1)) {
            assertEquals("Zürich", reader.next(5).records().get(0).get("city").asText());
        }
    }

    @Test
    void bytesNotInTheCharsetAreMalformedAndNameWhere() throws Exception {
        byte[] body = "{\"city\":\"Zürich\"}\n".getBytes(StandardCharsets.ISO_8859_1);
        MalformedInputException e =
                assertThrows(
                        MalformedInputException.class,
                        () -> {
                            try (RecordReader reader = open(jsonl(), body, null)) {
                                chunks(reader, 5);
                            }
                        });
        assertTrue(e.getMessage().contains("not UTF-8 text"), e.getMessage());
    }

    @Test
    void theEnvelopeIsAnEmptyObjectAndEveryByteIsCounted() throws Exception {
        String body = "{\"id\":1}\n{\"id\":2}\n";
        try (RecordReader reader = open(jsonl(), body)) {
            chunks(reader, 5);
            assertEquals("{}", reader.envelope().toString());
            assertEquals(body.length(), reader.bytesRead());
        }
    }
}
