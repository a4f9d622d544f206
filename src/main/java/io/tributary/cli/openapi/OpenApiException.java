package io.tributary.cli.openapi;

/** An OpenAPI document that cannot be scaffolded: the message names the file and what to do. */
public final class OpenApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OpenApiException(String message) {
        super(message);
    }
}
