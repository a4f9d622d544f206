package io.tributary.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * Checks, inside the HTTP call, that a successful JSON response is whole: a body cut in half then
 * fails the call itself with {@link MalformedBodyException}, and Camel's redelivery policy fetches
 * the page again. (Found later, in {@code readPage}, a redelivery would only re-read the same
 * broken body.) Sits first in the HTTP client's chain, so it sees the body after decompression; the
 * body is buffered once, and only 2xx responses whose content type is JSON are checked, in the
 * charset the content type declares.
 */
public final class JsonBodyCheck implements ExecChainHandler, HttpClientConfigurer {
    private static final JsonFactory JSON = new JsonFactory();
    private final org.apache.camel.CamelContext context;

    /** {@code context}: where each connector's {@link CallPolicy} is found (null: check all). */
    public JsonBodyCheck(org.apache.camel.CamelContext context) {
        this.context = context;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.addExecInterceptorFirst("tributary-json-body-check", this);
    }

    @Override
    public ClassicHttpResponse execute(
            ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        ClassicHttpResponse response = chain.proceed(request, scope);
        HttpEntity entity = response.getEntity();
        if (response.getCode() < 200
                || response.getCode() >= 300
                || entity == null
                || !isJson(entity.getContentType())) {
            return response;
        }
        CallPolicy policy = CallPolicy.of(context, scope.originalRequest);
        if (policy != null && !policy.jsonBodies()) {
            // format jsonl, csv or xml: an NDJSON export is often served as application/json, and
            // is no single JSON value; its reader says what is wrong, line by line
            return response;
        }
        byte[] bytes;
        try {
            bytes =
                    EntityUtils.toByteArray(
                            entity); // an early close shows up here as an IOException
        } catch (IOException e) {
            response.close();
            throw e;
        }
        try {
            check(bytes, DeclaredCharset.of(entity.getContentType()).orElse(null));
        } catch (IllegalArgumentException unknownCharset) {
            return rebuffered(
                    response, entity,
                    bytes); // readPage refuses it, without a retry (a permanent failure)
        } catch (IOException e) {
            response.close();
            throw e;
        }
        return rebuffered(response, entity, bytes);
    }

    private static ClassicHttpResponse rebuffered(
            ClassicHttpResponse response, HttpEntity entity, byte[] bytes) {
        response.setEntity(
                new ByteArrayEntity(bytes, ContentType.parseLenient(entity.getContentType())));
        return response;
    }

    /** Throws unless the bytes hold exactly one complete JSON value. */
    public static void check(byte[] bytes) throws IOException {
        check(bytes, null);
    }

    /**
     * Throws unless the bytes hold exactly one complete JSON value in the declared charset (null:
     * none declared, Jackson detects UTF-8/16/32): {@link MalformedBodyException} (retried) for a
     * body cut off or mangled, {@link UndecodableBodyException} (permanent) for bytes that are not
     * text in that charset.
     */
    public static void check(byte[] bytes, java.nio.charset.Charset declared) throws IOException {
        boolean decodeHere = declared != null && !DeclaredCharset.detectedByJackson(declared);
        try (JsonParser p =
                decodeHere
                        ? JSON.createParser(
                                new java.io.InputStreamReader(
                                        new java.io.ByteArrayInputStream(bytes),
                                        declared.newDecoder()))
                        : JSON.createParser(bytes)) {
            if (p.nextToken() == null) {
                throw new MalformedBodyException("the JSON body is empty");
            }
            p.skipChildren();
            if (p.nextToken() != null) {
                throw new MalformedBodyException("the JSON body has more after its end");
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new UndecodableBodyException(
                    "the body is not valid "
                            + declared.name()
                            + " text, as its Content-Type declares");
        } catch (JsonProcessingException e) {
            if (e.getOriginalMessage() != null
                    && e.getOriginalMessage().startsWith("Invalid UTF-8")) {
                throw new UndecodableBodyException(
                        "the body is not valid UTF-8 ("
                                + JsonErrors.describe(e)
                                + "); a source that sends another charset must declare it, e.g. Content-Type: application/json; charset=iso-8859-1");
            }
            throw new MalformedBodyException(
                    "the JSON body is cut off or malformed after "
                            + bytes.length
                            + " bytes: "
                            + JsonErrors.describe(
                                    e)); // never the token it quotes: that is record data
        } catch (MalformedBodyException | UndecodableBodyException e) {
            throw e;
        } catch (IOException e) {
            throw new MalformedBodyException("the JSON body cannot be read: " + e.getMessage());
        }
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String t = contentType.toLowerCase(java.util.Locale.ROOT);
        return t.startsWith("application/json") || t.contains("+json");
    }
}
