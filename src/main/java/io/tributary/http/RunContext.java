package io.tributary.http;

import java.net.URI;
import org.apache.camel.Exchange;

/**
 * What the steps around an API call (retry, redirect, failure handling) need to know of the sync
 * they serve, carried on the exchange as property {@value #PROPERTY}. The connector's {@code
 * SyncRun} is the one in use; {@code http} sees only this, so it never depends on the connector.
 */
public interface RunContext {
    String PROPERTY = "tributary.run";

    /**
     * The run on the exchange, or null outside a run (e.g. the failure came before the first
     * request).
     */
    static RunContext of(Exchange exchange) {
        return exchange.getProperty(PROPERTY, RunContext.class);
    }

    /**
     * The URL of the call, when the step that failed was the HTTP call (Camel's {@code
     * CamelToEndpoint}): a timeout or reset names no URL of its own. Null for other steps, e.g. a
     * database write.
     */
    static URI failedCall(Exchange exchange, RunContext run) {
        String step = exchange.getProperty(Exchange.TO_ENDPOINT, String.class);
        return run != null && step != null && step.startsWith("http") ? run.requestUrl() : null;
    }

    /** The error policy of the run on the exchange; {@code defaults} outside a run. */
    static ErrorPolicy policyOn(Exchange exchange, ErrorPolicy defaults) {
        RunContext run = of(exchange);
        return run == null ? defaults : run.errorPolicy();
    }

    /**
     * How the connector whose run this is classifies the failure on the exchange, e.g. for an
     * {@code onException} clause that refreshes credentials: {@code .onWhen(e ->
     * RunContext.classify(e) == ResponseClass.REFRESH_AUTH)}.
     */
    static ResponseClass classify(Exchange exchange) {
        return policyOn(exchange, ErrorPolicy.defaults(java.time.Duration.ofSeconds(300)))
                .classify(caught(exchange));
    }

    /** The failure being handled: the exchange's exception, or the one Camel caught. */
    static Throwable caught(Exchange exchange) {
        Throwable e = exchange.getException();
        return e != null ? e : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }

    String connectorId();

    /** Masks the connector's secrets in any text shown to people. */
    Masker masker();

    /**
     * The connector's classification of failed calls (its errorPolicy parameter over the defaults).
     */
    ErrorPolicy errorPolicy();

    /**
     * Called before each retry of a call: waits for quota, as the first attempt did.
     *
     * @return false when no quota comes within the longest wait ({@link #quotaRefusal()} says why)
     */
    boolean beforeRetry();

    /** Why a retry found no quota, or null. */
    String quotaRefusal();

    /**
     * The URL of the last request prepared (credentials in its query included: mask it before
     * showing it).
     */
    URI requestUrl();

    /** Which request failed, e.g. "page 3": the last one prepared. */
    String position();

    /**
     * The run so far as the fields of a structured retry or failure line ({@code connector, run,
     * records, written, pages, duration_ms, cursor, error_type}); at least the connector.
     */
    default java.util.Map<String, Object> logFields(Throwable failure) {
        return java.util.Map.of("connector", connectorId());
    }

    /**
     * The server asked to wait ({@code Retry-After} on a 429 or 503): the connector's other
     * requests (its slices at once) wait too, not only this call's retry.
     */
    default void serverAskedToWait(java.time.Duration wait) {}
}
