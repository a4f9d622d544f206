package io.tributary.format;

import static io.tributary.format.Bodies.chunks;
import static io.tributary.format.Bodies.csv;
import static io.tributary.format.Bodies.lasts;
import static io.tributary.format.Bodies.open;
import static io.tributary.format.Bodies.records;
import static io.tributary.format.Bodies.rejected;
import static io.tributary.format.Bodies.sizes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordsTest {
    @Test
    void eachRowIsAnObjectKeyedByTheHeaderWithTextValuesAndAnEmptyFieldNull() throws Exception {
        List<Chunk> chunks = chunks(csv(), "id,name,amount\n1,Ada,12.50\n2,,7\n", 5);
        assertEquals(
                List.of(
                        "{\"id\":\"1\",\"name\":\"Ada\",\"amount\":\"12.50\"}",
                        "{\"id\":\"2\",\"name\":null,\"amount\":\"7\"}"),
                records(chunks));
    }

    @Test
    void rowsComeInChunksAndOnlyTheFinalChunkIsLast() throws Exception {
        String body = "id\n1\n2\n3\n4\n5\n";
        List<Chunk> chunks = chunks(csv(), body, 2);
        assertEquals(List.of(2, 2, 1), sizes(chunks));
        assertEquals(List.of(false, false, true), lasts(chunks));
        assertEquals(List.of(2), sizes(chunks(csv(), "id\n1\n2", 2)));
        assertEquals(List.of(true), lasts(chunks(csv(), "id\n1\n2", 2)));
    }

    @Test
    void anEmptyBodyAndAHeaderAloneAreOneEmptyLastChunk() throws Exception {
        for (String body : new String[] {"", "id,name\n", "\n\n"}) {
            List<Chunk> chunks = chunks(csv(), body, 5);
            assertEquals(List.of(0), sizes(chunks), body);
            assertEquals(List.of(true), lasts(chunks), body);
        }
    }

    @Test
    void quotedFieldsKeepDelimitersDoubledQuotesAndLineBreaks() throws Exception {
        String body = "id,note\r\n1,\"a \"\"quoted\"\", field\"\r\n2,\"two\r\nlines\"\r\n";
        List<Chunk> chunks = chunks(csv(), body, 5);
        assertEquals("a \"quoted\", field", chunks.get(0).records().get(0).get("note").asText());
        assertEquals("two\r\nlines", chunks.get(0).records().get(1).get("note").asText());
    }

    @Test
    void aRowWithTheWrongFieldCountIsABadRecordAtItsPhysicalLineAndTheRestLoads() throws Exception {
        // the header is line 1; the quoted field of row 2 spans lines 3 and 4
        String body =
                "id,name,city,zip\n"
                        + "1,Ada,London,N1\n"
                        + "2,\"Bob\nSmith\",Paris,75001\n"
                        + "\n"
                        + "3,Cy,Rome,00100,extra\n"
                        + "4,Di,Oslo,0150\n";
        List<Chunk> chunks = chunks(csv(), body, 10);
        assertEquals(3, records(chunks).size(), records(chunks).toString());
        List<BadRecord> bad = rejected(chunks);
        assertEquals(1, bad.size());
        assertEquals("line", bad.get(0).unit());
        assertEquals(6, bad.get(0).number());
        assertEquals("5 fields where the header has 4", bad.get(0).reason());
        assertEquals("3,Cy,Rome,00100,extra", bad.get(0).text());
        assertEquals("line 6: 5 fields where the header has 4", bad.get(0).describe());
    }

    @Test
    void aBadRowsTextIsWrittenBackAsCsv() throws Exception {
        List<BadRecord> bad = rejected(chunks(csv(), "a,b\n\"x,1\",\"say \"\"hi\"\"\",3\n", 5));
        assertEquals("\"x,1\",\"say \"\"hi\"\"\",3", bad.get(0).text());
    }

    @Test
    void textAfterAClosingQuoteIsABadRecordAndTheNextLineLoadsAtItsLine() throws Exception {
        String body = "id,name\n1,Ada\n2,\"Bob\"x,y\n3,Cy\n4,x,y\n";
        List<Chunk> chunks = chunks(csv(), body, 10);
        assertEquals(
                List.of("{\"id\":\"1\",\"name\":\"Ada\"}", "{\"id\":\"3\",\"name\":\"Cy\"}"),
                records(chunks));
        List<BadRecord> bad = rejected(chunks);
        assertEquals(List.of(3L, 5L), bad.stream().map(BadRecord::number).toList());
        assertTrue(bad.get(0).reason().startsWith("text after a closing quote"));
    }

    @Test
    void aQuoteLeftOpenToTheEndIsTheLastBadRecordAfterTheRowsBeforeIt() throws Exception {
        String body = "id,name\n1,Ada\n2,\"Bob\n3,Cy\n4,Di\n";
        List<Chunk> chunks = chunks(csv(), body, 10);
        assertEquals(List.of("{\"id\":\"1\",\"name\":\"Ada\"}"), records(chunks));
        List<BadRecord> bad = rejected(chunks);
        assertEquals(1, bad.size());
        assertEquals(3, bad.get(0).number());
        assertTrue(bad.get(0).reason().contains("not closed before the end of the body"));
        assertTrue(chunks.get(chunks.size() - 1).last());
    }

    @Test
    void aSemicolonDelimitedFileIsReadWithCsvDelimiter() throws Exception {
        FormatSettings semicolons = FormatSettings.parse("csv", null, ";", null, null, null, null);
        assertEquals(
                List.of("{\"id\":\"1\",\"amount\":\"12,50\"}"),
                records(chunks(semicolons, "id;amount\n1;12,50\n", 5)));
    }

    @Test
    void anotherQuoteCharacterIsReadWithCsvQuote() throws Exception {
        FormatSettings single = FormatSettings.parse("csv", null, null, "'", null, null, null);
        assertEquals(
                List.of("{\"id\":\"1\",\"note\":\"a,b\"}"),
                records(chunks(single, "id,note\n1,'a,b'\n", 5)));
    }

    @Test
    void aDeclaredIso88591FileIsDecodedAsDeclared() throws Exception {
        byte[] body = "name\nMüller\n".getBytes(StandardCharsets.ISO_8859_1);
        try (RecordReader reader = open(csv(), body, StandardCharsets.ISO_8859_1)) {
            assertEquals("Müller", reader.next(5).records().get(0).get("name").asText());
        }
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstColumnsName() throws Exception {
        assertEquals(List.of("{\"id\":\"1\"}"), records(chunks(csv(), "\uFEFFid\n1\n", 5)));
    }

    @Test
    void aFileWithoutHeaderIsReadWithCsvColumnsAndItsFirstRowIsARecord() throws Exception {
        FormatSettings columns =
                FormatSettings.parse("csv", null, null, null, "id, name", null, null);
        List<Chunk> chunks = chunks(columns, "1,Ada\n2,Bob,extra\n", 5);
        assertEquals(List.of("{\"id\":\"1\",\"name\":\"Ada\"}"), records(chunks));
        assertEquals(2, rejected(chunks).get(0).number());
    }

    @Test
    void aHeaderNamingAColumnTwiceOrNoneIsMalformedAndNamesTheColumn() throws Exception {
        MalformedInputException twice =
                assertThrows(
                        MalformedInputException.class,
                        () -> chunks(csv(), "id,name,id\n1,a,2\n", 5));
        assertEquals(
                "the CSV header names column 'id' twice (columns 1 and 3)", twice.getMessage());
        MalformedInputException blank =
                assertThrows(
                        MalformedInputException.class, () -> chunks(csv(), "id,,x\n1,2,3\n", 5));
        assertEquals("the CSV header's column 2 has no name", blank.getMessage());
    }

    @Test
    void theEnvelopeIsAnEmptyObjectAndEveryByteIsCounted() throws Exception {
        String body = "id\n1\n";
        try (RecordReader reader = open(csv(), body)) {
            chunks(reader, 5);
            assertEquals("{}", reader.envelope().toString());
            assertEquals(body.length(), reader.bytesRead());
        }
    }

    @Test
    void bytesNotInTheCharsetAreMalformed() throws Exception {
        byte[] body = "name\nMüller\n".getBytes(StandardCharsets.ISO_8859_1);
        MalformedInputException e =
                assertThrows(
                        MalformedInputException.class,
                        () -> {
                            try (RecordReader reader = open(csv(), body, null)) {
                                chunks(reader, 5);
                            }
                        });
        assertTrue(e.getMessage().contains("not UTF-8 text"), e.getMessage());
    }
}
