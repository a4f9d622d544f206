package io.tributary.sink;

/**
 * A source record that could not be loaded, kept with why.
 *
 * @param field the target column that failed, or "$" for the whole record
 * @param value the offending value (an excerpt), or null when it was missing
 * @param reason what was wrong
 * @param record the raw record as JSON text
 */
public record DeadLetter(String field, String value, String reason, String record) {}
