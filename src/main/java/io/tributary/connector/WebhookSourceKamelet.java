package io.tributary.connector;

import static io.tributary.connector.Parameter.Group.SOURCE;
import static io.tributary.connector.Parameter.Group.WEBHOOK;
import static io.tributary.connector.Parameter.Type.DURATION;
import static io.tributary.connector.Parameter.Type.ENUM;
import static io.tributary.connector.Parameter.Type.INTEGER;
import static io.tributary.connector.Parameter.Type.JSON_POINTER;
import static io.tributary.connector.Parameter.Type.LIST;
import static io.tributary.connector.Parameter.Type.STRING;

import io.tributary.webhook.WebhookSignatures;
import java.util.List;
import java.util.Set;

/**
 * The {@code tributary-webhook-source} Kamelet: an endpoint a provider (GitHub, Stripe, Shopify,
 * any HMAC-signing SaaS) pushes events to, on Camel's main HTTP server ({@code platform-http},
 * {@code camel.server.*}: its own port, never the management port). Each request's signature is
 * checked over its raw bytes first; a signed event goes, as a page of one record with the event id
 * as its message id, synchronously through the route's steps to its {@code tributary-jdbc-sink},
 * which commits the row and the event id in one transaction; only then the answer is 200 ({@link
 * WebhookSource}).
 *
 * <pre>
 * - route:
 *     id: github-events                  # the connector's id: the key of its events' ids
 *     from:
 *       uri: kamelet:tributary-webhook-source
 *       parameters:
 *         path: /webhooks/github
 *         provider: github
 *         secret: "{{env:GITHUB_WEBHOOK_SECRET}}"
 *         headerFields: "X-GitHub-Event:event"
 *       steps:
 *         - to:
 *             uri: kamelet:tributary-jdbc-sink
 *             parameters: {schema: routes/github-events.schema.yaml, table: github_events, writeMode: append}
 * </pre>
 *
 * The Kamelet file ({@value #FILE}) is generated from these declarations by {@link ParameterDocs}.
 */
public final class WebhookSourceKamelet {
    public static final String KAMELET = "tributary-webhook-source";
    public static final String FILE = "src/main/resources/kamelets/" + KAMELET + ".kamelet.yaml";
    public static final String TITLE = "Tributary webhook source";
    public static final String DESCRIPTION =
            "Receives the events a provider pushes (GitHub, Stripe, Shopify, any HMAC-signed webhook) on Camel's main "
                    + "HTTP server (camel.server.*): size (413) and rate (429), then the signature over the raw body before "
                    + "anything parses it (401, nothing stored), then content type (415); each event goes as a page of one record, its event id "
                    + "as message id, through the route's steps to its tributary-jdbc-sink, and the answer is 200 only once "
                    + "the row and the event id are committed (a retried event: duplicate, not written again); a sink failure "
                    + "answers 503, which the provider retries. The route's id is the connector's.";

    /** The bean behind the route's steps, a name no parameter's value could be. */
    static final String BEAN = "tributaryWebhookSource";

    /** The Kamelet's parameters, declared once. */
    public static final List<Parameter> PARAMETERS =
            List.of(
                    Parameter.of("connector", SOURCE, STRING)
                            .defaultNote("the id of the route that uses the Kamelet")
                            .examples("github-events")
                            .describe(
                                    "the connector's id: the key of its events' ids in `tributary_cursors` (`connector/<event id>`), "
                                            + "its name in logs and metrics; set it in a Camel K Pipe, whose route is always named binding"),
                    Parameter.of("path", SOURCE, STRING)
                            .asRequired()
                            .examples("/webhooks/github", "/webhooks/stripe")
                            .describe(
                                    "the endpoint's path on Camel's main HTTP server (`camel.server.port`, `camel.server.host`; "
                                            + "set `camel.server.enabled=true`); only POST is answered"),
                    Parameter.of("provider", WEBHOOK, ENUM)
                            .asRequired()
                            .oneOf(WebhookSignatures.NAMES.toArray(String[]::new))
                            .describe(
                                    "how requests are signed: `github` (`X-Hub-Signature-256`, event id `X-GitHub-Delivery`), "
                                            + "`stripe` (`Stripe-Signature` with its timestamp, event id the body's `/id`), `shopify` "
                                            + "(`X-Shopify-Hmac-Sha256`, event id `X-Shopify-Webhook-Id`), `hmac` (`signatureHeader` and "
                                            + "the settings after it)"),
                    Parameter.of("secret", WEBHOOK, STRING)
                            .asRequired()
                            .asSecret()
                            .examples(
                                    "{{env:GITHUB_WEBHOOK_SECRET}}",
                                    "{{secretfile:/run/secrets/stripe-whsec}}")
                            .describe(
                                    "the webhook's signing secret (GitHub's secret, Stripe's `whsec_...`, Shopify's client secret) — "
                                            + "always a placeholder such as `{{env:GITHUB_WEBHOOK_SECRET}}` or `{{secretfile:PATH}}`; "
                                            + "never shown in logs, errors or metrics"),
                    Parameter.of("signatureHeader", WEBHOOK, STRING)
                            .examples("X-Signature", "X-Hook-Signature")
                            .describe("`hmac` only: the header that carries the signature"),
                    Parameter.of("signatureAlgorithm", WEBHOOK, ENUM)
                            .byDefault("sha256")
                            .oneOf("sha256", "sha1")
                            .describe("`hmac` only: HMAC-SHA256 or HMAC-SHA1 of the raw body"),
                    Parameter.of("signatureEncoding", WEBHOOK, ENUM)
                            .byDefault("hex")
                            .oneOf("hex", "base64")
                            .describe("`hmac` only: how the digest is written in the header"),
                    Parameter.of("signaturePrefix", WEBHOOK, STRING)
                            .examples("sha256=")
                            .describe(
                                    "`hmac` only: text before the digest in the header, e.g. `sha256=`"),
                    Parameter.of("tolerance", WEBHOOK, DURATION)
                            .byDefault("PT5M")
                            .minimum(1)
                            .describe(
                                    "`stripe` only: a request whose signed timestamp is further than this from now is refused "
                                            + "(a replay); Stripe's libraries use 5 minutes"),
                    Parameter.of("eventIdHeader", WEBHOOK, STRING)
                            .defaultNote(
                                    "the provider's: `X-GitHub-Delivery`, `X-Shopify-Webhook-Id`")
                            .examples("X-GitHub-Delivery", "X-Event-Id")
                            .describe(
                                    "the header holding the event's id, which the provider keeps on its retries: the same id is "
                                            + "stored once. Or `eventIdPath`"),
                    Parameter.of("eventIdPath", WEBHOOK, JSON_POINTER)
                            .defaultNote("`stripe`: `/id`")
                            .examples("/id", "/event/id")
                            .describe(
                                    "instead of `eventIdHeader`: a JSON pointer to the event's id in the (signed) body"),
                    Parameter.of("headerFields", WEBHOOK, LIST)
                            .examples(
                                    "X-GitHub-Event:event",
                                    "X-Shopify-Topic:topic,X-Shopify-Shop-Domain:shop")
                            .describe(
                                    "request headers copied into the record before the schema maps it, as `Header:field` "
                                            + "pairs, comma-separated (GitHub sends the event's kind only in `X-GitHub-Event`); "
                                            + "a provider's signature does not cover its headers"),
                    Parameter.of("contentType", WEBHOOK, ENUM)
                            .byDefault("json")
                            .oneOf("json")
                            .describe(
                                    "the body a request must have: `json` (`Content-Type: application/json` or `*/*+json`, else 415; "
                                            + "a body that is not a JSON object, 400)"),
                    Parameter.of("maxBodyBytes", WEBHOOK, INTEGER)
                            .byDefault("1048576")
                            .minimum(1)
                            .describe(
                                    "a larger body is answered 413 before its signature is checked; `camel.server.maxBodySize` "
                                            + "(10 MiB) caps what the server reads for any endpoint"),
                    Parameter.of("rateLimit", WEBHOOK, INTEGER)
                            .byDefault("1000")
                            .minimum(1)
                            .describe(
                                    "requests a second the endpoint takes (as many at once), a guard against floods well above what "
                                            + "one process commits (~2,900 events/s here, docs/measured.md); more are answered 429 with "
                                            + "`Retry-After`, which Stripe and Shopify retry but GitHub does not (see "
                                            + "[Webhooks](sources.md#webhooks))"));

    /** The rules between them, as data: the schema says them and the start-up checks them. */
    static final List<ParameterRule> RULES =
            List.of(
                    ParameterRule.requiredBy(
                            "provider",
                            Set.of("hmac"),
                            "signatureHeader",
                            "is required by provider hmac: the header the signature is in"),
                    ParameterRule.excludes(
                            "eventIdHeader",
                            "eventIdPath",
                            "give eventIdHeader or eventIdPath, not both"),
                    ParameterRule.requiredBy(
                            "provider",
                            Set.of("hmac"),
                            List.of("eventIdHeader", "eventIdPath"),
                            "is required by provider hmac: where the event's id is, which the provider keeps on its retries"));

    /**
     * The template's route: the request is checked and becomes a page ({@code receive}, which
     * answers a refused one itself), goes to the route's sink, and is answered 200 only once the
     * sink's ack says it is committed; a failure answers 503.
     */
    static final String ROUTE =
            String.join(
                    "\n",
                    "    from:",
                    "      uri: \"platform-http:{{path}}?httpMethodRestrict=POST\"   # Camel's main HTTP server (camel.server.*)",
                    "      steps:",
                    "        - bean: {ref: \"{{"
                            + BEAN
                            + "}}\", method: receive}   # size, rate, signature over the raw bytes, type, event id: else 4xx, and stop",
                    "        - doTry:",
                    "            steps:",
                    "              - to: kamelet:sink   # the route's steps, then its sink: the row and the event id in one transaction",
                    "              - bean: {ref: \"{{"
                            + BEAN
                            + "}}\", method: acknowledged}   # 200 only when the ack says committed (or duplicate)",
                    "            doCatch:",
                    "              - exception: [java.lang.Exception]",
                    "                steps:",
                    "                  - bean: {ref: \"{{"
                            + BEAN
                            + "}}\", method: failed}   # 503: nothing acknowledged, the provider retries",
                    "");

    /** Whether the route's {@code from} is this Kamelet. */
    public static boolean isSource(org.apache.camel.model.RouteDefinition route) {
        String uri =
                route.getInput() == null
                        ? null
                        : ConnectorRoutes.withoutSlashes(route.getInput().getEndpointUri());
        String source = "kamelet:" + KAMELET;
        return uri != null
                && (uri.equals(source)
                        || uri.startsWith(source + "?")
                        || uri.startsWith(source + "/")
                        || uri.startsWith(source + ":"));
    }

    private WebhookSourceKamelet() {}
}
