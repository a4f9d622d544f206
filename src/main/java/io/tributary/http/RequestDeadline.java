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
 * timeout. A small body is read here, under the deadline, so camel-http gets it whole; a large one
 * (or one of unknown length) is read by camel-http into its stream cache, which spools to disk,
 * with the deadline still running until the body ends. The deadline is the connector's ({@code
 * requestDeadline}, see {@link CallPolicy}) or {@code tributary.http.request-deadline}.
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
        boolean streamed = false;
        try {
            ClassicHttpResponse response = chain.proceed(request, scope);
            HttpEntity entity = response.getEntity();
            if (entity != null && !entity.isRepeatable()) {
                long length = entity.getContentLength();
                if (length < 0 || length > BUFFERED_LIMIT) {
                    // a large body (an export of a GB) is not held here: camel-http reads it into
                    // its stream cache, which spools to disk, still under this deadline
                    response.setEntity(new DeadlineEntity(entity, abort, expired, deadline));
                    streamed = true;
                    return response;
                }
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
            if (!streamed) {
                abort.cancel(false);
            }
        }
    }

    /** Bodies up to this size are read here whole; larger ones, or of unknown length, stream. */
    static final long BUFFERED_LIMIT = 1024 * 1024;

    /**
     * A body read after this chain returned, still under the request's deadline: the deadline's
     * timer is cancelled when the body ends or is closed, and a read cut by the deadline fails as
     * {@link RequestDeadlineException}.
     */
    private static final class DeadlineEntity
            extends org.apache.hc.core5.http.io.entity.HttpEntityWrapper {
        private final ScheduledFuture<?> abort;
        private final AtomicBoolean expired;
        private final Duration deadline;

        DeadlineEntity(
                HttpEntity entity,
                ScheduledFuture<?> abort,
                AtomicBoolean expired,
                Duration deadline) {
            super(entity);
            this.abort = abort;
            this.expired = expired;
            this.deadline = deadline;
        }

        @Override
        public java.io.InputStream getContent() throws IOException {
            java.io.InputStream in = super.getContent();
            return new java.io.FilterInputStream(in) {
                @Override
                public int read() throws IOException {
                    try {
                        int b = super.read();
                        if (b < 0) {
                            abort.cancel(false);
                        }
                        return b;
                    } catch (IOException e) {
                        throw cut(e);
                    }
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    try {
                        int n = super.read(buffer, offset, length);
                        if (n < 0) {
                            abort.cancel(false);
                        }
                        return n;
                    } catch (IOException e) {
                        throw cut(e);
                    }
                }

                @Override
                public void close() throws IOException {
                    abort.cancel(false);
                    super.close();
                }
            };
        }

        private IOException cut(IOException e) {
            abort.cancel(false);
            return expired.get() ? new RequestDeadlineException(deadline, e) : e;
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
