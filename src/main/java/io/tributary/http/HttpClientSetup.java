package io.tributary.http;

import io.tributary.config.Settings;
import java.time.Duration;
import org.apache.camel.component.http.CompositeHttpConfigurer;
import org.apache.camel.component.http.HttpComponent;

/**
 * What every connector's HTTP client needs beyond camel-http's defaults: redirects are not followed
 * by the client ({@code followRedirects=false}, also camel-http's default) but by the connector,
 * which refuses to send credentials to another host ({@link OriginPolicy}); and three steps in the
 * client's chain, outermost first: an overall deadline per request ({@link RequestDeadline}), the
 * connector's rules on 2xx bodies ({@link SuccessBodyRules}), and a JSON body that arrives cut off
 * fails the call itself ({@link JsonBodyCheck}); each failure is the call's, so Camel's redelivery
 * fetches it again. Outermost of all, {@link TapInterceptor} (idle unless {@code tributary record}
 * or {@code tributary test} installed a {@link CallTap}); after the client's protocol step, {@code
 * --trace}'s lines ({@link HttpTrace}). Setting {@code tributary.http.request-deadline} (ISO-8601,
 * default PT5M).
 */
public final class HttpClientSetup {
    public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(5);

    private HttpClientSetup() {}

    public static void apply(HttpComponent component) {
        component.setFollowRedirects(false);
        var context = component.getCamelContext();
        // each configurer adds its step first in the chain: the last one added is outermost
        var steps =
                CompositeHttpConfigurer.combineConfigurers(
                        new JsonBodyCheck(context), new SuccessBodyRules(context));
        steps =
                CompositeHttpConfigurer.combineConfigurers(
                        steps, new RequestDeadline(context, defaultDeadline(context)));
        // outermost: the test kit's tap sees each call whole, as the connector sent it
        steps = CompositeHttpConfigurer.combineConfigurers(steps, new TapInterceptor());
        // --trace: after the client's protocol step, wherever it is added
        steps = CompositeHttpConfigurer.combineConfigurers(steps, new HttpTrace(context));
        component.setHttpClientConfigurer(
                CompositeHttpConfigurer.combineConfigurers(
                        component.getHttpClientConfigurer(), steps));
    }

    /** {@code tributary.http.request-deadline}: how long one request may take, headers and body. */
    public static Duration defaultDeadline(org.apache.camel.CamelContext context) {
        Duration d =
                new Settings(context).duration("tributary.http.request-deadline", DEFAULT_DEADLINE);
        if (d.isNegative() || d.isZero()) {
            throw new Settings.SettingException(
                    "tributary.http.request-deadline", d.toString(), "must be longer than zero");
        }
        return d;
    }
}
