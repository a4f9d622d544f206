package io.tributary.state;

/**
 * What a connector's cursor store row holds, written in the same transaction as the page it belongs
 * to.
 *
 * @param value the cursor in the column's own canonical text ({@code 2025-01-09T00:00:25Z}): what
 *     ordering, {@code state show} and metrics use
 * @param sourceText the same value as the source wrote it ({@code 2025-01-09T00:00:25.000Z}): what
 *     goes back in {@code cursorParam}, since many sources compare their filter as text; null when
 *     unknown (a cursor stored before this column existed, or {@code cursorStart})
 * @param frontier the records already written at or above the cursor ({@link Frontier#encode}): a
 *     re-read of them is absorbed instead of written twice; empty when none
 * @param advanced whether the value moved with this write (an H2 sink makes such a commit durable
 *     at once)
 */
public record CursorState(String value, String sourceText, String frontier, boolean advanced) {

    /** A cursor with no source text and no frontier (cursorStart, a window's end, older stores). */
    public static CursorState of(String value) {
        return value == null ? null : new CursorState(value, null, "", true);
    }

    /** The text to send to the source: its own, else the canonical one. */
    public String requestText() {
        return sourceText != null ? sourceText : value;
    }
}
