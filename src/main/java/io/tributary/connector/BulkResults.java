package io.tributary.connector;

import io.tributary.format.Chunk;
import io.tributary.format.FormatSettings;
import io.tributary.format.RecordReader;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A done job's results, read a page of {@code recordsPerPage} records at a time whatever their
 * size: a sequence of parts, each one streamed body. A part is either a locator of the results
 * endpoint (Salesforce Bulk API 2.0: the first without {@code locator}, each next one named by the
 * previous answer's {@code Sforce-Locator} header until it says {@code null}), or one of the files
 * the status answer listed. Each page's message id is {@code <jobId>#<part>#<n>} ({@code part}
 * {@code -} for the first locator, else the locator, or {@code f<i>} for file i; {@code n} the
 * page's number in its part), which the sink commits with its rows; {@link #resumeAfter} skips what
 * such an id says is committed, so a restart neither loses nor repeats a page.
 */
final class BulkResults implements Closeable {
    static final String FIRST = "-";

    /** One page: its records and the id the sink commits them with. */
    record Page(Chunk chunk, String messageId) {}

    private final BulkJob job;
    private final String jobId;
    private final String resultsPath; // null: files
    private final List<String> files;
    private final Map<String, String> query;
    private final String locatorParam;
    private final String locatorHeader;
    private final FormatSettings format;
    private final int recordsPerPage;

    private String part; // the part being read, null: none left
    private String nextPart; // known once the part's answer arrived
    private RecordReader reader; // null: the part is not open yet
    private int page; // pages read of the part

    /** Results at a locator-paged endpoint. */
    static BulkResults paged(
            BulkJob job,
            String jobId,
            String resultsPath,
            Map<String, String> query,
            String locatorParam,
            String locatorHeader,
            FormatSettings format,
            int recordsPerPage) {
        return new BulkResults(
                job,
                jobId,
                resultsPath,
                List.of(),
                query,
                locatorParam,
                locatorHeader,
                format,
                recordsPerPage);
    }

    /** Results as files at the URLs the status answer gave. */
    static BulkResults files(
            BulkJob job, String jobId, List<String> urls, FormatSettings format, int perPage) {
        return new BulkResults(job, jobId, null, urls, Map.of(), null, null, format, perPage);
    }

    private BulkResults(
            BulkJob job,
            String jobId,
            String resultsPath,
            List<String> files,
            Map<String, String> query,
            String locatorParam,
            String locatorHeader,
            FormatSettings format,
            int recordsPerPage) {
        this.job = job;
        this.jobId = jobId;
        this.resultsPath = resultsPath;
        this.files = List.copyOf(files);
        this.query = Map.copyOf(query);
        this.locatorParam = locatorParam;
        this.locatorHeader = locatorHeader;
        this.format = format;
        this.recordsPerPage = recordsPerPage;
        this.part = resultsPath != null ? FIRST : files.isEmpty() ? null : "f0";
    }

    /**
     * Positions after the page a committed message id names: its part is read again from the start
     * and its first {@code n} pages skipped (a part is a provider's stored file: the same bytes
     * again).
     */
    void resumeAfter(String messageId) throws IOException {
        String[] p = messageId == null ? null : messageId.split("#");
        if (p == null || p.length != 3 || !p[0].equals(jobId)) {
            return; // nothing of this job committed yet
        }
        String committedPart = p[1];
        int committed = Integer.parseInt(p[2]);
        part = committedPart;
        // read again, not sent: the sink committed them; a part's last page moves on to the next
        while (committedPart.equals(part) && page < committed) {
            read();
        }
    }

    boolean more() {
        return part != null;
    }

    /** The next page; call only while {@link #more}. */
    Page next() throws IOException {
        Chunk chunk = read();
        return new Page(chunk, jobId + "#" + lastPart + "#" + lastPage);
    }

    private String lastPart;
    private int lastPage;

    private Chunk read() throws IOException {
        if (reader == null) {
            open();
        }
        Chunk chunk = reader.next(recordsPerPage);
        page++;
        lastPart = part;
        lastPage = page;
        if (chunk.last()) {
            reader.close();
            reader = null;
            page = 0;
            part = nextPart;
        }
        return chunk;
    }

    private void open() throws IOException {
        BulkWire.Answer response;
        if (resultsPath != null) {
            Map<String, String> q = new java.util.LinkedHashMap<>(query);
            if (!part.equals(FIRST)) {
                q.put(locatorParam, part);
            }
            response = job.download(resultsPath, q);
            String next = response.headers().firstValue(locatorHeader).orElse("").strip();
            nextPart = next.isEmpty() || next.equals("null") ? null : next;
        } else {
            int i = Integer.parseInt(part.substring(1));
            response = job.download(files.get(i), Map.of());
            nextPart = i + 1 < files.size() ? "f" + (i + 1) : null;
        }
        reader = format.open(response.body(), null);
    }

    @Override
    public void close() throws IOException {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}
