package io.tributary.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;

class TransientFailuresTest {
    private final TransientFailures failures = new TransientFailures(Duration.ofSeconds(300));

    private static HttpOperationFailedException status(int code, Map<String, String> headers) {
        return new HttpOperationFailedException(
                "http://api.example.com/v1", code, "status " + code, null, headers, "");
    }

    private static HttpOperationFailedException status(int code) {
        return status(code, Map.of());
    }

    @Test
    void treatsServerErrorsAsTransient() {
        assertTrue(failures.isTransient(status(500)));
        assertTrue(failures.isTransient(status(502)));
        assertTrue(failures.isTransient(status(503)));
    }

    @Test
    void treatsARequestTimeoutAsTransient() {
        assertTrue(failures.isTransient(status(408)));
    }

    @Test
    void treatsTooManyRequestsWithoutRetryAfterAsTransient() {
        assertTrue(failures.isTransient(status(429)));
    }

    @Test
    void treatsTooManyRequestsAsTransientWhenRetryAfterIsWithinTheMaximum() {
        assertTrue(failures.isTransient(status(429, Map.of("Retry-After", "300"))));
    }

    @Test
    void treatsTooManyRequestsAsFinalWhenRetryAfterIsLongerThanTheMaximum() {
        assertFalse(failures.isTransient(status(429, Map.of("Retry-After", "301"))));
    }

    @Test
    void treatsClientErrorsAsFinal() {
        assertFalse(failures.isTransient(status(400)));
        assertFalse(failures.isTransient(status(401)));
        assertFalse(failures.isTransient(status(403)));
        assertFalse(failures.isTransient(status(404)));
    }

    @Test
    void treatsAnIoExceptionAsTransient() {
        assertTrue(failures.isTransient(new SocketTimeoutException("Read timed out")));
    }

    @Test
    void treatsAnExceptionCausedByAnIoExceptionAsTransient() {
        assertTrue(
                failures.isTransient(
                        new RuntimeException("wrapped", new IOException("Connection reset"))));
    }

    @Test
    void treatsOtherExceptionsAsFinal() {
        assertFalse(failures.isTransient(new IllegalStateException("bad state")));
        assertFalse(failures.isTransient(null));
    }
}
