package io.tributary.cli.openapi;

import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Tributary auth scheme for the operation's security requirement (its own, else the
 * document's): apiKey in a header or the query -> {@code api-key-header} / {@code api-key-query}
 * with its name; http bearer / basic -> {@code bearer} / {@code basic}; oauth2 clientCredentials ->
 * {@code oauth2-client-credentials}, authorizationCode -> {@code oauth2-refresh-token} (the refresh
 * token of one consent), each with the flow's {@code tokenUrl}. Of several schemes offered, the
 * simplest for a server-to-server sync wins (a static secret before OAuth); the others are named in
 * the evidence.
 *
 * @param auth the {@code --auth} answer
 * @param name {@code authName}: the header or query parameter; null for the others
 * @param tokenUrl the oauth2 flow's token endpoint; null for the others
 * @param evidence what the document said, for a comment in the route
 */
record AuthGuess(String auth, String name, String tokenUrl, String evidence) {
    private static final List<String> PREFERENCE =
            List.of(
                    "bearer",
                    "api-key-header",
                    "api-key-query",
                    "basic",
                    "oauth2-client-credentials",
                    "oauth2-refresh-token");

    static AuthGuess of(OpenApiOperation op) {
        List<SecurityRequirement> requirements =
                op.operation.getSecurity() != null
                        ? op.operation.getSecurity()
                        : op.api.getSecurity();
        Map<String, SecurityScheme> schemes =
                op.api.getComponents() == null
                                || op.api.getComponents().getSecuritySchemes() == null
                        ? Map.of()
                        : op.api.getComponents().getSecuritySchemes();
        List<AuthGuess> offered = new ArrayList<>();
        List<String> unusable = new ArrayList<>();
        if (requirements != null) {
            for (SecurityRequirement r : requirements) {
                for (String schemeName : r.keySet()) {
                    SecurityScheme s = schemes.get(schemeName);
                    AuthGuess g = s == null ? null : mapped(schemeName, s);
                    if (g == null) {
                        unusable.add(schemeName);
                    } else if (offered.stream().noneMatch(o -> o.auth.equals(g.auth))) {
                        offered.add(g);
                    }
                }
            }
        }
        if (offered.isEmpty()) {
            return new AuthGuess(
                    "none",
                    null,
                    null,
                    unusable.isEmpty()
                            ? "the document asks for no security: auth none"
                            : "no scheme Tributary speaks among " + unusable + ": auth none");
        }
        offered.sort((a, b) -> PREFERENCE.indexOf(a.auth) - PREFERENCE.indexOf(b.auth));
        AuthGuess chosen = offered.get(0);
        List<String> others = new ArrayList<>();
        for (AuthGuess o : offered.subList(1, offered.size())) {
            others.add(o.evidence + " -> --auth " + o.auth);
        }
        return new AuthGuess(
                chosen.auth,
                chosen.name,
                chosen.tokenUrl,
                chosen.evidence
                        + (others.isEmpty() ? "" : "; also offered: " + String.join(", ", others)));
    }

    /**
     * One scheme as Tributary's, or null when Tributary has none for it (cookie, openIdConnect).
     */
    private static AuthGuess mapped(String schemeName, SecurityScheme s) {
        if (s.getType() == null) {
            return null;
        }
        String shown = "securitySchemes." + schemeName;
        switch (s.getType()) {
            case APIKEY:
                if (s.getIn() == SecurityScheme.In.HEADER) {
                    return new AuthGuess(
                            "api-key-header",
                            s.getName(),
                            null,
                            shown + " (apiKey in header " + s.getName() + ")");
                }
                if (s.getIn() == SecurityScheme.In.QUERY) {
                    return new AuthGuess(
                            "api-key-query",
                            s.getName(),
                            null,
                            shown + " (apiKey in query " + s.getName() + ")");
                }
                return null;
            case HTTP:
                String scheme = s.getScheme() == null ? "" : s.getScheme().toLowerCase(Locale.ROOT);
                return switch (scheme) {
                    case "bearer" -> new AuthGuess("bearer", null, null, shown + " (http bearer)");
                    case "basic" -> new AuthGuess("basic", null, null, shown + " (http basic)");
                    default -> null;
                };
            case OAUTH2:
                OAuthFlows flows = s.getFlows();
                if (flows == null) {
                    return null;
                }
                if (flows.getClientCredentials() != null) {
                    return new AuthGuess(
                            "oauth2-client-credentials",
                            null,
                            flows.getClientCredentials().getTokenUrl(),
                            shown + " (oauth2 clientCredentials)");
                }
                if (flows.getAuthorizationCode() != null) {
                    return new AuthGuess(
                            "oauth2-refresh-token",
                            null,
                            flows.getAuthorizationCode().getTokenUrl(),
                            shown
                                    + " (oauth2 authorizationCode: the refresh token of one"
                                    + " consent at "
                                    + flows.getAuthorizationCode().getAuthorizationUrl()
                                    + ")");
                }
                return null;
            default:
                return null;
        }
    }
}
