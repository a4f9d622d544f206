package io.tributary.http;

/**
 * The same refused, retried and disk-full writes with the connector written as a route from {@code
 * kamelet:tributary-http-source} to {@code kamelet:tributary-jdbc-sink}: the write fails inside the
 * sink Kamelet, and the user's route handles it as the template does (retried when transient, one
 * line without the record's values, the cursor at the last committed page).
 */
class RecordValuesStayOutOfLogsInKameletFormTest extends RecordValuesStayOutOfLogsTest {
    RecordValuesStayOutOfLogsInKameletFormTest() {
        tributary.inKameletForm();
    }
}
