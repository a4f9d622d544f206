package io.tributary.http;

import java.io.IOException;

/**
 * A call a source answered with a status other than 2xx, made outside camel-http (whose failures
 * are its {@code HttpOperationFailedException}): a bulk job's create, poll, download or delete. The
 * metrics tag it by its status (401/403 {@code auth}, 429 {@code rate_limit}) rather than as the
 * network's, which an {@link IOException} otherwise is.
 */
public class HttpStatusFailure extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public HttpStatusFailure(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
