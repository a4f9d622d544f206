package io.tributary.connector;

/**
 * Every request template case again, each connector written as a route from {@code
 * kamelet:tributary-http-source} to {@code kamelet:tributary-jdbc-sink}: the same requests, byte
 * for byte.
 */
class RequestTemplatesInKameletFormTest extends RequestTemplatesTest {
    RequestTemplatesInKameletFormTest() {
        tributary.inKameletForm();
    }
}
