package io.tributary.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.http.SourceResponseException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;

class ErrorTypeTest {
    static HttpOperationFailedException http(int status) {
        return new HttpOperationFailedException(
                "https://api.example.com/items", status, "x", null, null, "");
    }

    @Test
    void refusedCredentialsAreAuth() {
        assertEquals(ErrorType.AUTH, ErrorType.of(http(401)));
        assertEquals(ErrorType.AUTH, ErrorType.of(http(403)));
    }

    @Test
    void tooManyRequestsIsRateLimit() {
        assertEquals(ErrorType.RATE_LIMIT, ErrorType.of(http(429)));
    }

    @Test
    void aTokenEndpointThatRefusesIsAuthAndOneThatCannotBeReachedIsNetwork() {
        assertEquals(
                ErrorType.AUTH,
                ErrorType.of(
                        new io.tributary.auth.AuthenticationException("invalid_grant", 400, null)));
        assertEquals(
                ErrorType.NETWORK,
                ErrorType.of(
                        new io.tributary.auth.AuthenticationException(
                                "could not be reached",
                                0,
                                new ConnectException("Connection refused"))));
    }

    @Test
    void aSpentBudgetIsRateLimit() {
        assertEquals(
                ErrorType.RATE_LIMIT,
                ErrorType.of(
                        new io.tributary.ratelimit.QuotaExhaustedException(
                                "no quota until 00:00 UTC")));
    }

    @Test
    void connectionsAndTimeoutsAreNetwork() {
        assertEquals(ErrorType.NETWORK, ErrorType.of(new ConnectException("Connection refused")));
        assertEquals(
                ErrorType.NETWORK,
                ErrorType.of(
                        new RuntimeCamelException(new SocketTimeoutException("Read timed out"))));
    }

    @Test
    void anUnusableResponseIsSchema() {
        assertEquals(ErrorType.SCHEMA, ErrorType.of(new SourceResponseException("not JSON")));
    }

    @Test
    void aDatabaseFailureIsSinkEvenWhenItWasAnIoError() {
        assertEquals(
                ErrorType.SINK,
                ErrorType.of(
                        new RuntimeCamelException(
                                new SQLException(
                                        "connection reset", new java.io.IOException("reset")))));
    }

    @Test
    void anyOtherStatusIsOther() {
        assertEquals(ErrorType.OTHER, ErrorType.of(http(500)));
        assertEquals(ErrorType.OTHER, ErrorType.of(new IllegalStateException("?")));
        assertEquals("rate_limit", ErrorType.RATE_LIMIT.tag());
    }
}
