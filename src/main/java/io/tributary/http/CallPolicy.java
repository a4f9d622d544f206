package io.tributary.http;

import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpRequest;

/**
 * What the HTTP client applies to one connector's calls ({@link RequestDeadline}, {@link
 * SuccessBodyRules}, {@link JsonBodyCheck}): the overall deadline of a request, the connector's
 * error policy, whose {@code 2xx} rules are checked inside the call, and whether its bodies are
 * JSON (a {@code jsonl} export served as {@code application/json} is not one JSON value), and the
 * masker of its traced requests ({@link HttpTrace}). The connector names itself in the request
 * header {@value #HEADER}, which the client removes before the request leaves; the policy is bound
 * in Camel's registry at start-up.
 */
public record CallPolicy(
        ErrorPolicy errorPolicy, Duration deadline, boolean jsonBodies, Masker masker) {
    public static final String HEADER = "Tributary-Connector";

    /** A policy whose calls' traces ({@link HttpTrace}) mask nothing but secret-named values. */
    public CallPolicy(ErrorPolicy errorPolicy, Duration deadline, boolean jsonBodies) {
        this(errorPolicy, deadline, jsonBodies, Masker.NONE);
    }

    /** A connector that reads its responses as JSON ({@code format: json} or {@code auto}). */
    public CallPolicy(ErrorPolicy errorPolicy, Duration deadline) {
        this(errorPolicy, deadline, true);
    }

    public static void bind(CamelContext context, String connector, CallPolicy policy) {
        context.getRegistry().bind(bean(connector), policy);
    }

    /** The policy of the connector that sent this request; null for a request no connector sent. */
    static CallPolicy of(CamelContext context, HttpRequest original) {
        Header h = original == null ? null : original.getFirstHeader(HEADER);
        return h == null || context == null
                ? null
                : context.getRegistry().lookupByNameAndType(bean(h.getValue()), CallPolicy.class);
    }

    private static String bean(String connector) {
        return "tributaryCallPolicy:" + connector;
    }
}
