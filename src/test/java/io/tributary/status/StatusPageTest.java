package io.tributary.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.Tributary;
import io.tributary.support.Chromium;
import io.tributary.support.Database;
import io.tributary.support.FreePort;
import io.tributary.support.LegacyOrders;
import io.tributary.support.PagedApi;
import io.tributary.support.PagedApi.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page of a running Tributary, as headless Chromium renders it at 1280 px, with one
 * connector in each state: an HTTP source, a SQL table and a file drop that synced ({@code ok}); an
 * HTTP source refused twice with a long error (failing, still UP: DOWN needs three) whose third
 * sync is held at its request; an HTTP source held at its fourth page (running, with the pages and
 * records read so far); a timer that has not fired and a cron schedule (never run). Then the two
 * held syncs are let go and every connector that ran is ok. Screenshots in {@code
 * target/status-page/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatusPageTest {
    static final Path SHOTS = Path.of("target", "status-page");
    // a refusal whose detail is one long token: it must wrap inside its cell, not widen the page
    static final String LONG_REFUSAL =
            "{\"error\":\"invalid_api_key\",\"trace\":\"" + "a1b2c3d4e5".repeat(40) + "\"}";

    final HttpClient http = HttpClient.newHttpClient();
    final Database db = Database.h2();
    final Database erp = Database.h2();
    final CountDownLatch releaseRefused = new CountDownLatch(1);
    final CountDownLatch releaseHeld = new CountDownLatch(1);
    final AtomicInteger refusedCalls = new AtomicInteger();
    PagedApi okApi;
    PagedApi refusedApi;
    PagedApi heldApi;
    PagedApi copies; // serves a copy of the page to measure it in the browser
    volatile String copy = "";
    Tributary tributary;
    Thread running;
    int port;

    // what the page showed at the two moments
    String htmlWhileHeld;
    String domWhileHeld;
    String measuredWhileHeld;
    String domAfterRelease;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        okApi = new PagedApi(r -> Reply.json(page(1, 2, 1)));
        refusedApi =
                new PagedApi(
                        r -> {
                            if (refusedCalls.incrementAndGet() <= 2) {
                                return Reply.status(401, LONG_REFUSAL, Map.of());
                            }
                            releaseRefused.await(120, TimeUnit.SECONDS); // the third sync waits
                            return Reply.json(page(1, 3, 1));
                        });
        heldApi =
                new PagedApi(
                        r -> {
                            int n = Integer.parseInt(r.param("page"));
                            if (n == 4) {
                                releaseHeld.await(120, TimeUnit.SECONDS); // mid-sync: 3 pages in
                            }
                            return Reply.json(page(n, 100, 5));
                        });
        copies = new PagedApi(r -> new Reply(200, Map.of("Content-Type", "text/html"), copy));

        http(dir, "orders-api", "timer:ok?repeatCount=1&delay=10", okApi, "none");
        http(
                dir,
                "refused-api",
                "timer:refused?period=200&repeatCount=3&delay=10",
                refusedApi,
                "none");
        http(dir, "held-api", "timer:held?repeatCount=1&delay=10", heldApi, "page-number");
        http(dir, "waiting-api", "timer:waiting?delay=3600000&period=3600000", okApi, "none");
        http(dir, "nightly-api", "quartz:nightly?cron=0+0+3+*+*+?", okApi, "none");
        new LegacyOrders(erp).insert(1, 250);
        new LegacyOrders.Route("erp-orders", erp)
                .schedule("timer:erp?repeatCount=1&delay=10")
                .writeTo(dir);
        fileDrop(dir);

        port = FreePort.next();
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--tributary.demo.enabled=false",
                                "--camel.main.routes-include-pattern=file:" + dir + "/*.camel.yaml",
                                "--camel.management.port=" + port,
                                "--camel.management.host=127.0.0.1",
                                "--tributary.health.max-failures=3"));
        args.addAll(db.options());
        tributary = new Tributary();
        running = new Thread(() -> tributary.run(args.toArray(String[]::new)), "tributary-status");
        running.start();

        htmlWhileHeld =
                await(
                        "two refusals, the third sync and the fourth page held, the rest synced",
                        html ->
                                row(html, "refused-api").contains("running again")
                                        && row(html, "held-api").contains("3 pages")
                                        && row(html, "orders-api").contains("class=\"ok\"")
                                        && row(html, "erp-orders").contains("class=\"ok\"")
                                        && row(html, "orders-drop").contains("class=\"ok\""));
        domWhileHeld = Chromium.dumpDom(url(), 1280);
        Chromium.screenshot(url(), SHOTS.resolve("failing-running-never.png"), 1280, 900);
        copy =
                htmlWhileHeld.replace(
                        "</body>",
                        "<script>document.documentElement.setAttribute('data-measured',"
                                + " document.documentElement.scrollWidth + 'x' + window.innerWidth)"
                                + "</script></body>");
        measuredWhileHeld = Chromium.dumpDom(copies.baseUrl() + "/", 1280);

        releaseRefused.countDown();
        releaseHeld.countDown();
        await(
                "the held syncs finished",
                html ->
                        row(html, "refused-api").contains("class=\"ok\"")
                                && row(html, "held-api").contains("class=\"ok\""));
        domAfterRelease = Chromium.dumpDom(url(), 1280);
        Chromium.screenshot(url(), SHOTS.resolve("all-ok.png"), 1280, 900);
    }

    @AfterAll
    void stop() throws Exception {
        releaseRefused.countDown();
        releaseHeld.countDown();
        if (tributary != null) {
            tributary.stop();
            running.join(30_000);
        }
        for (PagedApi api : new PagedApi[] {okApi, refusedApi, heldApi, copies}) {
            if (api != null) {
                api.close();
            }
        }
    }

    @Test
    void theHeadlineCountsAFailingConnectorBeforeReadinessSaysDown() {
        String headline = headline(domWhileHeld);
        assertTrue(headline.contains("<span class=\"count failing\">1 failing</span>"), headline);
        assertTrue(headline.contains("1 running"), headline);
        assertTrue(headline.contains("3 ok"), headline);
        assertTrue(headline.contains("2 never run"), headline);
        assertFalse(headline.contains("DOWN"), "two failures of three: still UP: " + headline);
        assertTrue(
                domWhileHeld.contains("<title>Tributary: 7 connectors: 1 failing"), domWhileHeld);
    }

    @Test
    void theFailedOutcomeRowIsHighlightedAndSaysHowCloseToDownItIs() {
        String row = row(domWhileHeld, "refused-api");
        assertTrue(row.contains("class=\"failing\""), row);
        assertTrue(row.contains("<span class=\"word\">failed</span>"), row);
        assertTrue(row.contains("2 failed in a row; DOWN at 3"), row);
        assertTrue(row.contains("class=\"health up\""), row);
    }

    @Test
    void aLongErrorIsOneShortLineWithTheWholeTextInDetailsShownOnce() {
        String row = row(domWhileHeld, "refused-api");
        Matcher summary = Pattern.compile("<summary>([^<]*)</summary>").matcher(row);
        assertTrue(summary.find(), row);
        String shortened = summary.group(1);
        assertTrue(shortened.startsWith("single page: HTTP 401 Unauthorized"), shortened);
        assertTrue(shortened.endsWith("\u2026"), shortened);
        assertTrue(
                shortened.length() <= ErrorText.SHORT + 1, shortened.length() + ": " + shortened);
        assertTrue(row.contains("<details class=\"error\">"), row);
        // the error's end, past the short line: once, in the details
        assertEquals(1, count(row, "(the credentials were refused; check authSecret)"), row);
        assertEquals(1, count(row, "<pre>single page: HTTP 401 Unauthorized"), row);
    }

    @Test
    void thePageFitsA1280PxWindowWithTheLongError() {
        Matcher m = Pattern.compile("data-measured=\"(\\d+)x(\\d+)\"").matcher(measuredWhileHeld);
        assertTrue(m.find(), measuredWhileHeld);
        assertEquals(1280, Integer.parseInt(m.group(2)), "the window is 1280 px wide");
        assertTrue(
                Integer.parseInt(m.group(1)) <= 1280,
                "scrollWidth " + m.group(1) + " > 1280: the page scrolls sideways");
    }

    @Test
    void aConnectorMidSyncIsRunningWithItsPagesAndRecordsSoFar() {
        String row = row(domWhileHeld, "held-api");
        assertTrue(row.contains("class=\"running\""), row);
        assertTrue(row.contains("<span class=\"pages\">3 pages</span>"), row);
        assertTrue(row.contains("<span class=\"records\">300 records</span>"), row);
        assertTrue(row.contains("since <time"), row);
        assertTrue(row.contains("running now"), "its next run: " + row);
        assertFalse(row.contains("never"), row);
    }

    @Test
    void aTimerThatHasNotFiredAndACronScheduleAreNeverRunWithTheirNextRun() {
        String waiting = row(domWhileHeld, "waiting-api");
        assertTrue(waiting.contains("class=\"never\""), waiting);
        assertTrue(waiting.contains("never run"), waiting);
        assertTrue(waiting.contains("after start"), waiting);
        assertTrue(waiting.contains("every 1 h"), waiting);
        String nightly = row(domWhileHeld, "nightly-api");
        assertTrue(nightly.contains("class=\"never\""), nightly);
        assertTrue(nightly.contains("cron 0 0 3 * * ?"), nightly);
        assertTrue(
                Pattern.compile("<time class=\"iso\" datetime=\"\\d{4}-\\d\\d-\\d\\dT03:00:00Z\"")
                        .matcher(nightly)
                        .find(),
                "the quartz trigger's next fire, 03:00 (UTC in the test JVM?): " + nightly);
    }

    @Test
    void theSqlAndFileSourcesShowTheirSyncsAndTriggers() {
        String sql = row(domWhileHeld, "erp-orders");
        assertTrue(sql.contains(">250</span> read"), sql);
        assertTrue(sql.contains("once"), "its timer, found through the Kamelet's route: " + sql);
        String file = row(domWhileHeld, "orders-drop");
        assertTrue(file.contains(">3</span> read"), file);
        assertTrue(file.contains("file, polls every 100 ms"), file);
        assertTrue(file.contains("when a file arrives"), file);
    }

    @Test
    void aSyncShowsWhenAsIsoAndHowLongAgoAndHowLongItTook() {
        String row = row(domWhileHeld, "orders-api");
        assertTrue(
                Pattern.compile(
                                "<time class=\"iso\" datetime=\"[0-9T:Z-]+\" title=\"\\d+ s ago\">\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ</time>")
                        .matcher(row)
                        .find(),
                row);
        // "now" within the first second, "N s ago" after it
        assertTrue(
                Pattern.compile("(ago|>now)</time>, took <span class=\"nowrap\">")
                        .matcher(row)
                        .find(),
                row);
        assertTrue(
                Pattern.compile("took <span class=\"nowrap\">\\d+(\\.\\d)? m?s<")
                        .matcher(row)
                        .find(),
                row);
    }

    @Test
    void afterTheHeldSyncsEndEveryConnectorThatRanIsOk() {
        String headline = headline(domAfterRelease);
        assertTrue(headline.contains("<span class=\"count none\">0 failing</span>"), headline);
        assertTrue(headline.contains("5 ok"), headline);
        assertFalse(headline.contains("running"), headline);
        String held = row(domAfterRelease, "held-api");
        assertTrue(held.contains(">500</span> read"), held);
        assertTrue(Files.exists(SHOTS.resolve("all-ok.png")));
        assertTrue(Files.exists(SHOTS.resolve("failing-running-never.png")));
    }

    // ---- the scenario's parts ----

    static Map<String, Object> page(int page, int size, int pages) {
        List<Map<String, String>> items = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            items.add(
                    Map.of(
                            "id", page + "-" + i,
                            "name", "item " + i,
                            "updated_at", "2026-11-01T00:00:00Z"));
        }
        return Map.of("items", items, "page", page, "total_pages", pages);
    }

    static void http(Path dir, String id, String schedule, PagedApi api, String pagination)
            throws Exception {
        List<String> lines =
                new ArrayList<>(
                        List.of(
                                "- templatedRoute:",
                                "    routeTemplateRef: http-to-jdbc",
                                "    parameters:",
                                "      - {name: connector, value: " + id + "}",
                                "      - {name: schedule, value: \"" + schedule + "\"}",
                                "      - {name: url, value: \"" + api.baseUrl() + "/items\"}",
                                "      - {name: pagination, value: " + pagination + "}",
                                "      - {name: recordsPath, value: /items}",
                                "      - {name: schema, value: src/test/resources/paging/items.schema.yaml}",
                                "      - {name: table, value: " + id.replace('-', '_') + "}"));
        if (pagination.equals("page-number")) {
            lines.add("      - {name: pageSize, value: \"100\"}");
            lines.add("      - {name: totalPagesPath, value: /total_pages}");
        }
        Files.writeString(dir.resolve(id + ".camel.yaml"), String.join("\n", lines) + "\n");
    }

    static void fileDrop(Path dir) throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Files.writeString(
                inbox.resolve("orders-1.csv"),
                "order_id,line,sku,quantity,price,ordered\n"
                        + "A1,1,S1,1,9.50,2026-11-01\n"
                        + "A1,2,S2,2,4.00,2026-11-01\n"
                        + "A2,1,S1,5,9.50,2026-11-02\n");
        Path schema = Path.of("src/test/resources/kamelet/orders.schema.yaml").toAbsolutePath();
        Files.writeString(
                dir.resolve("orders-drop.camel.yaml"),
                String.join(
                        "\n",
                        "- route:",
                        "    id: orders-drop",
                        "    from:",
                        "      uri: kamelet:tributary-file-source",
                        "      parameters:",
                        "        directory: \"" + inbox + "\"",
                        "        readLock: none",
                        "        delay: \"100\"",
                        "        noop: \"true\"",
                        "        format: csv",
                        "      steps:",
                        "        - to:",
                        "            uri: kamelet:tributary-jdbc-sink",
                        "            parameters: {schema: \""
                                + schema
                                + "\", table: orders, writeMode: upsert}",
                        ""));
    }

    String url() {
        return "http://127.0.0.1:" + port + StatusPage.PATH;
    }

    String await(String what, Predicate<String> seen) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r =
                        http.send(
                                HttpRequest.newBuilder(URI.create(url()))
                                        .timeout(Duration.ofSeconds(10))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                last = r.body();
                if (r.statusCode() == 200 && seen.test(last)) {
                    return last;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("never saw " + what + ":\n" + last);
    }

    /** The row of one connector, or "" when it is not on the page. */
    static String row(String html, String connector) {
        int start = html.indexOf("<tr id=\"" + connector + "\"");
        return start < 0 ? "" : html.substring(start, html.indexOf("</tr>", start));
    }

    static String headline(String html) {
        int start = html.indexOf("<p class=\"headline\">");
        return start < 0 ? "" : html.substring(start, html.indexOf("</p>", start));
    }

    static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
