package io.jenkins.plugins.debianbuildd.cli.standalone;

import io.jenkins.plugins.debianbuildd.cli.BuilddCommand;
import io.jenkins.plugins.debianbuildd.cli.config.Instances;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A command of the standalone buildd: opens the {@link Instance} of the data directory (--data here or
 * before the command name, else $DEBIAN_BUILDD_DATA, else ~/.local/share/debian-buildd; /var/lib/debian-buildd for root) and closes it.
 */
abstract class StandaloneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR",
            description = "The data directory (default: $DEBIAN_BUILDD_DATA, else ~/.local/share/debian-buildd; /var/lib/debian-buildd for root).")
    Path data;

    /** The data directory: this command's --data, else one given before the command name, else the default. */
    Path dataDir() {
        Path p = data;
        for (CommandSpec s = spec.parent(); p == null && s != null; s = s.parent()) {
            if (s.userObject() instanceof BuilddCommand b) {
                p = b.dataOption();
            }
        }
        return Instances.dataDir(p);
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** A usage mistake found after parsing: one line and exit code 2, like picocli's own. */
    CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    @Override
    public final Integer call() throws Exception {
        try (Instance instance = Instance.open(dataDir())) {
            return run(instance);
        } finally {
            out().flush();
            err().flush();
        }
    }

    abstract int run(Instance instance) throws Exception;
}
