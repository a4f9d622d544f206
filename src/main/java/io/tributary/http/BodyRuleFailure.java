package io.tributary.http;

import java.util.Map;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * A successful status whose body matched one of the connector's {@code 2xx} rules (a GraphQL {@code
 * errors} member, {@code "success": false}): an HTTP failure like a 4xx, so Camel's error handling
 * retries, ignores, refreshes credentials or fails the run as the rule says. Its "response body" is
 * only what the rule found: the rest of a 2xx body is record data, which stays out of failure
 * lines.
 */
public final class BodyRuleFailure extends HttpOperationFailedException {
    private static final long serialVersionUID = 1L;
    private final String rule;
    private final ResponseClass action;
    private final java.time.Duration askedWait;

    public BodyRuleFailure(
            String uri,
            int status,
            String statusText,
            Map<String, String> headers,
            ErrorPolicy.Match match) {
        super(uri, status, statusText, null, headers, match.found());
        this.rule = match.rule();
        this.action = match.action();
        this.askedWait = match.askedWait();
    }

    /** The wait the body asked for (GraphQL's throttle status), or null: headers may say one. */
    public java.time.Duration askedWait() {
        return askedWait;
    }

    /** The rule as the connector's errorPolicy wrote it, e.g. {@code 2xx:/errors=fail}. */
    public String rule() {
        return rule;
    }

    public ResponseClass action() {
        return action;
    }
}
