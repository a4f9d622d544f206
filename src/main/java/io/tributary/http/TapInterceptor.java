package io.tributary.http;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * camel-http's side of the {@link CallTap}: the outermost step of the client's chain, so it sees
 * the request with every header the connector set (credentials included) and the body after
 * decompression. Recording buffers both bodies; replaying connects to the loopback server instead
 * of the route's host (the request keeps its path, query and {@code Host}). With no tap installed
 * it only passes the call on.
 */
public final class TapInterceptor implements ExecChainHandler, HttpClientConfigurer {
    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.addExecInterceptorFirst("tributary-call-tap", this);
    }

    @Override
    public ClassicHttpResponse execute(
            ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        CallTap tap = CallTap.active().orElse(null);
        if (tap == null) {
            return chain.proceed(request, scope);
        }
        if (tap.replays()) {
            URI server = tap.replayServer();
            HttpRoute loopback =
                    new HttpRoute(new HttpHost("http", server.getHost(), server.getPort()));
            return chain.proceed(
                    request,
                    new ExecChain.Scope(
                            scope.exchangeId,
                            loopback,
                            scope.originalRequest,
                            scope.execRuntime,
                            scope.clientContext));
        }
        byte[] sent = new byte[0];
        HttpEntity body = request.getEntity();
        if (body != null) {
            sent = EntityUtils.toByteArray(body);
            request.setEntity(
                    new ByteArrayEntity(sent, contentType(body), body.getContentEncoding()));
        }
        ClassicHttpResponse response = chain.proceed(request, scope);
        HttpEntity entity = response.getEntity();
        byte[] received = new byte[0];
        if (entity != null) {
            try {
                received = EntityUtils.toByteArray(entity);
            } catch (IOException e) {
                response.close();
                throw e;
            }
            response.setEntity(
                    new ByteArrayEntity(
                            received, contentType(entity), entity.getContentEncoding()));
        }
        tap.record(
                new RecordedCall(
                        request.getMethod(),
                        url(request),
                        headers(request.getHeaders()),
                        new String(sent, StandardCharsets.UTF_8),
                        response.getCode(),
                        headers(response.getHeaders()),
                        new String(received, StandardCharsets.UTF_8),
                        false));
        return response;
    }

    private static String url(ClassicHttpRequest request) {
        try {
            return request.getUri().toString();
        } catch (URISyntaxException e) {
            return request.getRequestUri();
        }
    }

    private static org.apache.hc.core5.http.ContentType contentType(HttpEntity entity) {
        return entity.getContentType() == null
                ? null
                : org.apache.hc.core5.http.ContentType.parseLenient(entity.getContentType());
    }

    static Map<String, List<String>> headers(Header[] headers) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (Header h : headers) {
            map.computeIfAbsent(h.getName(), k -> new java.util.ArrayList<>()).add(h.getValue());
        }
        return map;
    }
}
