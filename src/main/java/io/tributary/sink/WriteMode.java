package io.tributary.sink;

/**
 * How a JDBC sink writes: {@code upsert} merges by primary key (the default; re-reading a page is
 * harmless), {@code append} inserts every record as a new row (event logs; the table has no primary
 * key), {@code replace} refreshes the whole table: the sync fills a staging table that replaces the
 * old one only when the sync has completed (e.g. a Salesforce picklist or a price list read in
 * full), {@code delete} takes records that name deleted keys (a deleted-records endpoint:
 * Salesforce {@code getDeleted}, Zendesk's {@code deleted_tickets}) and deletes or marks those rows
 * of the table ({@link SourceDeletes}).
 */
public enum WriteMode {
    UPSERT,
    APPEND,
    REPLACE,
    DELETE;

    public static WriteMode parse(String text) {
        for (WriteMode m : values()) {
            if (m.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return m;
            }
        }
        return null;
    }
}
