package io.tributary.connector;

/** {@link ResponseFormatsTest} with each connector written as a Kamelet-form route file. */
class ResponseFormatsInKameletFormTest extends ResponseFormatsTest {
    @Override
    boolean kameletForm() {
        return true;
    }
}
