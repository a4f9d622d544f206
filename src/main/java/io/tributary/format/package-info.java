/**
 * How a body's records are written, and reading them a chunk at a time: {@link
 * io.tributary.format.FormatSettings#parse} checks a connector's {@code format*} parameters, {@link
 * io.tributary.format.FormatSettings#open} gives the {@link io.tributary.format.RecordReader} for
 * one body (an HTTP response, a file), which yields {@link io.tributary.format.Chunk}s of records
 * and {@link io.tributary.format.BadRecord}s, one chunk in memory however large the body.
 *
 * <pre>
 * FormatSettings csv = FormatSettings.parse("csv", null, ";", null, null, null, "auto");
 * try (RecordReader reader = csv.open(body, StandardCharsets.ISO_8859_1)) {
 *     Chunk chunk;
 *     do {
 *         chunk = reader.next(1000);   // records, the bad lines among them, last?
 *     } while (!chunk.last());
 * }
 * </pre>
 *
 * One reader per format: {@code JsonRecords} (the array at a JSON pointer, the rest the envelope),
 * {@code JsonLinesRecords}, {@code CsvRecords} (commons-csv), {@code XmlRecords} (StAX, no DTDs or
 * external entities); {@code ChunkedReader} is what they share. It uses only Jackson, commons-csv
 * and the JDK: a layer just above {@code config}.
 */
package io.tributary.format;
