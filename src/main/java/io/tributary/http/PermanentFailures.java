package io.tributary.http;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.AccessDeniedException;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

/**
 * Failures that another attempt cannot cure, though many arrive as I/O errors that would otherwise
 * be retried: the disk is full, a file or folder may not be written, the database was shut down, a
 * body is not text in its declared charset. {@link ErrorPolicy} classes them {@code fail}; the
 * failure line carries the label and what to do.
 */
public enum PermanentFailures {
    DISK_FULL(
            "disk full",
            "free space where the target writes; the next run resumes from the cursor"),
    PERMISSION_DENIED(
            "permission denied",
            "let the Tributary user write the target file, folder or database"),
    READ_ONLY("read-only file system", "point the target at a writable folder"),
    DATABASE_CLOSED(
            "database closed",
            "the target database or its connection pool was shut down; restart Tributary"),
    CHARSET(
            "unusable charset",
            "the body is not text in the charset its Content-Type declares; the source must fix its answer");

    private final String label;
    private final String advice;

    PermanentFailures(String label, String advice) {
        this.label = label;
        this.advice = advice;
    }

    /** The short label for the failure line, e.g. "disk full". */
    public String label() {
        return label;
    }

    public String advice() {
        return advice;
    }

    /** The permanent failure somewhere in this chain of causes, if there is one. */
    public static Optional<PermanentFailures> of(Throwable e) {
        for (Throwable t : ErrorPolicy.causes(e)) {
            if (t instanceof AccessDeniedException) {
                return Optional.of(PERMISSION_DENIED);
            }
            if (t instanceof UndecodableBodyException
                    || t instanceof CharacterCodingException
                    || t instanceof UnsupportedCharsetException
                    || t instanceof IllegalCharsetNameException) {
                return Optional.of(CHARSET);
            }
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (m.contains("no space left on device")
                    || m.contains("disk quota exceeded")
                    || m.contains("disk full")
                    || m.contains("not enough space on the disk")) {
                return Optional.of(DISK_FULL);
            }
            if (m.contains("permission denied") || m.contains("access is denied")) {
                return Optional.of(PERMISSION_DENIED);
            }
            if (m.contains("read-only file system")) {
                return Optional.of(READ_ONLY);
            }
            if (t instanceof SQLException
                    && (m.contains("database is already closed")
                            || m.contains("database has been closed")
                            || m.contains("datasource") && m.contains("has been closed"))) {
                return Optional.of(
                        DATABASE_CLOSED); // H2 after shutdown; HikariCP's closed pool. A broken
                // connection is not this.
            }
        }
        return Optional.empty();
    }
}
