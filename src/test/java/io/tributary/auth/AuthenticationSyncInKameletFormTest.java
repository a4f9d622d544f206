package io.tributary.auth;

/**
 * Every authentication scheme again with the connector written as a route from {@code
 * kamelet:tributary-http-source} to {@code kamelet:tributary-jdbc-sink}: the same credentials on
 * the wire, the same refreshes, and no secret in any log line or outcome.
 */
class AuthenticationSyncInKameletFormTest extends AuthenticationSyncTest {
    AuthenticationSyncInKameletFormTest() {
        tributary.inKameletForm();
    }
}
