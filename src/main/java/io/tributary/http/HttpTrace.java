package io.tributary.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

/**
 * {@code --trace} for the API's calls: a step of Apache HttpClient's chain right after its protocol
 * step, so it sees each request as it goes on the wire (the client's own headers added, every retry
 * its own request) and each answer as it comes off it (status, time to the body's end, the bytes
 * read, compressed as sent). Lines go to {@link RequestTrace} masked by the connector's masker
 * ({@link CallPolicy}); nothing is done, and no body is read, unless DEBUG is on for {@value
 * RequestTrace#LOGGER}.
 */
public final class HttpTrace implements ExecChainHandler, HttpClientConfigurer {
    private final CamelContext context;

    public HttpTrace(CamelContext context) {
        this.context = context;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.addExecInterceptorAfter(ChainElement.PROTOCOL.name(), "tributary-trace", this);
    }

    @Override
    public ClassicHttpResponse execute(
            ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        if (!RequestTrace.enabled()) {
            return chain.proceed(request, scope);
        }
        CallPolicy policy = CallPolicy.of(context, scope.originalRequest);
        Masker masker = policy == null ? Masker.NONE : policy.masker();
        URI url = uri(request);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (Header h : request.getHeaders()) {
            headers.add(Map.entry(h.getName(), h.getValue()));
        }
        HttpEntity entity = request.getEntity();
        byte[] body = null;
        if (entity != null && entity.isRepeatable()) {
            body = EntityUtils.toByteArray(entity); // a repeatable entity is read again when sent
        }
        RequestTrace.LOG.debug(
                RequestTrace.request(
                        masker,
                        request.getMethod(),
                        url,
                        headers,
                        body,
                        entity == null ? null : entity.getContentType()));
        long start = System.nanoTime();
        ClassicHttpResponse response = chain.proceed(request, scope);
        Answer answer = new Answer(masker, response.getCode(), request.getMethod(), url, start);
        if (response.getEntity() == null) {
            answer.log(-1);
        } else {
            response.setEntity(new Counted(response.getEntity(), answer));
        }
        return response;
    }

    private static URI uri(ClassicHttpRequest request) {
        try {
            return request.getUri();
        } catch (URISyntaxException e) {
            return URI.create(request.getRequestUri().replace(" ", "%20"));
        }
    }

    /** One answer's line, written once: at the end of its body, or when it is closed before. */
    private static final class Answer {
        final Masker masker;
        final int status;
        final String method;
        final URI url;
        final long start;
        final AtomicBoolean logged = new AtomicBoolean();

        Answer(Masker masker, int status, String method, URI url, long start) {
            this.masker = masker;
            this.status = status;
            this.method = method;
            this.url = url;
            this.start = start;
        }

        void log(long bytes) {
            if (logged.compareAndSet(false, true)) {
                RequestTrace.LOG.debug(
                        RequestTrace.response(
                                masker,
                                status,
                                method,
                                url,
                                (System.nanoTime() - start) / 1_000_000,
                                bytes));
            }
        }
    }

    /** The body as received, counting its bytes for the answer's line. */
    private static final class Counted extends HttpEntityWrapper {
        private final Answer answer;

        Counted(HttpEntity wrapped, Answer answer) {
            super(wrapped);
            this.answer = answer;
        }

        @Override
        public boolean isRepeatable() {
            return false; // each read would count again
        }

        @Override
        public void writeTo(java.io.OutputStream out) throws IOException {
            try (InputStream in = getContent()) {
                in.transferTo(out); // through the count, not around it
            }
        }

        @Override
        public InputStream getContent() throws IOException {
            return new FilterInputStream(super.getContent()) {
                long count;

                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b < 0) {
                        answer.log(count);
                    } else {
                        count++;
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int off, int len) throws IOException {
                    int n = super.read(buffer, off, len);
                    if (n < 0) {
                        answer.log(count);
                    } else {
                        count += n;
                    }
                    return n;
                }

                @Override
                public void close() throws IOException {
                    answer.log(count); // a body not read to its end: what was read of it
                    super.close();
                }
            };
        }
    }
}
