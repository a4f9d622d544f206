package io.tributary.format;

import static io.tributary.format.Bodies.chunks;
import static io.tributary.format.Bodies.records;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.format.FormatSettings.Compression;
import io.tributary.format.FormatSettings.Kind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class FormatSettingsTest {
    @Test
    void blankParametersMeanJsonAtTheTopLevelCommaDoubleQuoteAHeaderRowAndNoCompression() {
        FormatSettings settings = FormatSettings.parse(null, null, null, null, null, null, null);
        assertEquals(
                new FormatSettings(Kind.JSON, "/", ',', '"', List.of(), Map.of(), Compression.NONE),
                settings);
    }

    @Test
    void everyParameterIsReadFromItsText() {
        FormatSettings settings =
                FormatSettings.parse(
                        "CSV", "$.ignored", "tab", "'", "id, name ,zip", "m=urn:x", "Auto");
        assertEquals(Kind.CSV, settings.kind());
        assertEquals('\t', settings.csvDelimiter());
        assertEquals('\'', settings.csvQuote());
        assertEquals(List.of("id", "name", "zip"), settings.csvColumns());
        assertEquals(Map.of("m", "urn:x"), settings.xmlNamespaces());
        assertEquals(Compression.AUTO, settings.compression());
        assertEquals(
                "/data/0/items",
                FormatSettings.parse("json", "$.data[0].items", null, null, null, null, null)
                        .recordsPath());
    }

    /** Each bad parameter text and the error it must give. */
    @Test
    void aBadParameterIsRefusedNamingTheParameterAndItsValue() {
        refused(
                "format 'yaml' must be one of json, jsonl, csv, xml",
                "yaml",
                null,
                null,
                null,
                null,
                null,
                null);
        refused(
                "csvDelimiter '::' must be one character (or tab)",
                "csv",
                null,
                "::",
                null,
                null,
                null,
                null);
        refused(
                "csvQuote 'ab' must be one character (or tab)",
                "csv",
                null,
                null,
                "ab",
                null,
                null,
                null);
        refused(
                "csvQuote ',' must differ from csvDelimiter ','",
                "csv",
                null,
                null,
                ",",
                null,
                null,
                null);
        refused(
                "csvColumns 'id,,name' has an empty name: write names, comma-separated",
                "csv",
                null,
                null,
                null,
                "id,,name",
                null,
                null);
        refused(
                "csvColumns 'id,id' names 'id' twice",
                "csv",
                null,
                null,
                null,
                "id,id",
                null,
                null);
        refused(
                "xmlNamespaces 'soap' must be prefix=uri, comma-separated",
                "xml",
                "//soap:Body",
                null,
                null,
                null,
                "soap",
                null);
        refused(
                "xmlNamespaces 'm=urn:a,m=urn:b' declares prefix 'm' twice",
                "xml",
                "//m:Item",
                null,
                null,
                null,
                "m=urn:a,m=urn:b",
                null);
        refused(
                "recordsPath '//m:Item' uses prefix 'm', which xmlNamespaces does not declare"
                        + " (e.g. m=urn:example)",
                "xml",
                "//m:Item",
                null,
                null,
                null,
                "soap=urn:soap",
                null);
        refused(
                "recordsPath '' must be an XML element path such as /Envelope/Body/Item or //m:Item",
                "xml",
                null,
                null,
                null,
                null,
                null,
                null);
        refused(
                "recordsPath 'Item' must be an XML element path such as /Envelope/Body/Item or //m:Item",
                "xml",
                "Item",
                null,
                null,
                null,
                null,
                null);
        refused(
                "recordsPath '/a//b': step '' is not an element name (prefix:name or name)",
                "xml",
                "/a//b",
                null,
                null,
                null,
                null,
                null);
        refused(
                "recordsPath 'items' must be a JSON pointer such as /items",
                "json",
                "items",
                null,
                null,
                null,
                null,
                null);
        refused(
                "compression 'zip' must be one of none, gzip, auto",
                "json",
                null,
                null,
                null,
                null,
                null,
                "zip");
    }

    private static void refused(String message, String... parameters) {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                FormatSettings.parse(
                                        parameters[0],
                                        parameters[1],
                                        parameters[2],
                                        parameters[3],
                                        parameters[4],
                                        parameters[5],
                                        parameters[6]));
        assertEquals(message, e.getMessage());
    }

    @Test
    void aGzipBodyIsDecompressedAndBytesReadCountsTheDecompressedBytes() throws Exception {
        String body = "{\"id\":1}\n{\"id\":2}\n";
        FormatSettings gzip = FormatSettings.parse("jsonl", null, null, null, null, null, "gzip");
        try (RecordReader reader = gzip.open(new ByteArrayInputStream(gzip(body)), null)) {
            assertEquals(List.of("{\"id\":1}", "{\"id\":2}"), records(Bodies.chunks(reader, 5)));
            assertEquals(body.length(), reader.bytesRead());
        }
    }

    @Test
    void autoCompressionRecognisesGzipByItsFirstBytesAndReadsPlainBodiesAsTheyAre()
            throws Exception {
        FormatSettings auto = FormatSettings.parse("csv", null, null, null, null, null, "auto");
        String body = "id\n1\n";
        try (RecordReader reader = auto.open(new ByteArrayInputStream(gzip(body)), null)) {
            assertEquals(List.of("{\"id\":\"1\"}"), records(Bodies.chunks(reader, 5)));
        }
        assertEquals(List.of("{\"id\":\"1\"}"), records(chunks(auto, body, 5)));
        assertEquals(List.of(0), Bodies.sizes(chunks(auto, "", 5)), "shorter than gzip's magic");
        assertEquals(List.of(0), Bodies.sizes(chunks(auto, "\n", 5)));
    }

    @Test
    void aBodyThatIsNotTheGzipItIsSaidToBeIsMalformed() throws Exception {
        FormatSettings gzip = FormatSettings.parse("jsonl", null, null, null, null, null, "gzip");
        MalformedInputException plain =
                assertThrows(
                        MalformedInputException.class,
                        () ->
                                gzip.open(
                                        new ByteArrayInputStream(
                                                "{}".getBytes(StandardCharsets.UTF_8)),
                                        null));
        assertTrue(plain.getMessage().contains("not the gzip data"), plain.getMessage());
        byte[] corrupt = gzip("{\"id\":1}\n".repeat(100));
        for (int i = 12; i < corrupt.length - 8; i++) {
            corrupt[i] = (byte) 0xff; // the deflate blocks, after gzip's header
        }
        assertThrows(
                MalformedInputException.class,
                () -> {
                    try (RecordReader reader = gzip.open(new ByteArrayInputStream(corrupt), null)) {
                        Bodies.chunks(reader, 5);
                    }
                });
    }

    @Test
    void aContentTypeNamesItsFormat() {
        assertEquals(Optional.of(Kind.JSONL), Kind.ofContentType("application/x-ndjson"));
        assertEquals(Optional.of(Kind.CSV), Kind.ofContentType("text/csv; charset=utf-8"));
        assertEquals(Optional.of(Kind.XML), Kind.ofContentType("application/soap+xml"));
        assertEquals(Optional.of(Kind.JSON), Kind.ofContentType("application/vnd.api+json"));
        assertEquals(Optional.empty(), Kind.ofContentType("text/plain"));
    }

    static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
