package io.tributary.auth;

import io.tributary.http.CallListener;
import io.tributary.http.PageRequest;
import io.tributary.http.ResponseClass;
import io.tributary.http.RunContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A 401 under a token scheme: the token was revoked or expired early, so the connector's error
 * policy ({@code ConnectorErrorPolicy}) gets a new one once and repeats the call, Camel redelivery
 * doing the repeating:
 *
 * <ul>
 *   <li>{@link #APPLIES}: the failure is classed refresh-auth (an HTTP 401 by default) and the
 *       connector's authenticator can refresh;
 *   <li>this processor, as the clause's {@code onRedelivery}: renews the token and puts the new
 *       credentials on the request before it is sent again;
 *   <li>{@link #failingWith}: the call was refused again (or no new token could be had): the run
 *       fails with the provider's answer, masked, saying that a new token did not help.
 * </ul>
 */
public final class RefreshOnUnauthorized implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(RefreshOnUnauthorized.class);
    static final String FAILURE = "tributary.auth.refreshFailure";

    /** onWhen of the error-policy clause. */
    public static final Predicate APPLIES =
            exchange -> {
                Throwable e = caught(exchange);
                Authenticator authenticator =
                        exchange.getProperty(Authenticator.PROPERTY, Authenticator.class);
                // 401 by default; a connector's errorPolicy may name other answers refresh-auth
                // (e.g. 403=refresh-auth)
                return e instanceof HttpOperationFailedException
                        && RunContext.classify(exchange) == ResponseClass.REFRESH_AUTH
                        && authenticator != null
                        && authenticator.canRefresh();
            };

    @Override
    public void process(Exchange exchange) {
        Authenticator authenticator =
                exchange.getProperty(Authenticator.PROPERTY, Authenticator.class);
        RunContext run = RunContext.of(exchange);
        String connector = run == null ? exchange.getFromRouteId() : run.connectorId();
        // the refused call counts as a request, an auth error and a retry, like any other failed
        // attempt
        CallListener metrics = CallListener.of(exchange.getContext());
        metrics.failure(connector, caught(exchange));
        metrics.retry(connector);
        LOG.warn(
                "connector={} {} was refused with HTTP 401: getting a new token and asking once more",
                connector,
                run == null ? "a request" : run.position());
        try {
            authenticator.refresh();
        } catch (RuntimeException e) {
            // reported instead of the second 401 (see failingWith); the message is already masked
            exchange.setProperty(FAILURE, e);
            return;
        }
        PageRequest fresh = new PageRequest();
        authenticator.authenticate(fresh);
        fresh.headers().forEach(exchange.getMessage()::setHeader);
        if (!fresh.query().isEmpty()) {
            exchange.getMessage()
                    .setHeader(
                            Exchange.HTTP_QUERY,
                            replaceQuery(
                                    exchange.getMessage()
                                            .getHeader(Exchange.HTTP_QUERY, String.class),
                                    fresh));
        }
    }

    /**
     * The clause's last step: explains the refusal, then hands over to the run's usual failure
     * handling.
     */
    public static Processor failingWith(Processor failRun) {
        return exchange -> {
            Throwable refreshFailure = exchange.getProperty(FAILURE, Throwable.class);
            Throwable e = caught(exchange);
            if (refreshFailure != null) {
                exchange.setProperty(Exchange.EXCEPTION_CAUGHT, refreshFailure);
            } else if (e instanceof HttpOperationFailedException) {
                HttpOperationFailedException http = (HttpOperationFailedException) e;
                String text =
                        http.getStatusText() == null || http.getStatusText().isBlank()
                                ? ""
                                : http.getStatusText() + " ";
                exchange.setProperty(
                        Exchange.EXCEPTION_CAUGHT,
                        new HttpOperationFailedException(
                                http.getUri(),
                                http.getStatusCode(),
                                text + "(again, with a new token)",
                                http.getRedirectLocation(),
                                http.getResponseHeaders(),
                                http.getResponseBody()));
            }
            exchange.removeProperty(FAILURE);
            failRun.process(exchange);
        };
    }

    private static String replaceQuery(String query, PageRequest fresh) {
        Map<String, String> params = new LinkedHashMap<>();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                params.put(
                        eq < 0 ? pair : pair.substring(0, eq),
                        eq < 0 ? "" : pair.substring(eq + 1));
            }
        }
        PageRequest encoded = new PageRequest();
        fresh.query().forEach(encoded::queryParam);
        for (String pair : encoded.encodedQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        StringBuilder b = new StringBuilder();
        params.forEach(
                (k, v) -> b.append(b.length() == 0 ? "" : "&").append(k).append('=').append(v));
        return b.toString();
    }

    private static Throwable caught(Exchange exchange) {
        Throwable e = exchange.getException();
        return e != null ? e : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }
}
