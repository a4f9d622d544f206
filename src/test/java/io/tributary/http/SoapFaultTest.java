package io.tributary.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;

/** A SOAP Fault in an error body: what the failure line says, and which faults are retried. */
class SoapFaultTest {
    /** Workday's answer to a request it cannot validate (SOAP 1.1, HTTP 500). */
    static final String WORKDAY_VALIDATION =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                    + "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                    + "<SOAP-ENV:Body><SOAP-ENV:Fault xmlns:wd=\"urn:com.workday/bsvc\">"
                    + "<faultcode>SOAP-ENV:Client.validationError</faultcode>"
                    + "<faultstring>Validation error occurred. Invalid Page: 0</faultstring>"
                    + "<detail><wd:Validation_Fault><wd:Validation_Error>"
                    + "<wd:Message>Invalid Page: 0</wd:Message></wd:Validation_Error>"
                    + "</wd:Validation_Fault></detail></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>";

    static final String SERVER_BUSY =
            "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
                    + "<soap:Fault><faultcode>soap:Server</faultcode>"
                    + "<faultstring>Processing error occurred. Try again later.</faultstring>"
                    + "</soap:Fault></soap:Body></soap:Envelope>";

    static final String SOAP_12_SENDER =
            "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\"><env:Body>"
                    + "<env:Fault><env:Code><env:Value>env:Sender</env:Value></env:Code>"
                    + "<env:Reason><env:Text xml:lang=\"en\">Page must be 1 or more</env:Text>"
                    + "</env:Reason></env:Fault></env:Body></env:Envelope>";

    static HttpOperationFailedException status500(String body) {
        return new HttpOperationFailedException(
                "https://wd2-impl-services1.workday.com/ccx/service/acme/Human_Resources/v42.0",
                500,
                "Server Error",
                null,
                Map.of(),
                body);
    }

    @Test
    void readsTheCodeAndStringOfSoap11AndSoap12Faults() {
        assertEquals(
                Optional.of(
                        new SoapFault(
                                "SOAP-ENV:Client.validationError",
                                "Validation error occurred. Invalid Page: 0")),
                SoapFault.of(WORKDAY_VALIDATION));
        assertEquals(
                Optional.of(new SoapFault("env:Sender", "Page must be 1 or more")),
                SoapFault.of(SOAP_12_SENDER));
        assertEquals(Optional.empty(), SoapFault.of("{\"fault\":\"Fault\"}"));
        assertEquals(Optional.empty(), SoapFault.of("<Fault><faultcode>x</faultcode></Fault>"));
        assertEquals(
                Optional.empty(),
                SoapFault.of(
                        "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                                + "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                                + "<soap:Body><soap:Fault><faultcode>&e;</faultcode></soap:Fault>"
                                + "</soap:Body></soap:Envelope>"),
                "no entity is resolved");
    }

    @Test
    void aFaultOfTheRequestFailsAtOnceAndAServerFaultIsRetried() {
        ErrorPolicy defaults = ErrorPolicy.defaults(Duration.ofMinutes(5));

        assertEquals(ResponseClass.FAIL, defaults.classify(status500(WORKDAY_VALIDATION)));
        assertFalse(defaults.retries(status500(WORKDAY_VALIDATION)));
        assertEquals(ResponseClass.RETRY, defaults.classify(status500(SERVER_BUSY)));
        assertTrue(defaults.retries(status500(SERVER_BUSY)));
        assertEquals(
                ResponseClass.RETRY,
                ErrorPolicy.parse("500:validationError=retry", Duration.ofMinutes(5))
                        .classify(status500(WORKDAY_VALIDATION)),
                "an errorPolicy rule still comes first");
    }

    @Test
    void theFailureLineShowsTheFaultNotTheEnvelope() {
        String line = FailureDescription.of(status500(WORKDAY_VALIDATION), Masker.NONE, "POST");

        assertEquals(
                "HTTP 500 Server Error from POST"
                        + " https://wd2-impl-services1.workday.com/ccx/service/acme/Human_Resources/v42.0:"
                        + " SOAP Fault SOAP-ENV:Client.validationError:"
                        + " Validation error occurred. Invalid Page: 0",
                line);
    }
}
