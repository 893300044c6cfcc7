package io.jenkins.plugins.debianbuildd.wannabuild;

import java.util.List;

/**
 * What {@link Transitions#apply} decided for one row: the row before and after, whether anything changed,
 * wanna-build's messages, what to log, and the consequences for the other suites sharing the build.
 *
 * @param request      the request
 * @param before       the row before (null when the package had none)
 * @param after        the row after (null when the row is deleted)
 * @param changed      whether the row changes (false: nothing to write or log)
 * @param messages     wanna-build's output lines ({@code hello: Warning: Previous version failed!})
 * @param logAction    the action as logged ({@code --take}, {@code --take --override})
 * @param logMessage   the message as logged (normalised), or null
 * @param propagations actions for the same package in the other suites sharing builds
 */
public record Outcome(Request request, PackageRecord before, PackageRecord after, boolean changed, List<String> messages,
        String logAction, String logMessage, List<Propagation> propagations) {

    public Outcome {
        messages = List.copyOf(messages);
        propagations = List.copyOf(propagations);
    }

    public Action action() {
        return request.action();
    }

    public State previousState() {
        return before == null ? null : before.state();
    }

    public State newState() {
        return after == null ? null : after.state();
    }

    /** An action to apply to the row of the same package in {@code suite}. */
    public record Propagation(String suite, Request request) {
    }
}
