package io.tributary.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tributary.auth.SecretMasker;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Review of the issue-11 merge: failure lines carry no record data (FailureDescription), but a
 * malformed body's message is Jackson's, which quotes the token it could not read: a record value.
 */
class MalformedBodyWithoutValuesTest {
    @Test
    void aMalformedBodysFailureLineDoesNotQuoteTheRecord() {
        byte[] body =
                "{\"items\":[{\"id\":1,\"ssn\":JaneDoe-123-45-6789}]}"
                        .getBytes(StandardCharsets.UTF_8);
        MalformedBodyException e =
                assertThrows(MalformedBodyException.class, () -> JsonBodyCheck.check(body));
        String line = FailureDescription.of(e, new SecretMasker(List.of()));
        assertFalse(line.contains("JaneDoe"), line);
    }
}
