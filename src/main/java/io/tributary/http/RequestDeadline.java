package io.tributary.http;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * An overall deadline for every request, headers and body: socket timeouts bound each read, so a
 * body that trickles in a byte every 20 s never trips them and a sync could hang for hours.
 * Outermost in the HTTP client's chain; when the deadline passes the request is cancelled (its
 * connection closed), and the failure becomes a {@link RequestDeadlineException}, retried like a
 * timeout. The body is read here, under the deadline, so camel-http gets it whole. The deadline is
 * the connector's ({@code requestDeadline}, see {@link CallPolicy}) or {@code
 * tributary.http.request-deadline}.
 */
public final class RequestDeadline implements ExecChainHandler, HttpClientConfigurer {
    private final CamelContext context;
    private final Duration defaultDeadline;
    private ScheduledExecutorService timer;

    public RequestDeadline(CamelContext context, Duration defaultDeadline) {
        this.context = context;
        this.defaultDeadline = defaultDeadline;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.addExecInterceptorFirst("tributary-request-deadline", this);
    }

    @Override
    public ClassicHttpResponse execute(
            ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        CallPolicy policy = CallPolicy.of(context, scope.originalRequest);
        request.removeHeaders(
                CallPolicy.HEADER); // names the connector to this chain only, never to the source
        Duration deadline = policy == null ? defaultDeadline : policy.deadline();
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> abort =
                timer().schedule(
                                () -> {
                                    expired.set(true);
                                    cancel(scope);
                                },
                                deadline.toMillis(),
                                TimeUnit.MILLISECONDS);
        try {
            ClassicHttpResponse response = chain.proceed(request, scope);
            HttpEntity entity = response.getEntity();
            if (entity != null && !entity.isRepeatable()) {
                try {
                    byte[] bytes = EntityUtils.toByteArray(entity);
                    response.setEntity(
                            new ByteArrayEntity(
                                    bytes,
                                    ContentType.parseLenient(entity.getContentType()),
                                    entity.getContentEncoding()));
                } catch (IOException e) {
                    response.close();
                    throw e;
                }
            }
            return response;
        } catch (IOException e) {
            throw expired.get() ? new RequestDeadlineException(deadline, e) : e;
        } finally {
            abort.cancel(false);
        }
    }

    private static void cancel(ExecChain.Scope scope) {
        if (scope.originalRequest instanceof Cancellable c) {
            c.cancel(); // closes the connection: the blocked read ends with an IOException
        } else {
            scope.execRuntime.discardEndpoint();
        }
    }

    private synchronized ScheduledExecutorService timer() {
        if (timer == null) {
            // Camel's thread pools: named, and shut down with the context
            timer =
                    context.getExecutorServiceManager()
                            .newSingleThreadScheduledExecutor(this, "TributaryRequestDeadline");
        }
        return timer;
    }
}
