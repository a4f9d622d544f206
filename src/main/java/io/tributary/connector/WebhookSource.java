package io.tributary.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.auth.SecretMasker;
import io.tributary.config.ConnectorConfigException;
import io.tributary.http.FailureDescription;
import io.tributary.log.Logfmt;
import io.tributary.metrics.Monitoring;
import io.tributary.metrics.WebhookMetrics;
import io.tributary.schema.SourceJson;
import io.tributary.webhook.RequestRate;
import io.tributary.webhook.WebhookSignature;
import io.tributary.webhook.WebhookSignatures;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.model.RouteDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bean behind the {@code tributary-webhook-source} Kamelet ({@link WebhookSourceKamelet}): one
 * request is one event, sent to the route's {@code tributary-jdbc-sink} in the page contract of a
 * consumer not bound to the sink ({@link PageContract}), synchronously on the request's exchange.
 *
 * <p>Per request, {@link #receive} checks, in this order, with nothing parsed before the signature:
 * the body's size ({@code maxBodyBytes}, 413), the connector's rate ({@code rateLimit}, 429 with
 * {@code Retry-After}), the provider's signature over the raw bytes (401), the content type (415),
 * the JSON (400), the event id (400). A refused request is answered there and goes no further:
 * nothing is stored, no user step runs on it. A signed one becomes a page of one record whose
 * message id is the event id; every request header is removed first, so a sender cannot set the
 * contract's names ({@code tributary.event}, {@code tributary.messageId}) itself.
 *
 * <p>Durable before 2xx: the sink commits the row and the event id (its stream's row in {@code
 * tributary_cursors}, {@code connector/<event id>}) in one transaction and acknowledges; {@link
 * #acknowledged} answers 200 only for an ack {@code committed} or {@code duplicate} (the id was
 * committed before: a provider's retry, acknowledged and not written again, in {@code append} as in
 * {@code upsert}). No ack (a step dropped the event) or a failure ({@link #failed}) answers 503,
 * which providers retry. So a crash — even {@code kill -9} — after the commit and before the answer
 * leaves the event stored once, and its retry is a duplicate; one before the commit leaves nothing,
 * and the retry stores it.
 */
public final class WebhookSource implements CamelContextAware {
    private static final Logger LOG = LoggerFactory.getLogger("io.tributary.webhook");

    private CamelContext context;
    private final SourceSettings settings =
            new SourceSettings(WebhookSourceKamelet.KAMELET, WebhookSourceKamelet.PARAMETERS);

    // made by initialize
    private String id;
    private WebhookSignature signature;
    private SecretMasker masker = new SecretMasker(List.of());
    private String eventIdHeader;
    private String eventIdPath;
    private Map<String, String> headerFields = Map.of();
    private long maxBodyBytes;
    private RequestRate rate;
    private WebhookMetrics metrics;
    private Clock clock;

    // ---- set-up ----

    /**
     * The Kamelet's {@code initMethod}: every parameter checked (a bad one stops start-up, exit 2,
     * naming the connector, the parameter and its value — never the secret), the route's id and
     * sink checked, the signature made, the meters registered at zero.
     */
    public synchronized void initialize() {
        if (id != null) {
            return;
        }
        String connector = settings.connector();
        String secret = settings.get("secret");
        if (secret != null && !secret.isEmpty()) {
            masker = new SecretMasker(List.of(secret));
        }
        ParameterChecks.check(
                connector,
                WebhookSourceKamelet.PARAMETERS,
                WebhookSourceKamelet.RULES,
                this::value);
        String provider = value("provider");
        if (!value("path").startsWith("/")) {
            throw new ConnectorConfigException(
                    connector, "path", value("path"), "must start with / (e.g. /webhooks/github)");
        }
        // without it camel-platform-http serves the endpoint on the management server: the
        // public endpoint would share the operators' port (metrics, status page)
        if (!context.getPropertiesComponent()
                .resolveProperty("camel.server.enabled")
                .map(v -> v.trim().equalsIgnoreCase("true"))
                .orElse(false)) {
            throw new ConnectorConfigException(
                    connector,
                    "path",
                    value("path"),
                    "a webhook endpoint is served by Camel's main HTTP server, apart from the management port: "
                            + "set camel.server.enabled=true (and camel.server.port, camel.server.host)");
        }
        clock = Monitoring.clock(context);
        try {
            signature =
                    WebhookSignatures.of(
                            provider,
                            secret,
                            value("signatureHeader"),
                            value("signatureAlgorithm"),
                            value("signatureEncoding"),
                            value("signaturePrefix"),
                            Duration.parse(value("tolerance")),
                            clock);
        } catch (IllegalArgumentException e) {
            throw new ConnectorConfigException(
                    connector, "provider", provider, masker.mask(e.getMessage()));
        }
        eventIdHeader = value("eventIdHeader");
        eventIdPath = value("eventIdPath");
        if (eventIdHeader == null && eventIdPath == null) {
            eventIdHeader = WebhookSignatures.eventIdHeader(provider);
            eventIdPath = WebhookSignatures.eventIdPath(provider);
        }
        if (eventIdPath != null) {
            eventIdPath = io.tributary.schema.TargetSchema.toPointer(eventIdPath); // $.id is /id
        }
        headerFields = headerFields(connector, value("headerFields"));
        maxBodyBytes = Long.parseLong(value("maxBodyBytes"));
        rate = new RequestRate(Integer.parseInt(value("rateLimit")), System::nanoTime);
        checkTheRoute(connector);
        metrics = WebhookMetrics.of(context);
        id = connector;
        metrics.register(id);
    }

    /** {@code Header:field,Header:field} as header -> the record's field. */
    private static Map<String, String> headerFields(String connector, String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (text == null) {
            return fields;
        }
        for (String pair : text.split(",")) {
            int colon = pair.indexOf(':');
            String header = colon < 0 ? "" : pair.substring(0, colon).strip();
            String field = colon < 0 ? "" : pair.substring(colon + 1).strip();
            if (header.isEmpty() || field.isEmpty()) {
                throw new ConnectorConfigException(
                        connector,
                        "headerFields",
                        text,
                        "each entry is Header:field, e.g. X-GitHub-Event:event");
            }
            fields.put(header, field);
        }
        return fields;
    }

    /**
     * The route has an id of its own (it keys the events' ids: a numbered route would change with
     * the load order and store a retried event again) and sends to one {@code tributary-jdbc-sink}
     * that commits each event by itself ({@code upsert} or {@code append}; {@code replace}
     * publishes a whole sync, and a file sink commits at a sync's end: neither could acknowledge
     * one event).
     */
    private void checkTheRoute(String connector) {
        RouteDefinition route = settings.route(context);
        if (route == null) {
            return;
        }
        if (!route.hasCustomIdAssigned() && value("connector") == null) {
            throw new ConnectorConfigException(
                    "(unnamed)",
                    "id",
                    null,
                    "a route from kamelet:"
                            + WebhookSourceKamelet.KAMELET
                            + " needs an id: it is the connector's id, the key of its events' ids");
        }
        int sinks =
                settings.checkJdbcSinks(
                                context,
                                connector,
                                true,
                                "answers each event once it is committed: send its events to kamelet:"
                                        + PageSinkStep.KAMELET,
                                "commits each event as it comes: use append or upsert")
                        .count();
        if (sinks != 1) {
            throw sinks == 0
                    ? SinkBinding.unbound(connector, WebhookSourceKamelet.KAMELET)
                    : new ConnectorConfigException(
                            connector,
                            "kamelet",
                            null,
                            "the route sends its events to "
                                    + sinks
                                    + " Tributary sinks; each event commits with its id in one sink's transaction");
        }
    }

    // ---- a request ----

    /**
     * First step: the checks, in order (see the class); a refused request is answered here and the
     * route stops. A signed one becomes the page: body the record, message id the event id.
     */
    public void receive(Exchange exchange) {
        Message in = exchange.getMessage();
        metrics.count(id, "received", clock.instant());
        byte[] body = in.getBody(byte[].class);
        if (body == null) {
            body = new byte[0];
        }
        if (body.length > maxBodyBytes) {
            refuse(
                    exchange,
                    413,
                    "the body is " + body.length + " bytes, over maxBodyBytes " + maxBodyBytes,
                    Map.of());
            return;
        }
        long wait = rate.take();
        if (wait > 0) {
            refuse(
                    exchange,
                    429,
                    "more than rateLimit " + value("rateLimit") + " requests a second",
                    Map.of("Retry-After", Long.toString(wait)));
            return;
        }
        Optional<String> unsigned =
                signature.refuse(body, name -> in.getHeader(name, String.class));
        if (unsigned.isPresent()) {
            refuse(exchange, 401, unsigned.get(), Map.of());
            return;
        }
        String type = in.getHeader(Exchange.CONTENT_TYPE, String.class);
        if (!isJson(type)) {
            refuse(
                    exchange,
                    415,
                    "Content-Type " + (type == null ? "(none)" : "'" + type + "'") + " is not JSON",
                    Map.of());
            return;
        }
        JsonNode record;
        try {
            record = SourceJson.mapper().readTree(new String(body, StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            record = null;
        }
        if (record == null || !record.isObject()) {
            refuse(exchange, 400, "the body is not a JSON object", Map.of());
            return;
        }
        String eventId = eventId(in, record);
        if (eventId == null) {
            refuse(
                    exchange,
                    400,
                    "no event id in "
                            + (eventIdHeader != null
                                    ? "header " + eventIdHeader
                                    : "the body at " + eventIdPath),
                    Map.of());
            return;
        }
        for (Map.Entry<String, String> field : headerFields.entrySet()) {
            String v = in.getHeader(field.getKey(), String.class);
            if (v != null) {
                ((ObjectNode) record).put(field.getValue(), v);
            }
        }
        in.removeHeaders("*"); // nothing the sender wrote speaks for the contract
        in.setBody(record);
        exchange.removeProperty(PageContract.ACK);
        exchange.removeProperty(PageContract.STREAM); // the sink's: connector/<event id>
        exchange.setProperty(PageContract.EVENT, PageContract.PAGE);
        exchange.setProperty(PageContract.MESSAGE_ID, eventId);
    }

    private String eventId(Message in, JsonNode record) {
        String v;
        if (eventIdHeader != null) {
            v = in.getHeader(eventIdHeader, String.class);
        } else {
            JsonNode node = record.at(eventIdPath);
            v = node.isValueNode() && !node.isNull() ? node.asText() : null;
        }
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** {@code application/json}, or a {@code +json} type ({@code application/vnd.github+json}). */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String media = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return media.equals("application/json") || media.endsWith("+json");
    }

    /**
     * After the sink: 200 only when its ack says the event is committed (or was before); else 503.
     */
    public void acknowledged(Exchange exchange) {
        PageContract.PageAck ack =
                exchange.getProperty(PageContract.ACK, PageContract.PageAck.class);
        exchange.removeProperty(PageContract.ACK);
        boolean stored =
                ack != null
                        && PageContract.PAGE.equals(ack.event())
                        && ack.status().equals("committed");
        boolean duplicate =
                ack != null
                        && PageContract.PAGE.equals(ack.event())
                        && ack.status().equals("duplicate");
        if (!stored && !duplicate) {
            LOG.warn(
                    "connector={} webhook event not acknowledged by the sink status=503 reason={}",
                    id,
                    Logfmt.value(
                            "a step between the source and the sink dropped it or handled a failure; "
                                    + "the provider will send it again"));
            answer(exchange, 503, "{\"status\":\"not stored\"}", "application/json", Map.of());
            metrics.count(id, "rejected", clock.instant());
            return;
        }
        metrics.count(id, stored ? "stored" : "duplicate", clock.instant());
        answer(
                exchange,
                200,
                stored ? "{\"status\":\"stored\"}" : "{\"status\":\"duplicate\"}",
                "application/json",
                Map.of());
    }

    /** The sink (or a step) failed: nothing is acknowledged, 503, and the provider retries. */
    public void failed(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        exchange.removeProperty(PageContract.ACK);
        LOG.warn(
                "connector={} webhook event not stored status=503 error={}",
                id,
                Logfmt.value(masker.mask(FailureDescription.of(cause, masker))));
        metrics.count(id, "rejected", clock.instant());
        answer(
                exchange,
                503,
                "{\"status\":\"not stored\"}",
                "application/json",
                Map.of("Retry-After", "30"));
    }

    private void refuse(Exchange exchange, int status, String reason, Map<String, String> headers) {
        metrics.count(id, "rejected", clock.instant());
        LOG.warn(
                "connector={} webhook request refused status={} reason={}",
                id,
                status,
                Logfmt.value(masker.mask(reason)));
        // a forger learns nothing from a 401's words; the others say what to fix
        answer(
                exchange,
                status,
                status == 401 ? "signature missing or invalid\n" : masker.mask(reason) + "\n",
                "text/plain; charset=utf-8",
                headers);
        exchange.setRouteStop(true);
    }

    private static void answer(
            Exchange exchange, int status, String body, String type, Map<String, String> headers) {
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, type);
        headers.forEach(out::setHeader);
        out.setBody(body);
    }

    public String getId() {
        return id;
    }

    // ---- parameters ----

    /** A parameter's value as given (trimmed; blank: not given), else its declared default. */
    String value(String name) {
        return name.equals("secret") ? settings.asGiven(name) : settings.value(name);
    }

    @Override
    public void setCamelContext(CamelContext context) {
        this.context = context;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    /** The route that uses the Kamelet (camel-kamelet's parentRouteId): the default id. */
    public void setCallingRoute(String callingRoute) {
        settings.callingRoute(callingRoute);
    }

    public void setConnector(String v) {
        settings.put("connector", v);
    }

    public void setPath(String v) {
        settings.put("path", v);
    }

    public void setProvider(String v) {
        settings.put("provider", v);
    }

    public void setSecret(String v) {
        settings.put("secret", v);
    }

    public void setSignatureHeader(String v) {
        settings.put("signatureHeader", v);
    }

    public void setSignatureAlgorithm(String v) {
        settings.put("signatureAlgorithm", v);
    }

    public void setSignatureEncoding(String v) {
        settings.put("signatureEncoding", v);
    }

    public void setSignaturePrefix(String v) {
        settings.put("signaturePrefix", v);
    }

    public void setTolerance(String v) {
        settings.put("tolerance", v);
    }

    public void setEventIdHeader(String v) {
        settings.put("eventIdHeader", v);
    }

    public void setEventIdPath(String v) {
        settings.put("eventIdPath", v);
    }

    public void setHeaderFields(String v) {
        settings.put("headerFields", v);
    }

    public void setContentType(String v) {
        settings.put("contentType", v);
    }

    public void setMaxBodyBytes(String v) {
        settings.put("maxBodyBytes", v);
    }

    public void setRateLimit(String v) {
        settings.put("rateLimit", v);
    }
}
