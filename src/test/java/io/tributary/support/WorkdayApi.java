package io.tributary.support;

import io.tributary.support.PagedApi.Reply;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * A loopback Workday tenant ({@code acme}) answering Human Resources {@code Get_Workers} as Workday
 * Web Services do (SOAP 1.1, document/literal, namespace {@code urn:com.workday/bsvc}), for a
 * {@link PagedApi}. Followed from Workday's public API reference, "Get_Workers" (Human_Resources
 * v42.0, community.workday.com/sites/default/files/file-hosting/productionapi/Human_Resources/
 * v42.0/Get_Workers.html), and Microsoft's "How Microsoft Entra provisioning integrates with
 * Workday" (learn.microsoft.com/entra/identity/app-provisioning/workday-integration-reference),
 * which shows the requests an incremental sync sends and the paging of the answers:
 *
 * <ul>
 *   <li>{@code POST /ccx/service/acme/Human_Resources/v42.0}, {@code Content-Type: text/xml} with a
 *       {@code SOAPAction} header (SOAP 1.1, section 6.1.1), {@code Authorization: Bearer} an
 *       access token; the envelope's {@code bsvc:Get_Workers_Request} is parsed: {@code
 *       Request_Criteria/Transaction_Log_Criteria_Data/Transaction_Date_Range_Data/Updated_From}
 *       (an {@code xsd:dateTime}: the workers whose last transaction was entered at or after it),
 *       {@code Response_Filter/Page} (from 1) and {@code Count} (1 to 999);
 *   <li>the answer: {@code env:Envelope/env:Body/wd:Get_Workers_Response} with {@code
 *       wd:Response_Filter} (the page asked), {@code wd:Response_Results} ({@code Total_Results},
 *       {@code Total_Pages}, {@code Page_Results}, {@code Page}) and {@code wd:Response_Data}, one
 *       {@code wd:Worker} each: {@code Worker_Reference} (its {@code WID} and {@code Employee_ID}
 *       IDs), {@code Worker_Descriptor}, {@code Worker_Data} with {@code Worker_ID}, {@code
 *       User_ID}, {@code Personal_Data/Name_Data/Legal_Name_Data/Name_Detail_Data} ({@code
 *       wd:Formatted_Name} and {@code wd:Reporting_Name} attributes, {@code First_Name}, {@code
 *       Last_Name}), {@code Employment_Data/Worker_Status_Data/Hire_Date} and, asked by {@code
 *       Include_Transaction_Log_Data}, {@code Transaction_Log_Entry_Data}. Workers come in Employee
 *       ID order, not by time of change;
 *   <li>a request it cannot read (no SOAPAction, another Content-Type, an envelope that is not XML
 *       or lacks the request, a Page below 1, a date that is not one) is a SOAP Fault with HTTP
 *       500, {@code <faultcode>SOAP-ENV:Client.validationError</faultcode>} and Workday's {@code
 *       faultstring} "Validation error occurred. ..."; a wrong token is a 401;
 *   <li>{@code POST /ccx/oauth2/acme/token}: the refresh-token grant of a Workday "API Client for
 *       Integrations" (client id and secret as Basic), answering an access token; Workday's refresh
 *       tokens do not rotate, so the answer carries none.
 * </ul>
 *
 * Unlike a tenant, it keeps one transaction log entry per worker (its latest) and answers at most
 * {@link #pageCap} workers a page whatever {@code Count} asks, so a handful of workers spans pages.
 */
public final class WorkdayApi implements PagedApi.Handler {
    public static final String SERVICE = "/ccx/service/acme/Human_Resources/v42.0";
    public static final String TOKEN_PATH = "/ccx/oauth2/acme/token";
    public static final String CLIENT_ID = "ZTc0OGM1NWEtd2Q";
    public static final String CLIENT_SECRET = "wd-client-secret-5f3e";
    public static final String REFRESH_TOKEN = "wd-refresh-token-91c2";
    public static final String ACCESS_TOKEN = "wd-access-token-77ab";
    static final String BSVC = "urn:com.workday/bsvc";
    static final String SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/";

    /** One worker as the tenant holds it. */
    public record Worker(
            String employeeId,
            String wid,
            String userId,
            String firstName,
            String lastName,
            String hireDate,
            OffsetDateTime lastEntered) {}

    private final List<Worker> workers = new CopyOnWriteArrayList<>();
    public volatile int pageCap = 3;

    /** A page answered with a validation fault, as a tenant refuses a request (0: none). */
    public volatile int faultOnPage;

    public WorkdayApi worker(
            String employeeId,
            String firstName,
            String lastName,
            String hireDate,
            String lastEntered) {
        workers.removeIf(w -> w.employeeId().equals(employeeId));
        workers.add(
                new Worker(
                        employeeId,
                        Integer.toHexString(employeeId.hashCode()) + "0a1b2c3d4e5f60718293a4b5c6d7",
                        (firstName.charAt(0) + lastName).toLowerCase(java.util.Locale.ROOT),
                        firstName,
                        lastName,
                        hireDate,
                        OffsetDateTime.parse(lastEntered)));
        return this;
    }

    @Override
    public Reply handle(PagedApi.Request r) throws Exception {
        if (r.path().equals(TOKEN_PATH)) {
            return token(r);
        }
        if (!r.method().equals("POST") || !r.path().equals(SERVICE)) {
            return Reply.status(404, "", Map.of());
        }
        if (!("Bearer " + ACCESS_TOKEN).equals(r.headers().get("authorization"))) {
            return Reply.status(401, "", Map.of("WWW-Authenticate", "Bearer"));
        }
        String type = r.headers().getOrDefault("content-type", "");
        if (!type.toLowerCase(java.util.Locale.ROOT).startsWith("text/xml")) {
            return fault("Content-Type must be text/xml for SOAP 1.1, not " + type);
        }
        String action = r.headers().get("soapaction");
        if (action == null || !action.startsWith("\"") || !action.endsWith("\"")) {
            return fault("the SOAPAction header is missing or not a quoted string");
        }
        Element request;
        try {
            request = getWorkersRequest(r.body());
        } catch (Exception e) {
            return fault("the request is not a SOAP envelope with a Get_Workers_Request");
        }
        if (request == null) {
            return fault("the request is not a SOAP envelope with a Get_Workers_Request");
        }
        int page;
        int count;
        try {
            page = Integer.parseInt(text(request, "Response_Filter", "Page", "1"));
            count = Integer.parseInt(text(request, "Response_Filter", "Count", "100"));
        } catch (NumberFormatException e) {
            return fault("Page and Count must be numbers");
        }
        if (page < 1 || count < 1 || count > 999) {
            return fault("Invalid Page " + page + " or Count " + count);
        }
        if (page == faultOnPage) {
            return fault("Invalid Page: " + page + " is beyond the result's last page");
        }
        OffsetDateTime from;
        try {
            String updatedFrom =
                    text(
                            request,
                            "Request_Criteria/Transaction_Log_Criteria_Data/Transaction_Date_Range_Data",
                            "Updated_From",
                            null);
            from = updatedFrom == null ? null : OffsetDateTime.parse(updatedFrom.strip());
        } catch (DateTimeParseException e) {
            return fault("Updated_From is not a valid xsd:dateTime");
        }
        List<Worker> matching = new ArrayList<>();
        for (Worker w : workers) {
            if (from == null || !w.lastEntered().toInstant().isBefore(from.toInstant())) {
                matching.add(w);
            }
        }
        matching.sort(Comparator.comparing(Worker::employeeId));
        int size = Math.min(count, pageCap);
        int total = matching.size();
        int pages = Math.max(1, (total + size - 1) / size);
        int at = Math.min(total, (page - 1) * size);
        List<Worker> onPage = matching.subList(at, Math.min(total, at + size));
        StringBuilder b = new StringBuilder();
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
                .append("<env:Envelope xmlns:env=\"")
                .append(SOAP_ENV)
                .append("\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"><env:Body>")
                .append("<wd:Get_Workers_Response xmlns:wd=\"")
                .append(BSVC)
                .append("\" wd:version=\"v42.0\">")
                .append("<wd:Response_Filter><wd:Page>")
                .append(page)
                .append("</wd:Page><wd:Count>")
                .append(count)
                .append("</wd:Count></wd:Response_Filter>")
                .append("<wd:Response_Results><wd:Total_Results>")
                .append(total)
                .append("</wd:Total_Results><wd:Total_Pages>")
                .append(pages)
                .append("</wd:Total_Pages><wd:Page_Results>")
                .append(onPage.size())
                .append("</wd:Page_Results><wd:Page>")
                .append(page)
                .append("</wd:Page></wd:Response_Results><wd:Response_Data>");
        for (Worker w : onPage) {
            worker(b, w);
        }
        b.append("</wd:Response_Data></wd:Get_Workers_Response></env:Body></env:Envelope>");
        return new Reply(200, Map.of("Content-Type", "text/xml; charset=utf-8"), b.toString());
    }

    private static void worker(StringBuilder b, Worker w) {
        String name = w.firstName() + " " + w.lastName();
        b.append("<wd:Worker><wd:Worker_Reference>")
                .append("<wd:ID wd:type=\"WID\">")
                .append(w.wid())
                .append("</wd:ID><wd:ID wd:type=\"Employee_ID\">")
                .append(w.employeeId())
                .append("</wd:ID></wd:Worker_Reference>")
                .append("<wd:Worker_Descriptor>")
                .append(escaped(name))
                .append("</wd:Worker_Descriptor><wd:Worker_Data><wd:Worker_ID>")
                .append(w.employeeId())
                .append("</wd:Worker_ID><wd:User_ID>")
                .append(escaped(w.userId()))
                .append("</wd:User_ID><wd:Personal_Data><wd:Name_Data><wd:Legal_Name_Data>")
                .append("<wd:Name_Detail_Data wd:Formatted_Name=\"")
                .append(escaped(name))
                .append("\" wd:Reporting_Name=\"")
                .append(escaped(w.lastName() + ", " + w.firstName()))
                .append("\"><wd:Country_Reference><wd:ID wd:type=\"ISO_3166-1_Alpha-2_Code\">US")
                .append("</wd:ID></wd:Country_Reference><wd:First_Name>")
                .append(escaped(w.firstName()))
                .append("</wd:First_Name><wd:Last_Name>")
                .append(escaped(w.lastName()))
                .append("</wd:Last_Name></wd:Name_Detail_Data></wd:Legal_Name_Data></wd:Name_Data>")
                .append("</wd:Personal_Data><wd:Employment_Data><wd:Worker_Status_Data>")
                .append("<wd:Active>1</wd:Active><wd:Hire_Date>")
                .append(w.hireDate())
                .append("</wd:Hire_Date></wd:Worker_Status_Data></wd:Employment_Data>")
                .append("<wd:Transaction_Log_Entry_Data><wd:Transaction_Log_Entry>")
                .append("<wd:Transaction_Log_Data><wd:Transaction_Log_Description>Edit Worker: ")
                .append(escaped(name))
                .append("</wd:Transaction_Log_Description><wd:Transaction_Effective_Moment>")
                .append(workdayMoment(w.lastEntered()))
                .append("</wd:Transaction_Effective_Moment><wd:Transaction_Entry_Moment>")
                .append(workdayMoment(w.lastEntered()))
                .append("</wd:Transaction_Entry_Moment></wd:Transaction_Log_Data>")
                .append("</wd:Transaction_Log_Entry></wd:Transaction_Log_Entry_Data>")
                .append("</wd:Worker_Data></wd:Worker>");
    }

    /** As Workday writes an xsd:dateTime: milliseconds and the tenant's offset, {@code -08:00}. */
    public static String workdayMoment(OffsetDateTime t) {
        return t.format(
                java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx"));
    }

    private static Reply token(PagedApi.Request r) {
        String basic =
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString(
                                        (CLIENT_ID + ":" + CLIENT_SECRET)
                                                .getBytes(StandardCharsets.UTF_8));
        Map<String, String> form = PagedApi.parseQuery(r.body());
        if (!basic.equals(r.headers().get("authorization"))
                || !"refresh_token".equals(form.get("grant_type"))
                || !REFRESH_TOKEN.equals(form.get("refresh_token"))) {
            return Reply.status(400, "{\"error\":\"invalid_grant\"}", Map.of());
        }
        return Reply.json("{\"access_token\":\"" + ACCESS_TOKEN + "\",\"token_type\":\"Bearer\"}");
    }

    /** HTTP 500 and a SOAP 1.1 Fault, as Workday answers a request it cannot validate. */
    static Reply fault(String why) {
        return new Reply(
                500,
                Map.of("Content-Type", "text/xml; charset=utf-8"),
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><SOAP-ENV:Envelope xmlns:SOAP-ENV=\""
                        + SOAP_ENV
                        + "\"><SOAP-ENV:Body><SOAP-ENV:Fault xmlns:wd=\""
                        + BSVC
                        + "\"><faultcode>SOAP-ENV:Client.validationError</faultcode>"
                        + "<faultstring>Validation error occurred. "
                        + escaped(why)
                        + "</faultstring><detail><wd:Validation_Fault><wd:Validation_Error>"
                        + "<wd:Message>"
                        + escaped(why)
                        + "</wd:Message></wd:Validation_Error></wd:Validation_Fault></detail>"
                        + "</SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>");
    }

    /** The envelope's Get_Workers_Request, or null; read without DTDs or entities. */
    static Element getWorkersRequest(String body) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        var parser = f.newDocumentBuilder();
        parser.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
        Document d = parser.parse(new InputSource(new StringReader(body)));
        Element envelope = d.getDocumentElement();
        if (!SOAP_ENV.equals(envelope.getNamespaceURI())
                || !envelope.getLocalName().equals("Envelope")) {
            return null;
        }
        Element soapBody = child(envelope, SOAP_ENV, "Body");
        return soapBody == null ? null : child(soapBody, BSVC, "Get_Workers_Request");
    }

    /** The text at {@code path/name} (bsvc elements), or {@code otherwise} when absent. */
    static String text(Element from, String path, String name, String otherwise) {
        Element at = from;
        for (String step : (path + "/" + name).split("/")) {
            at = at == null ? null : child(at, BSVC, step);
        }
        return at == null ? otherwise : at.getTextContent();
    }

    private static Element child(Element parent, String ns, String local) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e
                    && ns.equals(e.getNamespaceURI())
                    && local.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    static String escaped(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    /** When a worker was last changed, for a test to compare with the cursor. */
    public Instant lastEntered(String employeeId) {
        return workers.stream()
                .filter(w -> w.employeeId().equals(employeeId))
                .findFirst()
                .orElseThrow()
                .lastEntered()
                .toInstant();
    }
}
