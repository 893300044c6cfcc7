package io.jenkins.plugins.debianbuildd.wannabuild;

import java.time.Instant;

/**
 * One committed change of a package row, as delivered to {@link StateChangeListener}s.
 *
 * <p>Notifications wanna-build sends by mail can be derived from it: a take-over ({@link #tookOver()}: mail
 * {@code before().builder()}), a new version while building, Reupload-Wait (mail {@code after().builder()}
 * to upload the binaries again), Not-For-Us changes.
 *
 * @param action    the action
 * @param logAction the action as logged ({@code --take --override})
 * @param before    the row before (null for a new row)
 * @param after     the row after (null when deleted)
 * @param user      who did it
 * @param message   the message given with it, or null
 * @param time      when it was committed
 */
public record StateChange(Action action, String logAction, PackageRecord before, PackageRecord after, String user,
        String message, Instant time) {

    public String suite() {
        return (after != null ? after : before).suite();
    }

    public String arch() {
        return (after != null ? after : before).arch();
    }

    public String packageName() {
        return (after != null ? after : before).packageName();
    }

    public State previousState() {
        return before == null ? null : before.state();
    }

    public State newState() {
        return after == null ? null : after.state();
    }

    /** Whether another builder's package was taken over (wanna-build mails the previous builder). */
    public boolean tookOver() {
        return action == Action.TAKE && before != null && before.builder() != null && before.state().isTaken()
                && after != null && !before.builder().equals(after.builder());
    }
}
