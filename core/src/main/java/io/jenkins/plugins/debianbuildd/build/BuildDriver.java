package io.jenkins.plugins.debianbuildd.build;

import io.jenkins.plugins.debianbuildd.chroot.BuilderKind;
import io.jenkins.plugins.debianbuildd.chroot.Chroot;
import io.jenkins.plugins.debianbuildd.log.LogAnalysis;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A builder (sbuild, pbuilder): turns a {@link BuildRequest} into a {@link BuildPlan}, and reads how the
 * finished command went. Drivers run nothing themselves.
 */
public interface BuildDriver {
    BuilderKind kind();

    /**
     * Describes the build of {@code request} in {@code chroot}, working in {@code workDirectory} (fresh
     * and empty), started at {@code start} (which names the log).
     *
     * @throws IllegalArgumentException when this builder cannot do what the request asks
     */
    BuildPlan plan(BuildRequest request, Chroot chroot, Path workDirectory, Instant start);

    /** How the build ended, from the builder's exit status and its log. */
    BuildStatus status(int exitCode, LogAnalysis analysis);

    /** The driver for a chroot's builder. */
    static BuildDriver forKind(BuilderKind kind) {
        return switch (kind) {
            case SBUILD -> new SbuildDriver();
            case PBUILDER -> new PbuilderDriver();
            case SCHROOT -> new SbuildDriver();
        };
    }
}
