package io.tributary.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * Applies a connector's {@code 2xx} rules ({@code errorPolicy: "2xx:/errors=fail"}) inside the HTTP
 * call: a successful status whose body matches fails the call with a {@link BodyRuleFailure}, so
 * the connector's error handling treats it as it treats a 4xx, and a {@code retry} fetches the page
 * again (found later, in {@code readPage}, a retry would re-read the same body). Only connectors
 * with such rules pay for the extra parse.
 */
public final class SuccessBodyRules implements ExecChainHandler, HttpClientConfigurer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final CamelContext context;

    public SuccessBodyRules(CamelContext context) {
        this.context = context;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.addExecInterceptorFirst("tributary-success-body-rules", this);
    }

    @Override
    public ClassicHttpResponse execute(
            ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        ClassicHttpResponse response = chain.proceed(request, scope);
        HttpEntity entity = response.getEntity();
        CallPolicy policy = CallPolicy.of(context, scope.originalRequest);
        if (response.getCode() < 200
                || response.getCode() >= 300
                || entity == null
                || policy == null
                || !policy.errorPolicy().hasSuccessRules()
                || !policy.jsonBodies() && !small(entity)) {
            // a streamed export (jsonl, csv, xml) is not held in memory to be matched: the rules
            // see its small answers (an error document instead of the export), not a GB body
            return response;
        }
        byte[] bytes;
        try {
            bytes = EntityUtils.toByteArray(entity);
        } catch (IOException e) {
            response.close();
            throw e;
        }
        String text = new String(bytes, charset(entity.getContentType()));
        Optional<ErrorPolicy.Match> match =
                policy.errorPolicy().matchSuccess(response.getCode(), text, parse(text));
        if (match.isPresent()) {
            response.close();
            Map<String, String> headers = new LinkedHashMap<>();
            for (Header h : response.getHeaders()) {
                headers.putIfAbsent(h.getName(), h.getValue());
            }
            String uri;
            try {
                uri = scope.originalRequest.getUri().toString();
            } catch (java.net.URISyntaxException e) {
                uri = scope.originalRequest.getRequestUri();
            }
            // camel-http rethrows the cause of a RuntimeCamelException as the producer's own
            // failure
            throw new RuntimeCamelException(
                    new BodyRuleFailure(
                            uri,
                            response.getCode(),
                            response.getReasonPhrase(),
                            headers,
                            match.get()));
        }
        response.setEntity(
                new ByteArrayEntity(
                        bytes,
                        ContentType.parseLenient(entity.getContentType()),
                        entity.getContentEncoding()));
        return response;
    }

    /** A body of known length up to 1 MiB, which a streamed connector's rules may read whole. */
    private static boolean small(HttpEntity entity) {
        long length = entity.getContentLength();
        return length >= 0 && length <= RequestDeadline.BUFFERED_LIMIT;
    }

    private static Charset charset(String contentType) {
        try {
            return DeclaredCharset.of(contentType).orElse(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException unknown) {
            return StandardCharsets.UTF_8; // readPage refuses the body, naming the charset
        }
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException notJson) {
            return null; // text rules still apply
        }
    }
}
