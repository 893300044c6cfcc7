package io.jenkins.plugins.debianbuildd.repo;

import io.jenkins.plugins.debianbuildd.exec.Command;
import io.jenkins.plugins.debianbuildd.exec.ExecResult;
import io.jenkins.plugins.debianbuildd.exec.LocalExec;
import java.time.Duration;

/**
 * Runs a {@link Command} to completion. The repository builds its reprepro commands and hands them to a
 * runner: {@link #LOCAL} here, a Jenkins Launcher in the plugin.
 */
@FunctionalInterface
public interface CommandRunner {
    CommandRunner LOCAL = LocalExec::run;

    ExecResult run(Command command, Duration timeout);
}
