package io.tributary.http;

import org.apache.camel.component.http.CompositeHttpConfigurer;
import org.apache.camel.component.http.HttpComponent;

/**
 * What every connector's HTTP client needs beyond camel-http's defaults: redirects are not followed
 * by the client ({@code followRedirects=false}, also camel-http's default) but by the connector, which
 * refuses to send credentials to another host ({@link OriginPolicy}); and a JSON body that arrives cut
 * off fails the call itself ({@link JsonBodyCheck}), so Camel's redelivery fetches it again.
 */
public final class HttpClientSetup {
    private HttpClientSetup() {
    }

    public static void apply(HttpComponent component) {
        component.setFollowRedirects(false);
        component.setHttpClientConfigurer(CompositeHttpConfigurer.combineConfigurers(component.getHttpClientConfigurer(),
                new JsonBodyCheck()));
    }
}
