package io.tributary.connector;

import java.io.IOException;
import java.io.StringReader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Attr;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * A {@code requestBody} of {@code requestBodyType: xml}: a SOAP envelope whose placeholders stand
 * in element text or attribute values, each value XML-escaped there. Checked once at start-up by
 * parsing the body with every placeholder filled with a sample that needs escaping: the body must
 * be well-formed, and every sample must come back as text or an attribute's value (not inside a
 * comment, a CDATA section or a name). The parser reads no DTD and resolves no entity.
 */
final class XmlRequestBody {
    /** Needs every escape, and is no XML name: a placeholder in a tag or name fails the parse. */
    private static final String SAMPLE = "0 <&>\"'";

    private XmlRequestBody() {}

    /** {@code & < > " '} as entities: the same text in an element or an attribute value. */
    static String escaped(String value) {
        StringBuilder b = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * What is wrong with the body, null when nothing.
     *
     * @param placeholder the template's placeholders, each replaced by the sample
     */
    static String problem(String body, Pattern placeholder) {
        Matcher m = placeholder.matcher(body);
        int count = 0;
        StringBuilder filled = new StringBuilder();
        while (m.find()) {
            count++;
            m.appendReplacement(filled, Matcher.quoteReplacement(escaped(SAMPLE)));
        }
        m.appendTail(filled);
        Node document;
        try {
            DocumentBuilder parser = secureFactory().newDocumentBuilder();
            parser.setErrorHandler(new DefaultHandler()); // no "[Fatal Error]" on stderr
            org.w3c.dom.Document parsed =
                    parser.parse(new InputSource(new StringReader(filled.toString())));
            parsed.normalizeDocument();
            document = parsed;
        } catch (SAXParseException e) {
            return "is not well-formed XML (line "
                    + e.getLineNumber()
                    + ", column "
                    + e.getColumnNumber()
                    + ": "
                    + e.getMessage()
                    + "); a placeholder goes in element text or an attribute value, e.g."
                    + " <Updated_From>{cursor}</Updated_From>";
        } catch (SAXException | IOException | ParserConfigurationException e) {
            return "is not well-formed XML: " + e.getMessage();
        }
        int found = samples(document);
        if (found != count) {
            return "has a placeholder outside element text and attribute values (in a comment,"
                    + " a CDATA section or a processing instruction), where its value could not"
                    + " be escaped";
        }
        return null;
    }

    /** How often the sample stands, unescaped, in the document's texts and attribute values. */
    private static int samples(Node node) {
        int n = 0;
        if (node.getNodeType() == Node.TEXT_NODE) {
            n += occurrences(node.getNodeValue());
        }
        NamedNodeMap attributes = node.getAttributes();
        if (attributes != null) {
            for (int i = 0; i < attributes.getLength(); i++) {
                n += occurrences(((Attr) attributes.item(i)).getValue());
            }
        }
        for (Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
            n += samples(child);
        }
        return n;
    }

    private static int occurrences(String text) {
        int n = 0;
        for (int at = text.indexOf(SAMPLE); at >= 0; at = text.indexOf(SAMPLE, at + 1)) {
            n++;
        }
        return n;
    }

    /** No DTD, no external entity, no XInclude: the body is the route author's, but stays inert. */
    private static DocumentBuilderFactory secureFactory() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setCoalescing(true); // one text node per run of text, entities and CDATA included
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return f;
    }
}
