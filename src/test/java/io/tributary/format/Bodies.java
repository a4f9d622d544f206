package io.tributary.format;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Bodies as the readers get them, and every chunk of one read to its end. */
final class Bodies {
    private Bodies() {}

    static FormatSettings json(String recordsPath) {
        return FormatSettings.parse("json", recordsPath, null, null, null, null, null);
    }

    static FormatSettings jsonl() {
        return FormatSettings.parse("jsonl", null, null, null, null, null, null);
    }

    static FormatSettings csv() {
        return FormatSettings.parse("csv", null, null, null, null, null, null);
    }

    static FormatSettings xml(String recordsPath, String namespaces) {
        return FormatSettings.parse("xml", recordsPath, null, null, null, namespaces, null);
    }

    static RecordReader open(FormatSettings settings, String body) throws IOException {
        return open(settings, body.getBytes(StandardCharsets.UTF_8), null);
    }

    static RecordReader open(FormatSettings settings, byte[] body, Charset charset)
            throws IOException {
        return settings.open(new ByteArrayInputStream(body), charset);
    }

    /** Every chunk of {@code max} to the last one (which must come). */
    static List<Chunk> chunks(RecordReader reader, int max) throws IOException {
        List<Chunk> chunks = new ArrayList<>();
        Chunk chunk;
        do {
            chunk = reader.next(max);
            chunks.add(chunk);
            if (chunks.size() > 10_000) {
                throw new AssertionError("no last chunk after 10000 chunks");
            }
        } while (!chunk.last());
        return chunks;
    }

    static List<Chunk> chunks(FormatSettings settings, String body, int max) throws IOException {
        try (RecordReader reader = open(settings, body)) {
            return chunks(reader, max);
        }
    }

    /** The chunks' sizes, e.g. {@code [2, 2, 1]}. */
    static List<Integer> sizes(List<Chunk> chunks) {
        return chunks.stream().map(Chunk::size).toList();
    }

    /** The chunks' last flags, e.g. {@code [false, false, true]}. */
    static List<Boolean> lasts(List<Chunk> chunks) {
        return chunks.stream().map(Chunk::last).toList();
    }

    /** Every record of the chunks, as JSON text, in order. */
    static List<String> records(List<Chunk> chunks) {
        List<String> all = new ArrayList<>();
        chunks.forEach(c -> c.records().forEach(r -> all.add(r.toString())));
        return all;
    }

    static List<BadRecord> rejected(List<Chunk> chunks) {
        List<BadRecord> all = new ArrayList<>();
        chunks.forEach(c -> all.addAll(c.rejected()));
        return all;
    }
}
