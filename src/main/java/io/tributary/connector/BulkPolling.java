package io.tributary.connector;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;

/**
 * Polls a job's status until its {@code statusField} is one of {@code doneStates}: the first wait
 * {@code pollInterval}, each next one twice as long up to {@code pollMaxInterval}, the whole wait
 * at most {@code maxWait} (Airbyte's {@code AsyncJobOrchestrator} polls so too). Every status
 * request pays the rate budget ({@link BulkJob}).
 *
 * <ul>
 *   <li>a state in {@code failedStates}: {@link JobFailed}, with the provider's {@code errorField}
 *       (masked); the caller forgets the job, so the next run creates a new one;
 *   <li>a 404 or 410 for the job: {@link JobGone} (it expired or was deleted at the provider);
 *   <li>past {@code maxWait}, or a state in no list: the run fails and the job is kept, so the next
 *       run polls the same job again.
 * </ul>
 */
final class BulkPolling {
    /** The provider says the job failed. */
    static final class JobFailed extends IOException {
        private static final long serialVersionUID = 1L;

        JobFailed(String message) {
            super(message);
        }
    }

    /** The provider no longer knows the job. */
    static final class JobGone extends IOException {
        private static final long serialVersionUID = 1L;

        JobGone(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final String connector;
    private final BulkJob job;
    private final BulkSourceConfig config;

    BulkPolling(String connector, BulkJob job, BulkSourceConfig config) {
        this.connector = connector;
        this.job = job;
        this.config = config;
    }

    /** The status answer once the job is done. */
    JsonNode untilDone(BulkRun run) throws IOException, InterruptedException {
        String jobId = run.job.id();
        long deadline = System.nanoTime() + config.maxWait.toNanos();
        Duration wait = config.pollInterval;
        while (true) {
            JsonNode status;
            try {
                status = job.status(config.path(config.statusPath, jobId));
            } catch (BulkJob.CallFailed e) {
                if (e.status == 404 || e.status == 410) {
                    throw new JobGone(
                            "connector '"
                                    + connector
                                    + "': job "
                                    + jobId
                                    + " is gone at the provider (HTTP "
                                    + e.status
                                    + "); the cursor stays, the next run creates a new job",
                            e);
                }
                throw e;
            }
            run.polls++;
            String state = status.at(config.statusField).asText("");
            if (config.done.contains(state)) {
                return status;
            }
            if (config.failed.contains(state)) {
                String message = status.at(config.errorField).asText("");
                throw new JobFailed(
                        "connector '"
                                + connector
                                + "': job "
                                + jobId
                                + " "
                                + state
                                + " at the provider"
                                + (message.isBlank() ? "" : ": " + job.masker().mask(message))
                                + "; the cursor stays, the next run creates a new job");
            }
            if (!config.running.contains(state)) {
                throw new IOException(
                        "connector '"
                                + connector
                                + "': job "
                                + jobId
                                + " is in state '"
                                + job.masker().mask(state)
                                + "' (at statusField "
                                + config.statusField
                                + "), in none of runningStates, doneStates, failedStates; the job is kept");
            }
            if (System.nanoTime() + wait.toNanos() > deadline) {
                throw new IOException(
                        "connector '"
                                + connector
                                + "': job "
                                + jobId
                                + " is still "
                                + state
                                + " after maxWait "
                                + config.maxWait
                                + " ("
                                + run.polls
                                + " polls); the job is kept: the next run polls it again");
            }
            Thread.sleep(wait.toMillis()); // the job runs at the provider: nothing to do here
            wait = min(wait.multipliedBy(2), config.pollMaxInterval);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
