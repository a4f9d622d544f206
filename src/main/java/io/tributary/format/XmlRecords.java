package io.tributary.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.CharConversionException;
import java.io.IOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * An XML document (a SOAP response, an export) whose records are the elements {@code recordsPath}
 * names ({@link ElementPath}), read with StAX one element at a time, each as JSON ({@link
 * XmlElement}). Everything else is the envelope, in the same shape, by local names from the root
 * down, the records' place an empty array: {@code
 * {"Envelope":{"Body":{"SearchResponse":{"NextPageToken":"abc","Item":[]}}}}}, so a paging token is
 * the JSON pointer {@code /Envelope/Body/SearchResponse/NextPageToken}.
 *
 * <p>No DTD is read and no external entity resolved (XXE): a document that uses an entity it
 * declares in a DOCTYPE fails as not well-formed.
 */
final class XmlRecords extends ChunkedReader {
    private static final String XSI = XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI;
    private static final XMLInputFactory FACTORY = factory();

    private final XMLStreamReader xml;
    private final ElementPath path;

    /** The document (index 0) and the elements open in it, the innermost last. */
    private final List<XmlElement> open = new ArrayList<>();

    private String[] openUris = new String[16];
    private String[] openNames = new String[16];

    /** The depth of the record being read (1: the root), -1 outside records. */
    private int recordDepth = -1;

    private final Map<String, String> attributeKeys = new HashMap<>();
    private boolean ended;

    XmlRecords(CountingInputStream in, Charset charset, ElementPath path) throws IOException {
        super(in);
        this.path = path;
        open.add(new XmlElement(null));
        try {
            // a declared charset overrides the document's own declaration, as for any text/xml
            this.xml =
                    charset == null
                            ? FACTORY.createXMLStreamReader(in)
                            : FACTORY.createXMLStreamReader(in, charset.name());
        } catch (XMLStreamException e) {
            throw malformed(e);
        }
    }

    private static XMLInputFactory factory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        if (factory.isPropertySupported(XMLConstants.ACCESS_EXTERNAL_DTD)) {
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        }
        return factory;
    }

    @Override
    Object read() throws IOException {
        try {
            while (true) {
                switch (xml.next()) {
                    case XMLStreamConstants.START_ELEMENT:
                        start();
                        break;
                    case XMLStreamConstants.CHARACTERS:
                    case XMLStreamConstants.CDATA:
                    case XMLStreamConstants.SPACE:
                        if (open.size() > 1) {
                            open.get(open.size() - 1)
                                    .text(
                                            xml.getTextCharacters(),
                                            xml.getTextStart(),
                                            xml.getTextLength(),
                                            xml.isWhiteSpace());
                        }
                        break;
                    case XMLStreamConstants.END_ELEMENT:
                        XmlElement element = open.remove(open.size() - 1);
                        if (open.size() == recordDepth) {
                            recordDepth = -1;
                            return element.record();
                        }
                        open.get(open.size() - 1).child(element.name, element.value());
                        break;
                    case XMLStreamConstants.END_DOCUMENT:
                        ended = true;
                        return END;
                    default: // comments, processing instructions, the DOCTYPE
                }
            }
        } catch (XMLStreamException e) {
            throw malformed(e);
        }
    }

    private void start() {
        int depth = open.size(); // the new element's: 1 for the root
        if (depth > openNames.length) {
            openUris = java.util.Arrays.copyOf(openUris, depth * 2);
            openNames = java.util.Arrays.copyOf(openNames, depth * 2);
        }
        String uri = xml.getNamespaceURI();
        String name = xml.getLocalName();
        openUris[depth - 1] = uri == null ? "" : uri;
        openNames[depth - 1] = name;
        if (recordDepth < 0 && path.matches(openUris, openNames, depth)) {
            recordDepth = depth;
            open.get(depth - 1).records(name);
        }
        XmlElement element = new XmlElement(name);
        for (int i = 0, n = xml.getAttributeCount(); i < n; i++) {
            String local = xml.getAttributeLocalName(i);
            String value = xml.getAttributeValue(i);
            if (local.equals("nil") && XSI.equals(xml.getAttributeNamespace(i))) {
                if (value.strip().equals("true") || value.strip().equals("1")) {
                    element.nil();
                }
                continue;
            }
            element.attribute(attributeKeys.computeIfAbsent(local, k -> "@" + k), value);
        }
        open.add(element);
    }

    private static IOException malformed(XMLStreamException e) {
        Throwable cause = e.getNestedException() != null ? e.getNestedException() : e.getCause();
        if (cause instanceof IOException && !(cause instanceof CharConversionException)) {
            return (IOException) cause; // the stream's own failure, not the document's
        }
        Location at = e.getLocation();
        String message = e.getMessage() == null ? "" : e.getMessage();
        int reason = message.indexOf("Message: ");
        return new MalformedInputException(
                "the XML body is not well-formed"
                        + (at == null
                                ? ""
                                : " at line "
                                        + at.getLineNumber()
                                        + ", column "
                                        + at.getColumnNumber())
                        + ": "
                        + ParserMessages.withoutText(
                                reason < 0 ? message : message.substring(reason + 9)),
                null); // not the parser's exception: its message may quote the body
    }

    @Override
    String position() {
        Location at = xml.getLocation();
        return "line " + at.getLineNumber() + ", column " + at.getColumnNumber();
    }

    @Override
    String charsetName() {
        String encoding = xml.getEncoding();
        return encoding == null ? "UTF-8" : encoding;
    }

    @Override
    public JsonNode envelope() {
        if (ended) {
            return open.get(0).fieldsOrEmpty();
        }
        // the elements still open, each with what it holds so far; a record being read is not
        int top = recordDepth < 0 ? open.size() - 1 : recordDepth - 1;
        String childName = null;
        JsonNode child = null;
        for (int i = top; i >= 0; i--) {
            XmlElement element = open.get(i);
            child = element.partial(childName, child);
            childName = element.name;
        }
        return child;
    }

    @Override
    public void close() throws IOException {
        try {
            xml.close();
        } catch (XMLStreamException e) {
            // closing the parser frees it; the stream is closed below either way
        } finally {
            super.close();
        }
    }
}
