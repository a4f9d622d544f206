package io.tributary.connector;

/**
 * The bean properties of a {@link BulkSource}: one setter per parameter of {@link
 * BulkSourceKamelet#PARAMETERS}, which the generated Kamelet file sets from the route's parameters;
 * {@link #value} reads one back as given, else its declared default.
 */
abstract class BulkSettings {
    final SourceSettings settings =
            new SourceSettings(BulkSourceKamelet.KAMELET, BulkSourceKamelet.PARAMETERS);

    /** A parameter's value as given (trimmed; blank: not given), else its declared default. */
    String value(String name) {
        return settings.value(name);
    }

    /** The route that uses the Kamelet (camel-kamelet's parentRouteId): the default id. */
    public void setCallingRoute(String callingRoute) {
        settings.callingRoute(callingRoute);
    }

    public void setConnector(String v) {
        settings.put("connector", v);
    }

    public void setUrl(String v) {
        settings.put("url", v);
    }

    public void setCreateMethod(String v) {
        settings.put("createMethod", v);
    }

    public void setCreatePath(String v) {
        settings.put("createPath", v);
    }

    public void setCreateBody(String v) {
        settings.put("createBody", v);
    }

    public void setJobIdPath(String v) {
        settings.put("jobIdPath", v);
    }

    public void setStatusPath(String v) {
        settings.put("statusPath", v);
    }

    public void setStatusField(String v) {
        settings.put("statusField", v);
    }

    public void setRunningStates(String v) {
        settings.put("runningStates", v);
    }

    public void setDoneStates(String v) {
        settings.put("doneStates", v);
    }

    public void setFailedStates(String v) {
        settings.put("failedStates", v);
    }

    public void setErrorField(String v) {
        settings.put("errorField", v);
    }

    public void setPollInterval(String v) {
        settings.put("pollInterval", v);
    }

    public void setPollMaxInterval(String v) {
        settings.put("pollMaxInterval", v);
    }

    public void setMaxWait(String v) {
        settings.put("maxWait", v);
    }

    public void setResultsPath(String v) {
        settings.put("resultsPath", v);
    }

    public void setLocatorHeader(String v) {
        settings.put("locatorHeader", v);
    }

    public void setLocatorParam(String v) {
        settings.put("locatorParam", v);
    }

    public void setMaxRecords(String v) {
        settings.put("maxRecords", v);
    }

    public void setResultUrlField(String v) {
        settings.put("resultUrlField", v);
    }

    public void setDeletePath(String v) {
        settings.put("deletePath", v);
    }

    public void setFormat(String v) {
        settings.put("format", v);
    }

    public void setRecordsPerPage(String v) {
        settings.put("recordsPerPage", v);
    }

    public void setCsvDelimiter(String v) {
        settings.put("csvDelimiter", v);
    }

    public void setCsvQuote(String v) {
        settings.put("csvQuote", v);
    }

    public void setCsvColumns(String v) {
        settings.put("csvColumns", v);
    }

    public void setCompression(String v) {
        settings.put("compression", v);
    }

    public void setAuth(String v) {
        settings.put("auth", v);
    }

    public void setAuthName(String v) {
        settings.put("authName", v);
    }

    public void setAuthSecret(String v) {
        settings.put("authSecret", v);
    }

    public void setAuthRef(String v) {
        settings.put("authRef", v);
    }

    public void setAuthUser(String v) {
        settings.put("authUser", v);
    }

    public void setAuthTokenUrl(String v) {
        settings.put("authTokenUrl", v);
    }

    public void setAuthClientId(String v) {
        settings.put("authClientId", v);
    }

    public void setAuthClientSecret(String v) {
        settings.put("authClientSecret", v);
    }

    public void setAuthClientAuth(String v) {
        settings.put("authClientAuth", v);
    }

    public void setAuthScope(String v) {
        settings.put("authScope", v);
    }

    public void setAuthAudience(String v) {
        settings.put("authAudience", v);
    }

    public void setAuthFormFields(String v) {
        settings.put("authFormFields", v);
    }

    public void setAuthRefreshToken(String v) {
        settings.put("authRefreshToken", v);
    }

    public void setAuthKeyFile(String v) {
        settings.put("authKeyFile", v);
    }

    public void setAuthKeyId(String v) {
        settings.put("authKeyId", v);
    }

    public void setAuthLoginUrl(String v) {
        settings.put("authLoginUrl", v);
    }

    public void setAuthLoginFields(String v) {
        settings.put("authLoginFields", v);
    }

    public void setAuthTokenPath(String v) {
        settings.put("authTokenPath", v);
    }

    public void setAuthTokenLifetime(String v) {
        settings.put("authTokenLifetime", v);
    }

    public void setCursorStart(String v) {
        settings.put("cursorStart", v);
    }

    public void setAllowedHosts(String v) {
        settings.put("allowedHosts", v);
    }

    public void setRequestDeadline(String v) {
        settings.put("requestDeadline", v);
    }

    public void setRateLimit(String v) {
        settings.put("rateLimit", v);
    }
}
