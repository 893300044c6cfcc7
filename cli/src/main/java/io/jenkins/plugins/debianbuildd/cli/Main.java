package io.jenkins.plugins.debianbuildd.cli;

import io.jenkins.plugins.debianbuildd.cli.wannabuild.Alias;
import io.jenkins.plugins.debianbuildd.cli.wannabuild.WannaBuildCommand;
import picocli.CommandLine;

/**
 * Entry point of the distribution. The launcher passes the name it was invoked under (bin/buildd,
 * bin/wanna-build, or one of wanna-build's aliases) in the {@code buildd.invokedAs} property.
 */
public final class Main {
    /** The system property holding the program name the launcher was invoked under. */
    public static final String INVOKED_AS = "buildd.invokedAs";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return commandLine(System.getProperty(INVOKED_AS, "buildd")).execute(args);
    }

    /**
     * The command line for a program name: {@code wanna-build} and its aliases ({@code list-needs-build}, ...)
     * are the wanna-build command with the alias's option implied; anything else is {@code buildd}.
     */
    public static CommandLine commandLine(String invokedAs) {
        String name = invokedAs == null ? "buildd" : invokedAs.substring(invokedAs.lastIndexOf('/') + 1);
        CommandLine cl = Alias.isWannaBuildName(name)
                ? WannaBuildCommand.invokedAs(name).commandLine()
                : new CommandLine(new BuilddCommand());
        return UserErrors.install(cl);
    }
}
