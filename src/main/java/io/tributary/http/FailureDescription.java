package io.tributary.http;

import java.net.URI;
import java.sql.SQLException;
import java.time.Instant;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Turns a failure into one line a person can act on: status, masked URL and the start of the body
 * (a SOAP Fault's code and string) for HTTP errors; the exception type and message otherwise,
 * trimmed, with the URL when the call failed. Never a stack trace, never a secret, never record
 * data: a database's message loses the values it quotes (a failed batch's message lists them all,
 * and its {@code getNextException} chain repeats them), and a 2xx body shows only what an
 * errorPolicy rule found in it.
 */
public final class FailureDescription {
    static final int BODY_EXCERPT = 300;
    static final int CAUSE_EXCERPT = 300;

    // pgjdbc: "Batch entry 0 INSERT INTO t (a,b) VALUES (('1'), ('secret')) was aborted: ERROR:
    // ..."
    // a double-quoted name the database mentions (a constraint, a column): kept; anything else
    // quoted is data

    private FailureDescription() {}

    public static String of(Throwable e, Masker masker) {
        return of(e, masker, "GET");
    }

    /**
     * @param method the request's method (POST for sources that page by POST), as the line names it
     */
    public static String of(Throwable e, Masker masker, String method) {
        return of(e, masker, method, null);
    }

    /**
     * @param url the request that failed, when the failing step was the HTTP call: named (masked)
     *     for failures that do not carry it themselves (timeouts, resets, the request deadline)
     */
    public static String of(Throwable e, Masker masker, String method, URI url) {
        if (e == null) {
            return "unknown failure";
        }
        String verb = method == null ? "GET" : method;
        if (e instanceof HttpOperationFailedException) {
            HttpOperationFailedException http = (HttpOperationFailedException) e;
            StringBuilder b = new StringBuilder("HTTP ").append(http.getStatusCode());
            if (http.getStatusText() != null && !http.getStatusText().isBlank()) {
                b.append(' ').append(http.getStatusText());
            }
            b.append(" from ").append(verb).append(' ').append(http.getUri());
            RetryAfter.of(http, Instant.now())
                    .ifPresent(d -> b.append(" (Retry-After ").append(d.toSeconds()).append(" s)"));
            if (e instanceof BodyRuleFailure rule && rule.askedWait() != null) {
                b.append(" (the body asks to wait ")
                        .append(Math.max(1, (rule.askedWait().toMillis() + 999) / 1000))
                        .append(" s)");
            }
            if (e instanceof BodyRuleFailure rule) {
                b.append(": the body matched errorPolicy rule '").append(rule.rule()).append("' (");
            }
            String body = masker.mask(http.getResponseBody()); // mask before cutting, or a cut key
            // escapes the mask
            java.util.Optional<SoapFault> fault =
                    e instanceof BodyRuleFailure ? java.util.Optional.empty() : SoapFault.of(body);
            if (fault.isPresent()) {
                // what the service said, not the envelope's first 300 characters
                b.append(": SOAP Fault ")
                        .append(excerpt(fault.get().code(), 100))
                        .append(": ")
                        .append(excerpt(fault.get().reason(), BODY_EXCERPT));
            } else if (body != null && !body.isBlank()) {
                b.append(e instanceof BodyRuleFailure ? "" : ": ")
                        .append(excerpt(body, BODY_EXCERPT));
            }
            if (e instanceof BodyRuleFailure) {
                b.append(')');
            }
            return masker.mask(b.toString());
        }
        String where = url == null ? "" : " (" + verb + " " + url + ")";
        return masker.mask(cause(e) + where);
    }

    /**
     * The failure's class and message, one line, trimmed, with a database's quoted values left out.
     */
    static String cause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root && root.getMessage() == null) {
            root = root.getCause();
        }
        SQLException sql = null;
        for (Throwable t = root;
                t != null && sql == null;
                t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException s) {
                sql = s;
            }
        }
        if (sql == null) {
            String message = root.getMessage() == null ? "" : ": " + root.getMessage();
            return excerpt(root.getClass().getSimpleName() + message, CAUSE_EXCERPT);
        }
        StringBuilder b = new StringBuilder();
        if (root != sql && root.getMessage() != null) {
            // a wrapper ("Writing to table 'x' failed: <the database's message>") keeps its own
            // words only
            int colon = root.getMessage().indexOf(": ");
            String own = colon < 0 ? root.getMessage() : root.getMessage().substring(0, colon);
            if (!own.equals(sql.getClass().getName())) {
                b.append(own).append(": ");
            }
        }
        b.append(sql.getClass().getSimpleName());
        if (sql.getSQLState() != null || sql.getErrorCode() != 0) {
            b.append(" [SQLState ")
                    .append(sql.getSQLState())
                    .append(", code ")
                    .append(sql.getErrorCode())
                    .append(']');
        }
        String message = withoutValues(sql.getMessage());
        if (!message.isEmpty()) {
            b.append(": ").append(message);
        }
        return excerpt(b.toString(), CAUSE_EXCERPT);
    }

    static String withoutValues(String message) {
        return io.tributary.sql.SqlMessages.withoutValues(message);
    }

    private static String excerpt(String text, int max) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() > max ? oneLine.substring(0, max) + "..." : oneLine;
    }
}
