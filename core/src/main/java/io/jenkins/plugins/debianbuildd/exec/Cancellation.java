package io.jenkins.plugins.debianbuildd.exec;

import java.util.ArrayList;
import java.util.List;

/**
 * A request to stop a long-running operation (a build, a chroot update), shared between the one who
 * asks (a user, the daemon, Jenkins' abort button) and the one who runs it. Thread-safe.
 */
public final class Cancellation {
    private final List<Runnable> listeners = new ArrayList<>();
    private String reason;

    public static Cancellation none() {
        return new Cancellation();
    }

    /** Cancels (once; later calls do nothing) and runs every registered action. */
    public void cancel(String why) {
        List<Runnable> toRun;
        synchronized (this) {
            if (reason != null) {
                return;
            }
            reason = why == null || why.isBlank() ? "cancelled" : why;
            toRun = List.copyOf(listeners);
            listeners.clear();
        }
        toRun.forEach(Runnable::run);
    }

    public synchronized boolean isCancelled() {
        return reason != null;
    }

    /** Why it was cancelled, or null while it is not. */
    public synchronized String reason() {
        return reason;
    }

    /** Runs {@code action} on cancellation, at once when already cancelled. */
    public void onCancel(Runnable action) {
        synchronized (this) {
            if (reason == null) {
                listeners.add(action);
                return;
            }
        }
        action.run();
    }

    /** Removes an action registered with {@link #onCancel} (when the operation ends first). */
    public synchronized void remove(Runnable action) {
        listeners.remove(action);
    }
}
