package io.jenkins.plugins.debianbuildd.cli;

import io.jenkins.plugins.debianbuildd.cli.wannabuild.WannaBuildCommand;
import picocli.CommandLine.Command;

@Command(name = "buildd", mixinStandardHelpOptions = true, version = "debian-buildd 0.1.0",
        description = "A Debian build daemon: wanna-build state, sbuild/pbuilder builds, reprepro publishing.",
        subcommands = {IndexCommand.class, WannaBuildCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:failure (bad input, failed verification, failed operation)", "2:invalid usage"})
public final class BuilddCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
