package io.tributary.http;

import java.io.InterruptedIOException;
import java.time.Duration;

/**
 * A request that did not complete within its overall deadline (a body that trickles in a byte at a
 * time stays within every socket timeout): an I/O failure, so it is retried like a timeout. The URL
 * is added, masked, by the failure line ({@link FailureDescription}).
 */
public final class RequestDeadlineException extends InterruptedIOException {
    private static final long serialVersionUID = 1L;

    public RequestDeadlineException(Duration deadline, Throwable cause) {
        super(
                "no complete response within the request deadline of "
                        + seconds(deadline)
                        + " (tributary.http.request-deadline, or the connector's requestDeadline)");
        initCause(cause);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
    }
}
