package io.tributary.http;

import java.io.IOException;

/**
 * A 2xx response announced as JSON whose body does not parse: cut off mid-transfer or mangled by a
 * proxy. An {@link IOException} so that Camel's redelivery sends the request again, like a
 * connection reset.
 */
public final class MalformedBodyException extends IOException {
    private static final long serialVersionUID = 1L;

    public MalformedBodyException(String message) {
        super(message);
    }
}
