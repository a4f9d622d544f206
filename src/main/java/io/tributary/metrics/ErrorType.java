package io.tributary.metrics;

import io.tributary.http.SourceResponseException;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Locale;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * What kind of failure a sync met, as the {@code type} tag of {@code tributary.errors}: a closed,
 * small set so the tag stays bounded.
 */
public enum ErrorType {
    /** Connection refused or reset, timeouts: the source (or the way to it) is down. */
    NETWORK,
    /** 401 or 403: the key is wrong, expired or lacks a scope. */
    AUTH,
    /** 429: the source's quota or rate limit. */
    RATE_LIMIT,
    /** A response that does not fit the connector: not JSON, no records array where expected. */
    SCHEMA,
    /** The target database refused or lost a write. */
    SINK,
    /** Any other HTTP status or failure. */
    OTHER;

    /** The tag value, e.g. {@code rate_limit}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ErrorType of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.tributary.http.BodyRuleFailure rule
                    && rule.action() == io.tributary.http.ResponseClass.RATE_LIMITED) {
                return RATE_LIMIT; // a 200 that says so: a GraphQL throttle, a body rule
            }
            if (t instanceof HttpOperationFailedException) {
                int status = ((HttpOperationFailedException) t).getStatusCode();
                return status == 401 || status == 403 ? AUTH : status == 429 ? RATE_LIMIT : OTHER;
            }
            if (t instanceof io.tributary.http.HttpStatusFailure failed) {
                int status = failed.status(); // a bulk job's call, made outside camel-http
                return status == 401 || status == 403 ? AUTH : status == 429 ? RATE_LIMIT : OTHER;
            }
            if (t instanceof SQLException) {
                return SINK;
            }
            if (t instanceof io.tributary.ratelimit.QuotaExhaustedException) {
                return RATE_LIMIT; // our own budget, or the source's quota, ran out within the
                // longest wait
            }
            if (t instanceof io.tributary.auth.AuthenticationException) {
                // a token endpoint or login that refused is an auth problem; one that could not be
                // reached is the network's
                for (Throwable c = t.getCause();
                        c != null;
                        c = c.getCause() == c ? null : c.getCause()) {
                    if (c instanceof IOException) {
                        return NETWORK;
                    }
                }
                return AUTH;
            }
            if (t instanceof SourceResponseException) {
                return SCHEMA;
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException) {
                return NETWORK;
            }
            if (t.getClass().getName().startsWith("io.tributary.sink.")) {
                return SINK;
            }
        }
        return OTHER;
    }
}
