package io.tributary.connector;

import io.tributary.auth.Authenticator;
import io.tributary.http.PageRequest;
import io.tributary.paging.Pagination;
import io.tributary.state.JdbcCursorStore;
import java.net.URI;
import org.apache.camel.Exchange;

/**
 * Builds each request of a run: the request template (the url's own query and path, {@code
 * requestHeaders}, {@code requestBody}, their placeholders filled: {@link RequestTemplate}, the
 * pager's page number and token included), the page, the cursor parameter, the date window, the
 * loop guard, the host rule, a redirect's Location, and the quota a request spends before
 * credentials are added. What it remembers between requests of one run is its {@link State}, which
 * the {@link SyncRun} keeps.
 */
final class RequestPlanner {
    /** What one run's requests remember: the request being built, redirects, the loop guard. */
    static final class State {
        /** Which request was prepared last, e.g. "page 3" (null before the first). */
        String requested;

        /**
         * The request prepareRequest built but could not finish (credentials failed): reused when
         * it is retried.
         */
        PageRequest pendingRequest;

        URI pendingTarget;
        boolean pendingPaid;
        // paging across hosts, loops and redirects
        final java.util.Set<String> requestsSent = new java.util.HashSet<>();
        URI requestUrl;
        String redirectTo;
        int redirects;
    }

    private final String id;
    private final Authenticator authenticator;
    private final Pagination paging;
    private final RequestTemplate template;
    private final ConnectorPaging extras;
    private final String cursorParam; // null when requests do not filter by cursor
    private final String accept; // the Accept header: the format the connector reads

    RequestPlanner(
            String id,
            Authenticator authenticator,
            Pagination paging,
            RequestTemplate template,
            ConnectorPaging extras,
            String cursorParam,
            String accept) {
        this.accept = accept;
        this.id = id;
        this.authenticator = authenticator;
        this.paging = paging;
        this.template = template;
        this.extras = extras;
        this.cursorParam = cursorParam;
    }

    /**
     * Sets the query (static part of the URL, paging, cursor, credentials) and headers of the next
     * call.
     */
    void prepareRequest(Exchange exchange, SyncRun run) {
        State requests = run.requests;
        if (requests.pendingRequest != null) {
            // this step is being retried (the quota store or the token endpoint failed): the same
            // page
            // again, not a repeated next link; its quota is paid once
            if (!requests.pendingPaid) {
                acquireQuota();
                requests.pendingPaid = true;
            }
            finishRequest(exchange, run);
            return;
        }
        String redirect = requests.redirectTo;
        requests.redirectTo = null;
        PageRequest request;
        if (redirect != null) {
            request = new PageRequest().url(redirect); // a 3xx's Location, followed as is
        } else {
            extras.checkPageLimit(run);
            requests.requested = run.pager.position();
            // filled now, with the cursor as it stands (it moves mid-sync, and the pager restarts);
            // the pager's token goes in after, so a source's token is never read as a template
            request = template.request(RequestTemplate.Values.of(run));
            run.pager.applyTo(request);
            if (request.url() != null) {
                request.clearQuery(); // a next URL already carries the url's own query, and any
                // filter
            }
            String cursor = run.cursor.requestText;
            if (cursor != null && cursorParam != null && request.url() == null) {
                // the committed cursor (see Pager.restart), less the lookback on a run's first
                // requests;
                // a next URL from the source already carries the filter
                request.queryParam(cursorParam, cursor);
            }
            extras.addWindow(run, request);
            extras.guardAgainstLoops(run, request);
        }
        requests.pendingTarget =
                extras.checkHost(run, request); // before credentials: they stay with their host
        requests.pendingRequest = request;
        requests.pendingPaid = false;
        acquireQuota();
        requests.pendingPaid = true;
        finishRequest(exchange, run);
    }

    private void finishRequest(Exchange exchange, SyncRun run) {
        PageRequest request = run.requests.pendingRequest;
        URI target = run.requests.pendingTarget;
        authenticator.authenticate(request);
        run.requests.pendingRequest = null;
        exchange.setProperty(
                Authenticator.PROPERTY, authenticator); // for a 401 under a token scheme
        var message = exchange.getMessage();
        message.setBody(null);
        // a fresh retry budget and delay for every page, whatever the route removed before this
        // step
        message.removeHeaders("CamelRedelivery*");
        message.removeHeader(Exchange.REDELIVERED);
        message.setHeader(Exchange.HTTP_METHOD, "GET");
        message.setHeader(Exchange.HTTP_QUERY, request.encodedQuery());
        message.setHeader("Accept", accept); // the format the connector reads

        message.setHeader(
                io.tributary.http.CallPolicy.HEADER,
                id); // the HTTP client's deadline and 2xx rules; not sent
        request.headers().forEach(message::setHeader);
        extras.target(run, message, request, target);
    }

    /**
     * The first page's request with its credentials and the cursor a sync would send (the stored
     * one, else {@code cursorStart}), in {@code cursorParam} or the request template: see {@link
     * Connector#firstRequest}.
     *
     * @param probe a run from a cursor, for the lookback the requests apply to it
     */
    PageRequest firstRequest(
            JdbcCursorStore cursorStore,
            boolean fullRefresh,
            String cursorStart,
            CursorAdvance advance,
            java.util.function.Function<String, SyncRun> probe) {
        SyncRun sent = null; // the run whose cursor and window the request would carry
        String text = null;
        if (advance != null) {
            // what the next sync would send (see startRun): the stored cursor in the source's own
            // text (or
            // cursorFormat), else cursorStart; a full refresh always from cursorStart; less the
            // lookback
            io.tributary.state.CursorState stored =
                    fullRefresh
                            ? null
                            : cursorStore
                                    .loadState(id)
                                    .filter(st -> st.value() != null)
                                    .orElse(null);
            String cursor = stored != null ? stored.value() : cursorStart;
            if (cursor != null) {
                SyncRun run = probe.apply(cursor);
                extras.start(run);
                text =
                        run.cursor.requestText.equals(cursor)
                                ? advance.requestText(
                                        cursor,
                                        stored == null ? null : stored.sourceText(),
                                        run.cursor.value)
                                : run.cursor.requestText; // the lookback applied
                run.cursor.requestText = text;
                sent = run;
            }
        }
        Pagination.Pager first = paging.begin();
        PageRequest request =
                template.request(
                        (sent == null
                                        ? RequestTemplate.Values.NONE
                                        : RequestTemplate.Values.of(sent))
                                .at(first));
        first.applyTo(request);
        if (cursorParam != null && text != null) {
            request.queryParam(cursorParam, text);
        }
        acquireQuota(); // a check's request counts against the API's budget like any other
        authenticator.authenticate(request);
        return request;
    }

    /**
     * Waits for the quota one request needs (the API's own limit headers, then the connector's
     * budget).
     */
    void acquireQuota() {
        extras.limiter().acquire();
    }
}
