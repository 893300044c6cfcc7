package io.jenkins.plugins.debianbuildd.exec;

import java.time.Duration;

/**
 * How a streamed process ended.
 *
 * @param exitCode the exit status; 128 + signal number when a signal ended it; -1 when it never started
 * @param timedOut whether the time limit ended it
 * @param cancelled whether a {@link Cancellation} ended it (with {@code cancelReason})
 * @param startError why it could not be started, or null
 * @param elapsed from start to the end of its output
 * @param pid the first process's id (0 when it never started), for checking that none is left
 * @param killedProcesses how many processes had to be sent SIGKILL at the end
 */
public record StreamResult(int exitCode, boolean timedOut, boolean cancelled, String cancelReason,
                           String startError, Duration elapsed, long pid, int killedProcesses) {
    public boolean started() {
        return startError == null;
    }

    /** Exited by itself with status 0. */
    public boolean succeeded() {
        return started() && !timedOut && !cancelled && exitCode == 0;
    }
}
