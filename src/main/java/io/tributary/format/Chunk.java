package io.tributary.format;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;

/**
 * Some records of a body, in order, and the lines or records between them that could not be read.
 *
 * @param records the records: JSON objects (a CSV row keyed by its header, an XML element as JSON)
 * @param rejected what could not be read, each with its line or record number and reason
 * @param last true when the body ends after this chunk
 */
public record Chunk(ArrayNode records, List<BadRecord> rejected, boolean last) {
    public Chunk {
        rejected = List.copyOf(rejected);
    }

    /** Records and rejected ones together: what a page counts as read. */
    public int size() {
        return records.size() + rejected.size();
    }
}
