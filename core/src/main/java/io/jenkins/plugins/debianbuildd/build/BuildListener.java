package io.jenkins.plugins.debianbuildd.build;

import io.jenkins.plugins.debianbuildd.log.LineKind;

/**
 * Follows a build as it runs: the command line prints each line, Jenkins annotates its console. Called
 * from the thread that reads the builder's output, in order.
 */
public interface BuildListener {
    default void started(BuildPlan plan) {
    }

    /** One line of the log, as written to the log file, with how a console should show it. */
    void line(String line, LineKind kind);

    default void finished(BuildResult result) {
    }

    BuildListener SILENT = (line, kind) -> { };
}
