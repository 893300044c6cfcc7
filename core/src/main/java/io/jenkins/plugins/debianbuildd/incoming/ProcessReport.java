package io.jenkins.plugins.debianbuildd.incoming;

import java.nio.file.Path;
import java.util.List;

/**
 * What one run of the queue did.
 *
 * @param busy whether another processor held the queue for longer than the lock wait (nothing was done)
 * @param outcomes one entry per upload looked at
 */
public record ProcessReport(boolean busy, List<Outcome> outcomes) {
    public ProcessReport {
        outcomes = List.copyOf(outcomes);
    }

    /** What happened to one upload. */
    public enum Status {
        /** Published and handed to the handler; its files are under accepted/. */
        ACCEPTED,
        /** Moved with all its files to rejected/, with the reason. */
        REJECTED,
        /** Still arriving (files missing or short); looked at again next run. */
        WAITING,
        /** Claimed but not finished (repository locked, handler failed); resumed next run. */
        DEFERRED
    }

    /**
     * @param uploadId the queue's id (null while WAITING: not claimed yet)
     * @param changesName the .changes file name
     * @param reason why it was rejected, or null
     * @param message the rejection reason, what is awaited, or what failed
     * @param location where its files are now
     */
    public record Outcome(String uploadId, String changesName, Status status, RejectReason reason, String message,
                          Path location) {
    }

    public List<Outcome> with(Status status) {
        return outcomes.stream().filter(o -> o.status() == status).toList();
    }
}
