package io.tributary.http;

import java.io.IOException;

/**
 * A 2xx body whose bytes are not text in its declared charset (or in UTF-8, when it declares none):
 * not cut off but sent that way, so asking again gets the same bytes. Permanent ({@link
 * PermanentFailures}).
 */
public final class UndecodableBodyException extends IOException {
    private static final long serialVersionUID = 1L;

    public UndecodableBodyException(String message) {
        super(message);
    }
}
