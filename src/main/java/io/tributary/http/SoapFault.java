package io.tributary.http;

import java.io.StringReader;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A SOAP Fault in an error response's body: its code and its reason, so a failure line says what
 * the service said rather than the first 300 characters of an envelope, and the error policy can
 * tell a fault of the request from one of the server.
 *
 * <p>SOAP 1.1 (www.w3.org/TR/2000/NOTE-SOAP-20000508, section 4.4): {@code <soap:Fault>
 * <faultcode>soap:Client</faultcode><faultstring>...</faultstring>}, sent with HTTP 500; a {@code
 * Client} code (Workday's {@code SOAP-ENV:Client.validationError}) means the message "should not be
 * resent without change", a {@code Server} code that it "may succeed at a later point in time".
 * SOAP 1.2 (www.w3.org/TR/soap12-part1/#soapfault): {@code <env:Code><env:Value>env:Sender} and
 * {@code <env:Reason><env:Text>}; {@code Sender} faults go with HTTP 400, {@code Receiver} ones
 * with 500.
 *
 * @param code the fault code as written, e.g. {@code SOAP-ENV:Client.validationError}
 * @param reason the fault string, or the first reason text
 */
public record SoapFault(String code, String reason) {
    static final String SOAP_11 = "http://schemas.xmlsoap.org/soap/envelope/";
    static final String SOAP_12 = "http://www.w3.org/2003/05/soap-envelope";
    private static final XMLInputFactory XML = secureFactory();

    /** The fault in {@code body}; empty when the body is not a SOAP envelope with a Fault. */
    public static Optional<SoapFault> of(String body) {
        if (body == null || !body.contains("Fault")) {
            return Optional.empty(); // most error bodies: no parse
        }
        try {
            XMLStreamReader r = XML.createXMLStreamReader(new StringReader(body));
            try {
                return read(r);
            } finally {
                r.close();
            }
        } catch (XMLStreamException | RuntimeException notXml) {
            return Optional.empty();
        }
    }

    /**
     * Whether the fault blames the request (SOAP 1.1 {@code Client...}, SOAP 1.2 {@code Sender}):
     * sending it again unchanged cannot help.
     */
    public boolean blamesTheRequest() {
        String local = code.substring(code.indexOf(':') + 1).trim();
        return local.startsWith("Client") || local.equals("Sender");
    }

    private static Optional<SoapFault> read(XMLStreamReader r) throws XMLStreamException {
        boolean inFault = false;
        String code = null;
        String reason = null;
        while (r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamReader.END_ELEMENT
                    && inFault
                    && r.getLocalName().equals("Fault")) {
                break;
            }
            if (event != XMLStreamReader.START_ELEMENT) {
                continue;
            }
            String name = r.getLocalName();
            String ns = r.getNamespaceURI();
            if (name.equals("Fault") && (SOAP_11.equals(ns) || SOAP_12.equals(ns))) {
                inFault = true;
            } else if (inFault && code == null && (name.equals("faultcode") || isValue(r))) {
                code = r.getElementText().trim();
            } else if (inFault
                    && reason == null
                    && (name.equals("faultstring") || name.equals("Text"))) {
                reason = r.getElementText().trim();
            }
        }
        return inFault && code != null
                ? Optional.of(new SoapFault(code, reason == null ? "" : reason))
                : Optional.empty();
    }

    /** SOAP 1.2's {@code Code/Value} (a Subcode's Value comes after the first). */
    private static boolean isValue(XMLStreamReader r) {
        return r.getLocalName().equals("Value") && SOAP_12.equals(r.getNamespaceURI());
    }

    /** No DTD, no external entity: an error body is the server's, read as data only. */
    private static XMLInputFactory secureFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, true);
        return f;
    }
}
