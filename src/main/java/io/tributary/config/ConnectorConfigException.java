package io.tributary.config;

/**
 * A connector setting that cannot work, found at start-up. The message names the connector, the
 * parameter and the value, e.g. {@code connector 'weather-observations': parameter 'pageSize' value
 * 'abc': must be a positive integer}.
 */
public final class ConnectorConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String connector;

    public ConnectorConfigException(
            String connector, String parameter, String value, String problem) {
        super(
                "connector '"
                        + connector
                        + "': parameter '"
                        + parameter
                        + "'"
                        + (value == null ? "" : " value '" + value + "'")
                        + ": "
                        + problem);
        this.connector = connector;
    }

    public String connector() {
        return connector;
    }
}
