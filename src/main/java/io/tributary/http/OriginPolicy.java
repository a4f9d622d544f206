package io.tributary.http;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Credentials stay with their host: a next-page URL, a {@code Link} header or a redirect that
 * points to another scheme, host or port than the connector's {@code url} is refused before
 * anything is sent, unless the host is on the connector's {@code allowedHosts} list (e.g. GitHub's
 * {@code uploads.github.com}, or an API that pages through a CDN host it owns).
 */
public final class OriginPolicy {
    private final URI base;
    private final Set<String> allowedHosts;

    /**
     * @param allowedHosts comma-separated {@code host} or {@code host:port} entries; may be null
     */
    public OriginPolicy(URI base, String allowedHosts) {
        this.base = base;
        this.allowedHosts =
                allowedHosts == null
                        ? Set.of()
                        : List.of(allowedHosts.split(",")).stream()
                                .map(String::trim)
                                .filter(s -> !s.isEmpty())
                                .map(s -> s.toLowerCase(Locale.ROOT))
                                .collect(Collectors.toSet());
        for (String entry : this.allowedHosts) {
            if (!entry.matches("[a-z0-9.-]+(:[0-9]{1,5})?|\\[[0-9a-f:.]+](:[0-9]{1,5})?")) {
                throw new IllegalArgumentException(
                        "'" + entry + "' is not a host or host:port, e.g. uploads.github.com");
            }
        }
    }

    /** Whether a request to {@code target} may go out with the connector's credentials. */
    public boolean allows(URI target) {
        if (target.getScheme() == null || target.getHost() == null) {
            return false;
        }
        String host = target.getHost().toLowerCase(Locale.ROOT);
        if (target.getScheme().equalsIgnoreCase(base.getScheme())
                && host.equals(base.getHost().toLowerCase(Locale.ROOT))
                && port(target) == port(base)) {
            return true;
        }
        boolean secure =
                target.getScheme().equalsIgnoreCase("https")
                        || target.getScheme().equalsIgnoreCase(base.getScheme());
        return secure
                && (allowedHosts.contains(host)
                        || allowedHosts.contains(host + ":" + port(target)));
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }
}
