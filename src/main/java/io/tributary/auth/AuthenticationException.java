package io.tributary.auth;

/**
 * A credential could not be obtained: the token endpoint or login URL was unreachable, refused the
 * request or answered something unusable. The message names the connector and the endpoint, carries
 * the provider's error text and is already masked. An I/O failure is kept as the cause, so the
 * connector's error policy retries it like any other transient failure.
 */
public final class AuthenticationException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public AuthenticationException(String maskedMessage, int status, Throwable cause) {
        super(maskedMessage, cause);
        this.status = status;
    }

    /** The HTTP status the endpoint answered, or 0 when it gave none. */
    public int status() {
        return status;
    }
}
