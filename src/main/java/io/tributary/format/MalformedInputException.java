package io.tributary.format;

import java.io.IOException;

/**
 * A body that cannot be read on: XML that is not well-formed, JSON cut off, a charset it is not in.
 * The message says where (line, column, byte) and why, never the body's text.
 */
public class MalformedInputException extends IOException {
    private static final long serialVersionUID = 1L;

    public MalformedInputException(String message) {
        super(message);
    }

    public MalformedInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
