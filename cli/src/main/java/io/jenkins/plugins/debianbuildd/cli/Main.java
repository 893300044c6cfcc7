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
        CommandLine cl = new CommandLine(new BuilddCommand());
        cl.setExecutionExceptionHandler(new UserErrors());
        return cl.execute(args);
    }
}
