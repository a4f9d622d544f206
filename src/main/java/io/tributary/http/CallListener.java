package io.tributary.http;

import java.time.Duration;
import org.apache.camel.CamelContext;

/**
 * Told what happened to a connector's API calls by the steps around them (a failed attempt, a
 * retry, an ignored or redirected answer, a server-asked wait). The one in use is {@code
 * metrics.ConnectorMetrics}, bound as {@value #BEAN}; {@code http} and {@code auth} report through
 * this so they never depend on {@code metrics}.
 */
public interface CallListener {
    String BEAN = "tributaryMetrics";
    CallListener NONE = new CallListener() {};

    /**
     * The bound listener, or one that ignores everything when none is bound (a bare CamelContext in
     * a test).
     */
    static CallListener of(CamelContext context) {
        CallListener bound =
                context == null
                        ? null
                        : context.getRegistry().lookupByNameAndType(BEAN, CallListener.class);
        return bound != null ? bound : NONE;
    }

    /**
     * A response the error policy lets pass (an ignored 404, a redirect followed): a request, not
     * an error.
     */
    default void passed(String connector, int status) {}

    /** A request or step failed (each attempt counts). */
    default void failure(String connector, Throwable cause) {}

    default void retry(String connector) {}

    /** Time a connector waits because the source asked it to (Retry-After, a rate limiter). */
    default void rateLimitWait(String connector, Duration wait) {}
}
