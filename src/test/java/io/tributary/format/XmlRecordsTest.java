package io.tributary.format;

import static io.tributary.format.Bodies.chunks;
import static io.tributary.format.Bodies.lasts;
import static io.tributary.format.Bodies.open;
import static io.tributary.format.Bodies.records;
import static io.tributary.format.Bodies.sizes;
import static io.tributary.format.Bodies.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XmlRecordsTest {
    static final String NAMESPACES =
            "soap=http://schemas.xmlsoap.org/soap/envelope/,m=urn:example:search";

    /** A SOAP 1.1 response whose payload is in a default namespace, the token after the items. */
    static final String SOAP =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    + "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">\n"
                    + "  <soap:Header><Trace>t-1</Trace></soap:Header>\n"
                    + "  <soap:Body>\n"
                    + "    <SearchResponse xmlns=\"urn:example:search\" total=\"3\">\n"
                    + "      <Item id=\"1\"><Name>Ada</Name></Item>\n"
                    + "      <Item id=\"2\"><Name>Bob</Name></Item>\n"
                    + "      <Item id=\"3\"><Name>Cy</Name></Item>\n"
                    + "      <NextPageToken>abc</NextPageToken>\n"
                    + "    </SearchResponse>\n"
                    + "  </soap:Body>\n"
                    + "</soap:Envelope>\n";

    static final String ITEMS = "/soap:Envelope/soap:Body/m:SearchResponse/m:Item";

    @Test
    void elementsAtAnAbsolutePathWithNamespacesAreTheRecordsInChunks() throws Exception {
        List<Chunk> chunks = chunks(xml(ITEMS, NAMESPACES), SOAP, 2);
        assertEquals(List.of(2, 1), sizes(chunks));
        assertEquals(List.of(false, true), lasts(chunks));
        assertEquals(
                List.of(
                        "{\"@id\":\"1\",\"Name\":\"Ada\"}",
                        "{\"@id\":\"2\",\"Name\":\"Bob\"}",
                        "{\"@id\":\"3\",\"Name\":\"Cy\"}"),
                records(chunks));
    }

    @Test
    void aBodyOfExactlyTheChunkSizeIsOneLastChunk() throws Exception {
        List<Chunk> chunks = chunks(xml(ITEMS, NAMESPACES), SOAP, 3);
        assertEquals(List.of(3), sizes(chunks));
        assertEquals(List.of(true), lasts(chunks));
    }

    @Test
    void aDocumentWithoutSuchElementsIsOneEmptyLastChunk() throws Exception {
        List<Chunk> chunks = chunks(xml("//m:Row", NAMESPACES), SOAP, 3);
        assertEquals(List.of(0), sizes(chunks));
        assertEquals(List.of(true), lasts(chunks));
    }

    @Test
    void theEnvelopeIsTheRestOfTheDocumentAsJsonTheTokenAfterTheRecordsIncluded() throws Exception {
        try (RecordReader reader = open(xml("//m:Item", NAMESPACES), SOAP)) {
            reader.next(1);
            assertTrue(
                    reader.envelope()
                            .at("/Envelope/Body/SearchResponse/NextPageToken")
                            .isMissingNode(),
                    "not read yet: " + reader.envelope());
            assertEquals("t-1", reader.envelope().at("/Envelope/Header/Trace").asText());
            assertTrue(chunks(reader, 5).get(0).last());
            assertEquals(
                    "{\"Envelope\":{\"Header\":{\"Trace\":\"t-1\"},\"Body\":{\"SearchResponse\":"
                            + "{\"@total\":\"3\",\"Item\":[],\"NextPageToken\":\"abc\"}}}}",
                    reader.envelope().toString());
            assertEquals(
                    "abc",
                    reader.envelope().at("/Envelope/Body/SearchResponse/NextPageToken").asText());
            assertEquals(SOAP.length(), reader.bytesRead());
        }
    }

    @Test
    void anUnprefixedStepMatchesOnlyElementsInNoNamespace() throws Exception {
        assertEquals(List.of(0), sizes(chunks(xml("//Item", null), SOAP, 5)));
        assertEquals(
                List.of("{\"#text\":\"x\"}"),
                records(chunks(xml("//Item", null), "<r><Item>x</Item></r>", 5)));
    }

    @Test
    void repeatedChildrenAreArraysAttributesAreAtNamesAndXsiNilIsNull() throws Exception {
        String body =
                "<rows xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
                        + "<row id=\"7\">\n"
                        + "  <tag>a</tag>\n  <tag>b</tag>\n"
                        + "  <price currency=\"EUR\">12.50</price>\n"
                        + "  <note>  kept as written </note>\n"
                        + "  <empty/>\n"
                        + "  <missing xsi:nil=\"true\"/>\n"
                        + "  <p>Hello <b>you</b> there</p>\n"
                        + "  <address><city>Oslo</city></address>\n"
                        + "</row></rows>";
        String record = records(chunks(xml("/rows/row", null), body, 5)).get(0);
        assertEquals(
                "{\"@id\":\"7\",\"tag\":[\"a\",\"b\"],"
                        + "\"price\":{\"@currency\":\"EUR\",\"#text\":\"12.50\"},"
                        + "\"note\":\"  kept as written \",\"empty\":\"\",\"missing\":null,"
                        + "\"p\":{\"b\":\"you\",\"#text\":\"Hello  there\"},"
                        + "\"address\":{\"city\":\"Oslo\"}}",
                record);
    }

    @Test
    void aDescendantPathFindsTheElementsAtAnyDepthButNotInsideARecord() throws Exception {
        String body =
                "<a xmlns=\"urn:example:search\"><Item><Item>inner</Item></Item><b><Item>2</Item></b></a>";
        assertEquals(
                List.of("{\"Item\":\"inner\"}", "{\"#text\":\"2\"}"),
                records(chunks(xml("//m:Item", NAMESPACES), body, 5)));
    }

    @Test
    void aDocumentThatIsNotWellFormedIsMalformedWithLineAndColumnAndNoText() throws Exception {
        String body = "<r>\n<Item><Name>JaneDoe</Nme></Item>\n</r>";
        MalformedInputException e =
                assertThrows(
                        MalformedInputException.class, () -> chunks(xml("//Item", null), body, 5));
        assertTrue(e.getMessage().contains("at line 2, column"), e.getMessage());
        assertFalse(e.getMessage().contains("JaneDoe"), e.getMessage());
        assertNull(e.getCause(), "the parser's exception may quote the body");
    }

    @Test
    void aBrokenDocumentReturnsTheRecordsBeforeTheBreakFirst() throws Exception {
        try (RecordReader reader =
                open(xml("//Item", null), "<r><Item>1</Item><Item>2</Item><Item>3")) {
            Chunk first = reader.next(10);
            assertEquals(2, first.records().size());
            assertFalse(first.last());
            assertThrows(MalformedInputException.class, () -> reader.next(10));
        }
    }

    @Test
    void anExternalEntityInADoctypeIsNeverRead(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-VALUE");
        String body =
                "<?xml version=\"1.0\"?>\n"
                        + "<!DOCTYPE r [<!ENTITY xxe SYSTEM \""
                        + secret.toUri()
                        + "\">]>\n"
                        + "<r><Item>&xxe;</Item></r>";
        MalformedInputException e =
                assertThrows(
                        MalformedInputException.class, () -> chunks(xml("//Item", null), body, 5));
        assertFalse(e.getMessage().contains("TOP-SECRET"), e.getMessage());
    }

    @Test
    void theDeclaredEncodingOfTheDocumentOrTheCallersCharsetDecodesIt() throws Exception {
        String body = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><r><Item>Müller</Item></r>";
        try (RecordReader reader =
                open(xml("//Item", null), body.getBytes(StandardCharsets.ISO_8859_1), null)) {
            assertEquals("{\"#text\":\"Müller\"}", reader.next(5).records().get(0).toString());
        }
        String undeclared = "<r><Item>Müller</Item></r>";
        try (RecordReader reader =
                open(
                        xml("//Item", null),
                        undeclared.getBytes(StandardCharsets.ISO_8859_1),
                        StandardCharsets.ISO_8859_1)) {
            assertEquals("{\"#text\":\"Müller\"}", reader.next(5).records().get(0).toString());
        }
    }

    @Test
    void theRootItselfCanBeTheRecord() throws Exception {
        try (RecordReader reader = open(xml("/Item", null), "<Item a=\"1\"><b>2</b></Item>")) {
            assertEquals("{\"@a\":\"1\",\"b\":\"2\"}", reader.next(5).records().get(0).toString());
            assertEquals("{\"Item\":[]}", reader.envelope().toString());
        }
    }
}
