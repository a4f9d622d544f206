package io.tributary.support;

import io.tributary.connector.ConnectorParameters;
import io.tributary.connector.Parameter;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A connector for {@link ConnectorHarness#add(ConnectorSpec)}, built with a method per commonly
 * used parameter and {@link #with} for the rest, instead of a map of strings. Every name is checked
 * against the one declaration ({@link ConnectorParameters#HTTP_TO_JDBC}) when it is set: a name
 * that is not declared fails the test at once, naming the closest declared one. Values are not
 * checked here — a test may set a wrong value on purpose, and the template's checks answer for it.
 *
 * <pre>{@code
 * harness.add(ConnectorSpec.named("items").url(api.url()).recordsPath("/items")
 *         .schema("src/test/resources/paging/items.schema.yaml").table("items")
 *         .pageSize(100).cursorParam("since"));
 * }</pre>
 */
public final class ConnectorSpec {
    private final String name;
    private final Map<String, String> parameters = new LinkedHashMap<>();

    private ConnectorSpec(String name) {
        this.name = name;
    }

    /** A connector with this id ({@code connector}); the harness adds {@code schedule}. */
    public static ConnectorSpec named(String name) {
        return new ConnectorSpec(name);
    }

    public String name() {
        return name;
    }

    /** The template parameters set so far, in the order they were set. */
    public Map<String, String> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    /** The same parameters under another connector id. */
    public ConnectorSpec as(String otherName) {
        ConnectorSpec copy = new ConnectorSpec(otherName);
        copy.parameters.putAll(parameters);
        return copy;
    }

    /** Sets any declared parameter; an undeclared name fails at once. A null value stays null. */
    public ConnectorSpec with(String parameter, Object value) {
        check(parameter);
        parameters.put(parameter, value == null ? null : String.valueOf(value));
        return this;
    }

    /** Sets parameters given as name, value, name, value, ... */
    public ConnectorSpec with(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        for (int i = 0; i < namesAndValues.length; i += 2) {
            with(namesAndValues[i], namesAndValues[i + 1]);
        }
        return this;
    }

    /** Sets every entry of a map (checked as {@link #with}). */
    public ConnectorSpec withAll(Map<String, String> more) {
        more.forEach(this::with);
        return this;
    }

    /**
     * Applies a reusable part of a connector, e.g. one authentication scheme's parameters: {@code
     * spec.and(this::clientCredentials)}.
     */
    public ConnectorSpec and(java.util.function.UnaryOperator<ConnectorSpec> part) {
        return part.apply(this);
    }

    /** Unsets a parameter set before, to fall back on its declared default. */
    public ConnectorSpec without(String parameter) {
        check(parameter);
        parameters.remove(parameter);
        return this;
    }

    // ---- source ----
    public ConnectorSpec url(String url) {
        return with("url", url);
    }

    public ConnectorSpec recordsPath(String pointer) {
        return with("recordsPath", pointer);
    }

    // ---- auth ----
    public ConnectorSpec auth(String scheme) {
        return with("auth", scheme);
    }

    public ConnectorSpec authName(String name) {
        return with("authName", name);
    }

    public ConnectorSpec authSecret(String secret) {
        return with("authSecret", secret);
    }

    public ConnectorSpec authRef(String bean) {
        return with("authRef", bean);
    }

    public ConnectorSpec authUser(String user) {
        return with("authUser", user);
    }

    public ConnectorSpec authTokenUrl(String url) {
        return with("authTokenUrl", url);
    }

    public ConnectorSpec authClientId(String clientId) {
        return with("authClientId", clientId);
    }

    public ConnectorSpec authClientSecret(String secret) {
        return with("authClientSecret", secret);
    }

    public ConnectorSpec authClientAuth(String how) {
        return with("authClientAuth", how);
    }

    public ConnectorSpec authScope(String scope) {
        return with("authScope", scope);
    }

    public ConnectorSpec authAudience(String audience) {
        return with("authAudience", audience);
    }

    public ConnectorSpec authFormFields(String fields) {
        return with("authFormFields", fields);
    }

    public ConnectorSpec authRefreshToken(String token) {
        return with("authRefreshToken", token);
    }

    public ConnectorSpec authKeyFile(String path) {
        return with("authKeyFile", path);
    }

    public ConnectorSpec authKeyId(String keyId) {
        return with("authKeyId", keyId);
    }

    public ConnectorSpec authLoginUrl(String url) {
        return with("authLoginUrl", url);
    }

    public ConnectorSpec authLoginFields(String fields) {
        return with("authLoginFields", fields);
    }

    public ConnectorSpec authTokenPath(String path) {
        return with("authTokenPath", path);
    }

    public ConnectorSpec authTokenLifetime(String duration) {
        return with("authTokenLifetime", duration);
    }

    // ---- paging ----
    public ConnectorSpec pagination(String style) {
        return with("pagination", style);
    }

    public ConnectorSpec pageParam(String param) {
        return with("pageParam", param);
    }

    public ConnectorSpec pageSizeParam(String param) {
        return with("pageSizeParam", param);
    }

    public ConnectorSpec pageSize(int size) {
        return with("pageSize", size);
    }

    public ConnectorSpec firstPage(int page) {
        return with("firstPage", page);
    }

    public ConnectorSpec offsetParam(String param) {
        return with("offsetParam", param);
    }

    public ConnectorSpec totalPath(String pointer) {
        return with("totalPath", pointer);
    }

    public ConnectorSpec totalPagesPath(String pointer) {
        return with("totalPagesPath", pointer);
    }

    public ConnectorSpec nextPath(String pointer) {
        return with("nextPath", pointer);
    }

    public ConnectorSpec tokenParam(String param) {
        return with("tokenParam", param);
    }

    public ConnectorSpec hasMorePath(String pointer) {
        return with("hasMorePath", pointer);
    }

    public ConnectorSpec endFlagPath(String pointer) {
        return with("endFlagPath", pointer);
    }

    public ConnectorSpec idPath(String pointer) {
        return with("idPath", pointer);
    }

    public ConnectorSpec requestBody(String body) {
        return with("requestBody", body);
    }

    public ConnectorSpec maxPages(int pages) {
        return with("maxPages", pages);
    }

    // ---- incremental ----
    public ConnectorSpec cursorParam(String param) {
        return with("cursorParam", param);
    }

    public ConnectorSpec cursorInclusive(boolean inclusive) {
        return with("cursorInclusive", inclusive);
    }

    public ConnectorSpec cursorFormat(String format) {
        return with("cursorFormat", format);
    }

    public ConnectorSpec cursorStart(String start) {
        return with("cursorStart", start);
    }

    public ConnectorSpec order(String order) {
        return with("order", order);
    }

    public ConnectorSpec clientFilter(boolean filter) {
        return with("clientFilter", filter);
    }

    public ConnectorSpec lookback(String duration) {
        return with("lookback", duration);
    }

    public ConnectorSpec window(String duration) {
        return with("window", duration);
    }

    public ConnectorSpec windowStartParam(String param) {
        return with("windowStartParam", param);
    }

    public ConnectorSpec windowEndParam(String param) {
        return with("windowEndParam", param);
    }

    // ---- parent ----
    public ConnectorSpec parent(String parent) {
        return with("parent", parent);
    }

    public ConnectorSpec parentQuery(String query) {
        return with("parentQuery", query);
    }

    public ConnectorSpec parentFields(String fields) {
        return with("parentFields", fields);
    }

    public ConnectorSpec parentColumns(String columns) {
        return with("parentColumns", columns);
    }

    // ---- limits ----
    public ConnectorSpec allowedHosts(String hosts) {
        return with("allowedHosts", hosts);
    }

    public ConnectorSpec requestDeadline(String duration) {
        return with("requestDeadline", duration);
    }

    public ConnectorSpec errorPolicy(String policy) {
        return with("errorPolicy", policy);
    }

    public ConnectorSpec rateLimit(String limit) {
        return with("rateLimit", limit);
    }

    // ---- target ----
    public ConnectorSpec schema(String path) {
        return with("schema", path);
    }

    public ConnectorSpec table(String table) {
        return with("table", table);
    }

    public ConnectorSpec sink(String sink) {
        return with("sink", sink);
    }

    public ConnectorSpec directory(String directory) {
        return with("directory", directory);
    }

    public ConnectorSpec writeMode(String mode) {
        return with("writeMode", mode);
    }

    public ConnectorSpec drift(String drift) {
        return with("drift", drift);
    }

    public ConnectorSpec onDelete(String action) {
        return with("onDelete", action);
    }

    public ConnectorSpec deleteMissing(boolean scan) {
        return with("deleteMissing", String.valueOf(scan));
    }

    /** Fails unless {@code parameter} is declared, naming the closest declared name. */
    static void check(String parameter) {
        if (ConnectorParameters.named(parameter).isPresent()) {
            return;
        }
        String closest =
                ConnectorParameters.HTTP_TO_JDBC.stream()
                        .map(Parameter::name)
                        .min(
                                Comparator.comparingInt(
                                        d ->
                                                distance(
                                                        d.toLowerCase(Locale.ROOT),
                                                        parameter.toLowerCase(Locale.ROOT))))
                        .orElseThrow();
        throw new IllegalArgumentException(
                "'"
                        + parameter
                        + "' is not a declared connector parameter (closest: '"
                        + closest
                        + "'; see io.tributary.connector.ConnectorParameters)");
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
