package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.metrics.SyncOutcome;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.Database;
import io.tributary.support.PagedApi;
import io.tributary.support.WorkdayApi;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SOAP example ({@code examples/workday-workers/}) loaded as it ships, its properties pointed
 * at a loopback Workday tenant ({@link WorkdayApi}): a POST of an XML envelope that carries the
 * cursor and the page number, the records read by element path, the pages counted by the answer's
 * {@code Total_Pages}. On PostgreSQL too: {@link SoapExamplesOnPostgresTest}.
 */
class SoapExamplesTest {
    static final Pattern PAGE = Pattern.compile("<bsvc:Page>(\\d+)</bsvc:Page>");
    static final Pattern UPDATED_FROM =
            Pattern.compile("<bsvc:Updated_From>([^<]*)</bsvc:Updated_From>");

    final Database db = newDatabase();
    final WorkdayApi workday = new WorkdayApi();
    ConnectorHarness tributary;
    PagedApi api;

    Database newDatabase() {
        return Database.h2();
    }

    @BeforeEach
    void tenant() throws Exception {
        // Employee ID order is not the order of change: the example syncs as order unordered
        workday.worker("21001", "Logan", "McNeil", "2015-03-01", "2024-03-04T09:15:00.000-08:00")
                .worker("21002", "Maria", "Cardoza", "2016-07-11", "2024-01-15T08:00:00.000-08:00")
                .worker("21003", "Teresa", "Serrano", "2018-02-05", "2024-02-20T16:45:30.250-08:00")
                .worker("21004", "Jürgen", "Müller", "2018-10-01", "2024-01-09T07:30:00.000-08:00")
                .worker("21005", "Steve", "Morgan", "2019-09-30", "2024-03-01T12:00:00.000-08:00")
                .worker("21006", "Ana", "Lima", "2020-01-06", "2024-01-02T10:00:00.000-08:00")
                .worker("21007", "Chen", "Wei", "2021-05-17", "2024-02-29T23:59:59.999-08:00");
        api = new PagedApi(workday);
        tributary = new ConnectorHarness(db);
        Map.of(
                        "workday.schedule",
                        "direct:workday-workers",
                        "workday.base-url",
                        api.baseUrl(),
                        "workday.tenant",
                        "acme",
                        "workday.client-id",
                        WorkdayApi.CLIENT_ID,
                        "workday.client-secret",
                        WorkdayApi.CLIENT_SECRET,
                        "workday.refresh-token",
                        WorkdayApi.REFRESH_TOKEN)
                .forEach(tributary::set);
        tributary.start();
        tributary.load("examples/workday-workers/workday-workers.camel.yaml");
    }

    @AfterEach
    void stop() throws Exception {
        tributary.close();
        api.close();
    }

    /** The Get_Workers calls (not the token's) from the {@code from}-th on. */
    List<PagedApi.Request> soapCalls(int from) {
        List<PagedApi.Request> calls =
                api.requests().stream().filter(r -> r.path().equals(WorkdayApi.SERVICE)).toList();
        return calls.subList(from, calls.size());
    }

    static String group(Pattern p, String body) {
        Matcher m = p.matcher(body);
        return m.find() ? m.group(1) : null;
    }

    static String envelope(String updatedFrom, int page) {
        // the route file's folded block: one space where each of its lines ended
        return "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:bsvc=\"urn:com.workday/bsvc\"> <soapenv:Body>"
                + "<bsvc:Get_Workers_Request bsvc:version=\"v42.0\"> <bsvc:Request_Criteria>"
                + "<bsvc:Transaction_Log_Criteria_Data><bsvc:Transaction_Date_Range_Data>"
                + " <bsvc:Updated_From>"
                + updatedFrom
                + "</bsvc:Updated_From> </bsvc:Transaction_Date_Range_Data>"
                + "</bsvc:Transaction_Log_Criteria_Data></bsvc:Request_Criteria>"
                + " <bsvc:Response_Filter><bsvc:Page>"
                + page
                + "</bsvc:Page><bsvc:Count>100</bsvc:Count></bsvc:Response_Filter>"
                + " <bsvc:Response_Group><bsvc:Include_Reference>true</bsvc:Include_Reference>"
                + " <bsvc:Include_Personal_Information>true</bsvc:Include_Personal_Information>"
                + " <bsvc:Include_Employment_Information>true</bsvc:Include_Employment_Information>"
                + " <bsvc:Include_Transaction_Log_Data>true</bsvc:Include_Transaction_Log_Data>"
                + "</bsvc:Response_Group> </bsvc:Get_Workers_Request></soapenv:Body>"
                + "</soapenv:Envelope>";
    }

    @Test
    void workdaySendsTheCursorAndThePageInTheEnvelopeAndReadsEveryPageOfWorkers() {
        SyncOutcome first = tributary.sync("workday-workers");
        int before = soapCalls(0).size();
        workday.worker(
                        "21002",
                        "Maria",
                        "Cardoza-Reyes",
                        "2016-07-11",
                        "2024-03-04T11:00:00.000-08:00")
                .worker(
                        "21008",
                        "Priya",
                        "Natarajan",
                        "2024-03-04",
                        "2024-03-05T08:30:00.000-08:00");
        SyncOutcome second = tributary.sync("workday-workers");

        assertTrue(first.success(), first.summary());
        assertTrue(second.success(), second.summary());
        // seven workers, three a page: pages 1 to 3 of Total_Pages 3, all from cursorStart
        assertEquals(
                List.of("1", "2", "3"),
                soapCalls(0).subList(0, before).stream().map(r -> group(PAGE, r.body())).toList());
        assertTrue(
                soapCalls(0).subList(0, before).stream()
                        .allMatch(
                                r ->
                                        "2024-01-01T00:00:00.000-08:00"
                                                .equals(group(UPDATED_FROM, r.body()))),
                "the cursor never moved mid-sync: order unordered");
        PagedApi.Request sent = soapCalls(before).get(0);
        assertEquals("POST", sent.method());
        assertEquals("", sent.rawQuery() == null ? "" : sent.rawQuery(), "no page in the query");
        // 21001's last transaction, written back as Workday wrote it; page 1 again
        assertEquals(envelope("2024-03-04T09:15:00.000-08:00", 1), sent.body());
        assertEquals("text/xml; charset=utf-8", sent.headers().get("content-type"));
        assertEquals("\"\"", sent.headers().get("soapaction"));
        assertEquals("text/xml", sent.headers().get("accept"));
        assertEquals("Bearer " + WorkdayApi.ACCESS_TOKEN, sent.headers().get("authorization"));
        assertEquals(1, soapCalls(before).size(), "21001, 21002 and 21008: one page");
        assertEquals(
                List.of(
                        "21001 Logan McNeil 2015-03-01",
                        "21002 Maria Cardoza-Reyes 2016-07-11",
                        "21003 Teresa Serrano 2018-02-05",
                        "21004 Jürgen Müller 2018-10-01",
                        "21005 Steve Morgan 2019-09-30",
                        "21006 Ana Lima 2020-01-06",
                        "21007 Chen Wei 2021-05-17",
                        "21008 Priya Natarajan 2024-03-04"),
                db.column(
                        "SELECT employee_id || ' ' || formatted_name || ' ' || CAST(hire_date AS VARCHAR(10))"
                                + " FROM workday_workers ORDER BY employee_id"));
        assertEquals(
                List.of("Müller"),
                db.column("SELECT last_name FROM workday_workers WHERE user_id = 'jmüller'"));
        assertEquals(
                1L,
                db.count(
                        "SELECT COUNT(*) FROM workday_workers WHERE wid LIKE '%0a1b2c3d4e5f60718293a4b5c6d7'"
                                + " AND employee_id = '21003'"));
        assertEquals("2024-03-05T16:30:00Z", db.cursor("workday-workers"));
    }

    @Test
    void aSoapFaultFailsTheRunWithItsFaultStringAndIsNotSentAgain() {
        workday.faultOnPage = 2;

        SyncOutcome outcome = tributary.sync("workday-workers");

        assertFalse(outcome.success(), outcome.summary());
        assertTrue(
                outcome.error()
                                .startsWith(
                                        "page 2: HTTP 500 Internal Server Error from POST "
                                                + api.baseUrl()
                                                + WorkdayApi.SERVICE)
                        && outcome.error()
                                .endsWith(
                                        ": SOAP Fault SOAP-ENV:Client.validationError:"
                                                + " Validation error occurred. Invalid Page: 2 is"
                                                + " beyond the result's last page"),
                outcome.error());
        assertEquals(
                List.of("1", "2"),
                soapCalls(0).stream().map(r -> group(PAGE, r.body())).toList(),
                "a Client fault is not retried");
        assertEquals(3L, db.count("SELECT COUNT(*) FROM workday_workers"), "page 1 is in");
        assertNull(db.cursor("workday-workers"), "unordered: the cursor waits for the whole sync");
    }
}
