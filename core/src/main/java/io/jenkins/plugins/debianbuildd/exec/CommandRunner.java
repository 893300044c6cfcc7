package io.jenkins.plugins.debianbuildd.exec;

import java.time.Duration;

/**
 * Runs a {@link Command} to completion: {@link #LOCAL} here, a Jenkins agent's Launcher in the plugin. Code
 * that builds commands (reprepro's, for one) takes a runner instead of starting processes itself.
 */
@FunctionalInterface
public interface CommandRunner {
    CommandRunner LOCAL = LocalExec::run;

    ExecResult run(Command command, Duration timeout);
}
