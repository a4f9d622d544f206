package io.tributary.format;

import static io.tributary.format.Bodies.chunks;
import static io.tributary.format.Bodies.json;
import static io.tributary.format.Bodies.lasts;
import static io.tributary.format.Bodies.open;
import static io.tributary.format.Bodies.records;
import static io.tributary.format.Bodies.sizes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonRecordsTest {
    static final String PAGE =
            "{\"meta\":{\"count\":5},\"data\":[{\"id\":1},{\"id\":2},{\"id\":3},{\"id\":4},{\"id\":5}],"
                    + "\"next_page\":\"p2\"}";

    @Test
    void recordsComeInChunksAcrossTheArrayAndOnlyTheFinalChunkIsLast() throws Exception {
        List<Chunk> chunks = chunks(json("/data"), PAGE, 2);
        assertEquals(List.of(2, 2, 1), sizes(chunks));
        assertEquals(List.of(false, false, true), lasts(chunks));
        assertEquals(
                List.of("{\"id\":1}", "{\"id\":2}", "{\"id\":3}", "{\"id\":4}", "{\"id\":5}"),
                records(chunks));
    }

    @Test
    void aBodyOfExactlyTheChunkSizeIsOneLastChunk() throws Exception {
        List<Chunk> chunks = chunks(json("/data"), "{\"data\":[{\"id\":1},{\"id\":2}]}", 2);
        assertEquals(List.of(2), sizes(chunks));
        assertEquals(List.of(true), lasts(chunks));
    }

    @Test
    void anEmptyRecordsArrayIsOneEmptyLastChunk() throws Exception {
        List<Chunk> chunks = chunks(json("/data"), "{\"data\":[],\"next\":null}", 10);
        assertEquals(List.of(0), sizes(chunks));
        assertEquals(List.of(true), lasts(chunks));
    }

    @Test
    void theEnvelopeHoldsEverythingAroundTheRecordsATokenAfterThemIncluded() throws Exception {
        try (RecordReader reader = open(json("/data"), PAGE)) {
            Chunk first = reader.next(2);
            assertFalse(reader.envelope().has("next_page"), "not read yet: " + reader.envelope());
            assertEquals(5, reader.envelope().at("/meta/count").asInt());
            Chunk rest = reader.next(10);
            assertTrue(rest.last());
            assertEquals(2 + 3, first.size() + rest.size());
            assertEquals(
                    "{\"meta\":{\"count\":5},\"data\":[],\"next_page\":\"p2\"}",
                    reader.envelope().toString());
            assertEquals(PAGE.length(), reader.bytesRead());
        }
    }

    @Test
    void aBodyThatIsTheArrayItselfIsReadWithSlashNothingOrDollar() throws Exception {
        for (String path : new String[] {"/", "", "$", null}) {
            List<Chunk> chunks = chunks(json(path), "[{\"id\":1},{\"id\":2}]", 5);
            assertEquals(List.of("{\"id\":1}", "{\"id\":2}"), records(chunks), "path " + path);
        }
    }

    @Test
    void aDollarPathAndANestedPointerThroughAnArrayReachTheRecords() throws Exception {
        String body =
                "{\"result\":{\"pages\":[{\"skip\":[1]},{\"items\":[{\"id\":9}],\"cursor\":\"c\"}]}}";
        assertEquals(
                List.of("{\"id\":9}"), records(chunks(json("$.result.pages[1].items"), body, 5)));
        try (RecordReader reader = open(json("/result/pages/1/items"), body)) {
            assertEquals(1, chunks(reader, 5).get(0).records().size());
            assertEquals("c", reader.envelope().at("/result/pages/1/cursor").asText());
            assertEquals("[1]", reader.envelope().at("/result/pages/0/skip").toString());
            assertEquals(0, reader.envelope().at("/result/pages/1/items").size());
        }
    }

    @Test
    void anElementThatIsNoObjectIsStillARecordForTheMapperToJudge() throws Exception {
        assertEquals(
                List.of("1", "\"a\"", "null", "[2]", "{}"),
                records(chunks(json("/"), "[1,\"a\",null,[2],{}]", 2)));
    }

    @Test
    void decimalsKeepTheDigitsTheSourceWrote() throws Exception {
        List<String> records = records(chunks(json("/"), "[{\"price\":16.50,\"n\":1e2}]", 5));
        assertEquals("{\"price\":16.50,\"n\":1E+2}", records.get(0));
    }

    @Test
    void noArrayAtTheRecordsPathIsMalformedAndNamesThePath() throws Exception {
        MalformedInputException missing =
                assertThrows(
                        MalformedInputException.class,
                        () -> chunks(json("/items"), "{\"data\":[]}", 5));
        assertTrue(
                missing.getMessage().startsWith("no array at recordsPath '/items'"),
                missing.getMessage());
        MalformedInputException object =
                assertThrows(
                        MalformedInputException.class,
                        () -> chunks(json("/items"), "{\"items\":{\"secret\":\"x\"}}", 5));
        assertEquals("no array at recordsPath '/items': it holds an object", object.getMessage());
        assertThrows(MalformedInputException.class, () -> chunks(json("/"), "{\"a\":1}", 5));
        assertThrows(MalformedInputException.class, () -> chunks(json("/"), "", 5));
    }

    @Test
    void aCutOffBodyReturnsTheRecordsBeforeThenFailsWithTheByteOffsetAndNoText() throws Exception {
        String body = "{\"data\":[{\"name\":\"Ada\"},{\"name\":\"JaneD";
        try (RecordReader reader = open(json("/data"), body)) {
            Chunk first = reader.next(10);
            assertEquals(List.of("{\"name\":\"Ada\"}"), records(List.of(first)));
            assertFalse(first.last());
            MalformedInputException e =
                    assertThrows(MalformedInputException.class, () -> reader.next(10));
            assertTrue(e.getMessage().contains("at byte "), e.getMessage());
            assertFalse(e.getMessage().contains("JaneD"), e.getMessage());
            assertEquals(null, e.getCause(), "Jackson's exception quotes the body");
        }
    }

    @Test
    void textAfterTheDocumentIsMalformedWithItsOffsetAndNotQuoted() throws Exception {
        try (RecordReader reader = open(json("/"), "[{\"id\":1}] secretToken")) {
            assertFalse(reader.next(10).last(), "the record before the break comes first");
            MalformedInputException e =
                    assertThrows(MalformedInputException.class, () -> reader.next(10));
            assertTrue(e.getMessage().contains("at byte "), e.getMessage());
            assertFalse(e.getMessage().contains("secretToken"), e.getMessage());
        }
        assertThrows(
                MalformedInputException.class, () -> chunks(json("/"), "[{\"id\":1}] [2]", 10));
    }

    @Test
    void aDeclaredIso88591BodyIsDecodedAsDeclaredAndUtf16IsDetected() throws Exception {
        String body = "[{\"name\":\"Müller\"}]";
        try (RecordReader reader =
                open(
                        json("/"),
                        body.getBytes(StandardCharsets.ISO_8859_1),
                        StandardCharsets.ISO_8859_1)) {
            assertEquals("Müller", reader.next(5).records().get(0).get("name").asText());
        }
        try (RecordReader reader =
                open(json("/"), body.getBytes(StandardCharsets.UTF_16LE), null)) {
            assertEquals("Müller", reader.next(5).records().get(0).get("name").asText());
        }
    }

    @Test
    void callingAgainAfterTheLastChunkOrAFailureIsAnError() throws Exception {
        try (RecordReader reader = open(json("/"), "[]")) {
            assertTrue(reader.next(5).last());
            assertThrows(IllegalStateException.class, () -> reader.next(5));
        }
        try (RecordReader reader = open(json("/items"), "{}")) {
            assertThrows(MalformedInputException.class, () -> reader.next(5));
            assertThrows(IllegalStateException.class, () -> reader.next(5));
        }
        try (RecordReader reader = open(json("/"), "[1,")) {
            assertEquals(1, reader.next(5).size());
            assertThrows(MalformedInputException.class, () -> reader.next(5));
            assertThrows(IllegalStateException.class, () -> reader.next(5));
        }
    }
}
