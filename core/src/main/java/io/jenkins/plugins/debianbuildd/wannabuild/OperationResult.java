package io.jenkins.plugins.debianbuildd.wannabuild;

import java.util.List;

/**
 * The committed result of one operation.
 *
 * @param action   what was done
 * @param before   the row before (null when the package had none)
 * @param after    the row after (null when it was deleted)
 * @param changed  false when the operation was a no-op ("already taken by you")
 * @param messages wanna-build's output lines for this package, to print as wanna-build would
 */
public record OperationResult(Action action, PackageRecord before, PackageRecord after, boolean changed,
        List<String> messages) {

    public OperationResult {
        messages = List.copyOf(messages);
    }

    public State newState() {
        return after == null ? null : after.state();
    }

    public State previousState() {
        return before == null ? null : before.state();
    }
}
