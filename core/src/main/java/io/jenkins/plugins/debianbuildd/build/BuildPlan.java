package io.jenkins.plugins.debianbuildd.build;

import io.jenkins.plugins.debianbuildd.chroot.BuilderKind;
import io.jenkins.plugins.debianbuildd.exec.Command;
import java.nio.file.Path;
import java.util.List;

/**
 * A build described completely before anything runs: the command (argv, environment, working
 * directory; never a shell string), the files and directories to create first, where the results and
 * the log go, and which directories are scratch space to delete afterwards. {@link LocalBuildExecutor}
 * runs plans here; a Jenkins agent's launcher can run the same plan.
 *
 * @param request what is built
 * @param builder which builder
 * @param command the builder's command; its working directory is {@code workDirectory}
 * @param files files to write in the work directory first
 * @param directories directories (relative) to create first
 * @param workDirectory the build's own fresh directory
 * @param resultDirectory where the builder leaves .changes, .deb, .buildinfo
 * @param logFile where the log is written ({@code <source>_<version>_<arch>-<timestamp>.build})
 * @param scratchDirectories directories (relative) to delete once the command has ended
 */
public record BuildPlan(BuildRequest request, BuilderKind builder, Command command, List<PreparedFile> files,
                        List<String> directories, Path workDirectory, Path resultDirectory, Path logFile,
                        List<String> scratchDirectories) {
    public BuildPlan {
        files = List.copyOf(files);
        directories = List.copyOf(directories);
        scratchDirectories = List.copyOf(scratchDirectories);
    }
}
