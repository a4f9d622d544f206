package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.config.ConnectorConfigException;
import io.tributary.http.PageRequest;
import io.tributary.http.SourceResponseException;
import io.tributary.schema.Column;
import io.tributary.schema.ColumnType;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How each place writes a placeholder's value, the formats, and what is refused at start-up. */
class RequestTemplateTest {
    static final Column UPDATED =
            new Column("updated", ColumnType.TIMESTAMP, "/updated", true, null, null);
    static final Column DAY = new Column("day", ColumnType.DATE, "/day", true, null, null);
    static final Column TAG = new Column("tag", ColumnType.STRING, "/tag", true, null, null);
    static final OffsetDateTime T = OffsetDateTime.parse("2024-01-02T10:00:30.250Z");
    static final String AWKWARD = "a \"b\" & c=d + é";

    static RequestTemplate template(
            String url, String headers, String body, String type, Column c) {
        return new RequestTemplate("jira", url, headers, body, type, c, v -> "bound:" + v);
    }

    static PageRequest at(RequestTemplate t, String cursorText, Object cursorValue) {
        return t.request(
                new RequestTemplate.Values(
                        new ParentSlices.Slice("P 1", Map.of("id", "P 1", "name", AWKWARD)),
                        cursorText,
                        cursorValue,
                        T,
                        T.plusDays(1)));
    }

    static String startupError(String url, String headers, String body, String type, Column c) {
        return assertThrows(
                        ConnectorConfigException.class, () -> template(url, headers, body, type, c))
                .getMessage();
    }

    // ---- each place's escaping ----

    @Test
    void aPathSegmentIsPercentEncodedSlashIncluded() {
        PageRequest r =
                at(
                        template("https://h/p/{cursor}/x", null, null, null, TAG),
                        AWKWARD + "/",
                        AWKWARD);

        assertEquals("https://h/p/a%20%22b%22%20%26%20c%3Dd%20%2B%20%C3%A9%2F/x", r.endpoint());
    }

    @Test
    void aQueryValueIsEncodedAsOneValueAndTheUrlsOwnTextIsDecodedOnce() {
        PageRequest r =
                at(
                        template(
                                "https://h/search/jql?jql=updated >= \"{cursor}\" ORDER BY updated&f=a%2Bb+c",
                                null, null, null, TAG),
                        AWKWARD,
                        AWKWARD);

        assertNull(r.endpoint(), "a path without placeholders is the url's own");
        assertEquals(
                Map.of("jql", "updated >= \"" + AWKWARD + "\" ORDER BY updated", "f", "a+b c"),
                r.query());
        assertEquals(
                "jql=updated%20%3E%3D%20%22a%20%22b%22%20%26%20c%3Dd%20%2B%20%C3%A9%22%20ORDER%20BY%20updated"
                        + "&f=a%2Bb%20c",
                r.encodedQuery());
    }

    @Test
    void aHeaderValueIsSentAsItIs() {
        PageRequest r =
                at(
                        template(
                                "https://h/x",
                                "X-Since={cursor}&X-Parent={parent.id}",
                                null,
                                null,
                                TAG),
                        "a \"b\" & c=d + e",
                        null);

        assertEquals(Map.of("X-Since", "a \"b\" & c=d + e", "X-Parent", "P 1"), r.headers());
    }

    @Test
    void aHeaderValueWithALineBreakOrNonAsciiIsNotSent() {
        RequestTemplate t = template("https://h/x", "X-Since={cursor}", null, null, TAG);

        SourceResponseException broken =
                assertThrows(SourceResponseException.class, () -> at(t, "a\r\nX-Evil: 1", null));
        assertThrows(SourceResponseException.class, () -> at(t, "é", null));
        assertTrue(
                broken.getMessage().contains("header X-Since would carry a line break"),
                broken.getMessage());
        assertTrue(!broken.getMessage().contains("Evil"), "the value stays out of the message");
    }

    @Test
    void aJsonBodyValueIsEscapedInsideItsString() {
        PageRequest r =
                at(
                        template(
                                "https://h/x",
                                null,
                                "{\"q\": \"{cursor}\", \"p\": \"{parent.name}\"}",
                                null,
                                TAG),
                        "say \"hi\"\\\n\u2028",
                        null);

        assertEquals("POST", r.method());
        assertEquals("application/json", r.contentType());
        assertEquals(
                "{\"q\": \"say \\\"hi\\\"\\\\\\n\u2028\", \"p\": \"a \\\"b\\\" & c=d + é\"}",
                r.body());
    }

    @Test
    void aFormBodyValueIsFormEncoded() {
        PageRequest r =
                at(
                        template(
                                "https://h/x",
                                null,
                                "q=tag >= {cursor}&p={parent.name}&n=1",
                                "form",
                                TAG),
                        AWKWARD,
                        null);

        assertEquals("application/x-www-form-urlencoded", r.contentType());
        assertEquals(
                "q=tag+%3E%3D+a+%22b%22+%26+c%3Dd+%2B+%C3%A9&p=a+%22b%22+%26+c%3Dd+%2B+%C3%A9&n=1",
                r.body());
    }

    // ---- an XML body: a SOAP envelope ----

    static final String ENVELOPE =
            "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
                    + " xmlns:bsvc=\"urn:com.workday/bsvc\"><soapenv:Body>"
                    + "<bsvc:Get_Workers_Request bsvc:version=\"v42.0\">%s</bsvc:Get_Workers_Request>"
                    + "</soapenv:Body></soapenv:Envelope>";

    static String envelope(String request) {
        return String.format(ENVELOPE, request);
    }

    @Test
    void anXmlBodyValueIsEscapedInElementTextAndInAttributeValues() throws Exception {
        PageRequest r =
                at(
                        template(
                                "https://h/ccx/service/acme/Human_Resources/v42.0",
                                null,
                                "\n  "
                                        + envelope(
                                                "<bsvc:Updated_From note=\"{parent.name}\">{cursor}"
                                                        + "</bsvc:Updated_From>"),
                                "xml",
                                TAG),
                        "x < 'y' & \"z\" > é",
                        null);

        assertEquals("POST", r.method());
        assertEquals("text/xml; charset=utf-8", r.contentType());
        assertEquals(
                envelope(
                        "<bsvc:Updated_From note=\"a &quot;b&quot; &amp; c=d + é\">"
                                + "x &lt; &apos;y&apos; &amp; &quot;z&quot; &gt; é</bsvc:Updated_From>"),
                r.body(),
                "nothing before the envelope: an <?xml?> declaration must come first");
        org.w3c.dom.Element e =
                (org.w3c.dom.Element)
                        javax.xml.parsers.DocumentBuilderFactory.newInstance()
                                .newDocumentBuilder()
                                .parse(
                                        new org.xml.sax.InputSource(
                                                new java.io.StringReader(r.body())))
                                .getElementsByTagName("bsvc:Updated_From")
                                .item(0);
        assertEquals("x < 'y' & \"z\" > é", e.getTextContent());
        assertEquals(AWKWARD, e.getAttribute("note"));
    }

    @Test
    void thePagersPageAndTokenAndThePageSizeGoWhereTheTemplateSaysAnEmptyTokenFirst() {
        RequestTemplate t =
                new RequestTemplate(
                        "workday",
                        "https://h/x",
                        null,
                        envelope(
                                "<bsvc:Response_Filter><bsvc:Page>{page}</bsvc:Page>"
                                        + "<bsvc:Count>{pageSize}</bsvc:Count>"
                                        + "<bsvc:Token>{pageToken}</bsvc:Token></bsvc:Response_Filter>"),
                        "xml",
                        null,
                        null,
                        250);
        ParentSlices.Slice none = ParentSlices.Slice.NONE;

        PageRequest third =
                t.request(new RequestTemplate.Values(none, null, null, null, null, 3, "a<b"));
        PageRequest first =
                t.request(new RequestTemplate.Values(none, null, null, null, null, 1, null));

        assertTrue(
                third.body()
                        .contains(
                                "<bsvc:Page>3</bsvc:Page><bsvc:Count>250</bsvc:Count>"
                                        + "<bsvc:Token>a&lt;b</bsvc:Token>"),
                third.body());
        assertTrue(first.body().contains("<bsvc:Token></bsvc:Token>"), first.body());
    }

    @Test
    void aContentTypeInRequestHeadersIsTheBodysMediaType() {
        PageRequest r =
                at(
                        template(
                                "https://h/x",
                                "Content-Type=application/soap+xml; charset=utf-8; action=\"urn:x\"",
                                envelope("<bsvc:Updated_From>{cursor}</bsvc:Updated_From>"),
                                "xml",
                                TAG),
                        "2024",
                        null);

        assertEquals("application/soap+xml; charset=utf-8; action=\"urn:x\"", r.contentType());
    }

    @Test
    void anXmlBodyThatIsNotWellFormedOrHidesAPlaceholderIsRefused() {
        String broken = startupError("https://h/x", null, envelope("<a>{cursor}</b>"), "xml", TAG);
        String inName =
                startupError("https://h/x", null, envelope("<{cursor}>x</{cursor}>"), "xml", TAG);
        String inComment =
                startupError("https://h/x", null, envelope("<a><!-- {cursor} --></a>"), "xml", TAG);
        String inCdata =
                startupError(
                        "https://h/x", null, envelope("<a><![CDATA[{cursor}]]></a>"), "xml", TAG);
        String doctype =
                startupError(
                        "https://h/x",
                        null,
                        "<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;{cursor}</a>",
                        "xml",
                        TAG);
        String format =
                startupError("https://h/x", null, envelope("<a>{page:000}</a>"), "xml", TAG);

        assertTrue(broken.contains("parameter 'requestBody' value '"), broken);
        assertTrue(broken.contains("is not well-formed XML (line 1, column"), broken);
        assertTrue(inName.contains("is not well-formed XML"), inName);
        assertTrue(inComment.contains("has a placeholder outside element text"), inComment);
        assertTrue(inCdata.contains("has a placeholder outside element text"), inCdata);
        assertTrue(doctype.contains("is not well-formed XML"), doctype);
        assertTrue(doctype.contains("DOCTYPE"), doctype);
        assertTrue(format.contains("{page:000}: {page} takes no format"), format);
    }

    @Test
    void camelsPlaceholdersAndSimpleExpressionsAreLeftAlone() {
        PageRequest r =
                at(
                        template(
                                "https://h/x?a={{prop}}&b=${header.x}&c={cursor}",
                                null,
                                null,
                                null,
                                TAG),
                        "t",
                        null);

        assertEquals(Map.of("a", "{{prop}}", "b", "${header.x}", "c", "t"), r.query());
    }

    // ---- formats ----

    @Test
    void aTimestampCursorTakesAPatternAZoneAndEpochs() {
        RequestTemplate t =
                template(
                        "https://h/x?utc={cursor:yyyy-MM-dd HH:mm}&ny={cursor:yyyy-MM-dd HH:mm|America/New_York}"
                                + "&ms={cursor:epochMillis}&s={cursor:epochSeconds}&own={cursor}"
                                + "&iso={cursor:yyyy-MM-dd'T'HH:mm:ss.SSSXXX|+02:00}&bar={cursor:HH'|'mm}",
                        null,
                        null,
                        null,
                        UPDATED);

        assertEquals(
                Map.of(
                        "utc", "2024-01-02 10:00",
                        "ny", "2024-01-02 05:00",
                        "ms", "1704189630250",
                        "s", "1704189630",
                        "own", "2024-01-02T10:00:30.25Z",
                        "iso", "2024-01-02T12:00:30.250+02:00",
                        "bar", "10|00"),
                at(t, "2024-01-02T10:00:30.25Z", T).query());
    }

    @Test
    void windowBoundsTakeTheSameFormatsOrTheCursorsOwnText() {
        RequestTemplate t =
                template(
                        "https://h/x?from={windowStart}&to={windowEnd:yyyy/MM/dd}",
                        null,
                        null,
                        null,
                        UPDATED);

        assertEquals(
                Map.of("from", "bound:2024-01-02T10:00:30.250Z", "to", "2024/01/03"),
                at(t, null, null).query());
    }

    @Test
    void aDateCursorTakesADatePattern() {
        assertEquals(
                Map.of("d", "02.01.2024"),
                at(
                                template(
                                        "https://h/x?d={cursor:dd.MM.yyyy}", null, null, null, DAY),
                                "2024-01-02",
                                LocalDate.of(2024, 1, 2))
                        .query());
    }

    // ---- refused at start-up ----

    @Test
    void anUnknownPlaceholderIsNamedWithTheOneMeant() {
        String m = startupError("https://h/x?since={curser}", null, null, null, UPDATED);

        assertTrue(
                m.startsWith(
                        "connector 'jira': parameter 'url' value 'https://h/x?since={curser}': has an unknown"
                                + " placeholder {curser} (did you mean {cursor}?); the placeholders: {cursor},"),
                m);
    }

    @Test
    void aPlaceholderInTheHostOrAQueryNameIsRefused() {
        assertTrue(
                startupError("https://{parent}.example.com/x", null, null, null, UPDATED)
                        .contains("not in the scheme or host"));
        assertTrue(
                startupError("https://h/x?{cursor}=1", null, null, null, UPDATED)
                        .contains("a placeholder goes in a value, not in the name '{cursor}'"));
    }

    @Test
    void aFormatThatCannotApplyIsRefused() {
        assertTrue(
                startupError("https://h/x?s={cursor:yyyy}", null, null, null, TAG)
                        .contains(
                                "a format applies to a timestamp or date cursorField (this one is string)"));
        assertTrue(
                startupError("https://h/x?s={cursor:yyyy-MM-dd HH:mm}", null, null, null, DAY)
                        .contains("is not a java.time pattern for a date"));
        assertTrue(
                startupError("https://h/x?s={cursor:epochMillis}", null, null, null, DAY)
                        .contains("epoch formats apply to a timestamp cursor"));
        assertTrue(
                startupError("https://h/x?s={cursor:yyyy|Mars/Olympus}", null, null, null, UPDATED)
                        .contains("'Mars/Olympus' is not a zone"));
        assertTrue(
                startupError("https://h/x?s={cursor:yyyy-MM-dd bbb}", null, null, null, UPDATED)
                        .contains("is not a java.time pattern for a timestamp"));
        assertTrue(
                startupError("https://h/x?s={parent:yyyy}", null, null, null, UPDATED)
                        .contains("{parent} takes no format"));
    }

    @Test
    void aPlaceholderOutsideAJsonStringIsRefused() {
        String m = startupError("https://h/x", null, "{\"since\": {cursor}}", null, UPDATED);

        assertTrue(
                m.contains("parameter 'requestBody' value '{\"since\": {cursor}}': is not JSON"),
                m);
    }

    @Test
    void credentialsAndBrokenHeadersAreRefused() {
        assertTrue(
                startupError("https://h/x", "Authorization=Bearer x", null, null, UPDATED)
                        .contains("sets Authorization: credentials go in auth"));
        assertTrue(
                startupError("https://h/x", "X Since={cursor}", null, null, UPDATED)
                        .contains("must be Name=value pairs joined by &"));
    }

    @Test
    void aPlaceholderCutOpenByRawIsRefusedWithTheWayOut() {
        String m = startupError("https://h/x", "X-Since={cursor", null, null, UPDATED);

        assertTrue(m.contains("has {cursor without its closing brace"), m);
        assertTrue(m.contains("write such a value as RAW(...)"), m);
    }

    @Test
    void theRulesSeeWhichParameterUsesAPlaceholder() {
        Map<String, String> values =
                Map.of(
                        "url",
                        "https://h/x?since={{a}}",
                        "requestBody",
                        "{\"s\": \"{cursor:epochMillis}\"}");

        assertEquals("requestBody", RequestTemplate.placeUsing("{cursor}", values::get));
        assertNull(RequestTemplate.placeUsing("{windowStart}", values::get));
        assertEquals(
                "https://h/x/x?q=a%20%3E%3D%20%22x%22",
                RequestTemplate.checkable(
                        "https://h/x/{parent.id}?q=a >= \"{cursor:yyyy-MM-dd HH:mm}\""));
    }
}
