package io.tributary.http;

import java.util.List;
import java.util.Map;

/**
 * One HTTP exchange as a {@link CallTap} saw it: the request as sent (method, absolute URL,
 * headers, body) and the response as received (status, headers, body after decompression). Holds
 * secrets as sent: it is scrubbed before anything writes it down.
 *
 * @param tokenEndpoint a call to a token endpoint or login URL (auth), whose bodies are all
 *     credentials
 */
public record RecordedCall(
        String method,
        String url,
        Map<String, List<String>> requestHeaders,
        String requestBody,
        int status,
        Map<String, List<String>> responseHeaders,
        String responseBody,
        boolean tokenEndpoint) {}
