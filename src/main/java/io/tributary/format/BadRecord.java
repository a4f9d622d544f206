package io.tributary.format;

/**
 * A line or record of a body that could not be read as a record: it goes to the dead letters with
 * where it was and why, and the rest of the body loads.
 *
 * @param unit {@code line} (CSV, JSON Lines: the physical line, 1-based, the header's included) or
 *     {@code record} (XML, JSON: the record's position in the body, 1-based)
 * @param number the line or record number
 * @param reason what was wrong, without the text's values (it reaches logs and summaries)
 * @param text the raw line or record, cut to {@link #TEXT_LIMIT} characters: kept only in the dead
 *     letter, never logged
 */
public record BadRecord(String unit, long number, String reason, String text) {
    public static final int TEXT_LIMIT = 10_000;

    public BadRecord {
        if (text != null && text.length() > TEXT_LIMIT) {
            text = text.substring(0, TEXT_LIMIT);
        }
    }

    /** Where and why, e.g. {@code line 17: 4 fields where the header has 5}. */
    public String describe() {
        return unit + " " + number + ": " + reason;
    }
}
