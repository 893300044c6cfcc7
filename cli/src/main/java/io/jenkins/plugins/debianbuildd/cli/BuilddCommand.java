package io.jenkins.plugins.debianbuildd.cli;

import io.jenkins.plugins.debianbuildd.cli.standalone.BuildCommand;
import io.jenkins.plugins.debianbuildd.cli.standalone.ChrootCommand;
import io.jenkins.plugins.debianbuildd.cli.standalone.IncomingCommand;
import io.jenkins.plugins.debianbuildd.cli.standalone.DaemonCommand;
import io.jenkins.plugins.debianbuildd.cli.standalone.DemoCommand;
import io.jenkins.plugins.debianbuildd.cli.standalone.MergeCommand;
import io.jenkins.plugins.debianbuildd.cli.standalone.InitCommand;
import io.jenkins.plugins.debianbuildd.cli.standalone.RepoCommand;
import io.jenkins.plugins.debianbuildd.cli.standalone.StatusCommand;
import io.jenkins.plugins.debianbuildd.cli.wannabuild.WannaBuildCommand;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "buildd", mixinStandardHelpOptions = true, version = "debian-buildd 0.1.0",
        description = "A Debian build daemon: wanna-build state, sbuild/pbuilder builds, reprepro publishing.",
        subcommands = {IndexCommand.class, WannaBuildCommand.class, InitCommand.class, ChrootCommand.class,
                BuildCommand.class, RepoCommand.class, IncomingCommand.class, StatusCommand.class, MergeCommand.class, DaemonCommand.class,
                DemoCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:failure (bad input, failed verification, failed operation)", "2:invalid usage",
                "3:done, unsuccessfully (a build that did not build, an upload rejected or deferred)"})
public final class BuilddCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR",
            description = "The standalone buildd's data directory (default: $DEBIAN_BUILDD_DATA, else ~/.local/share/debian-buildd; /var/lib/debian-buildd for root).")
    Path data;

    /** The --data given before the subcommand's name, or null. */
    public Path dataOption() {
        return data;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
