package io.tributary.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.http.PageRequest;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeyAuthTest {

    @Test
    void queryAuthAddsTheKeyAsAQueryParameter() {
        PageRequest request = new PageRequest().queryParam("page", "1");
        new ApiKeyQueryAuth("appid", "k3y/with+chars").authenticate(request);
        assertEquals("k3y/with+chars", request.query().get("appid"));
        assertEquals("page=1&appid=k3y%2Fwith%2Bchars", request.encodedQuery());
        assertTrue(request.headers().isEmpty());
    }

    @Test
    void headerAuthAddsTheKeyAsAHeader() {
        PageRequest request = new PageRequest();
        new ApiKeyHeaderAuth("X-API-Key", "s3cret").authenticate(request);
        assertEquals(Map.of("X-API-Key", "s3cret"), request.headers());
        assertTrue(request.query().isEmpty());
    }

    @Test
    void bothSchemesDeclareTheirKeyAsASecret() {
        assertEquals(Set.of("s3cret"), new ApiKeyQueryAuth("appid", "s3cret").secrets());
        assertEquals(Set.of("s3cret"), new ApiKeyHeaderAuth("X-API-Key", "s3cret").secrets());
    }

    @Test
    void noAuthAddsNothingAndHasNoSecrets() {
        PageRequest request = new PageRequest();
        new NoAuth().authenticate(request);
        assertTrue(request.query().isEmpty() && request.headers().isEmpty());
        assertTrue(new NoAuth().secrets().isEmpty());
    }
}
