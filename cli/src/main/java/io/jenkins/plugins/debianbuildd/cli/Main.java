package io.jenkins.plugins.debianbuildd.cli;

import picocli.CommandLine;

/**
 * Entry point of the distribution. The launcher passes the name it was invoked under (bin/buildd,
 * bin/wanna-build, or one of wanna-build's aliases) in the {@code buildd.invokedAs} property.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The {@code buildd} command line with its error handling (what tests run in-process). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new BuilddCommand());
        cl.setExecutionExceptionHandler(new UserErrors());
        cl.setParameterExceptionHandler(new UsageErrors());
        return cl;
    }
}
