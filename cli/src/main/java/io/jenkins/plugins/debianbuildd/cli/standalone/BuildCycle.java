package io.jenkins.plugins.debianbuildd.cli.standalone;

import io.jenkins.plugins.debianbuildd.build.BuildDriver;
import io.jenkins.plugins.debianbuildd.build.BuildListener;
import io.jenkins.plugins.debianbuildd.build.BuildRequest;
import io.jenkins.plugins.debianbuildd.build.BuildResult;
import io.jenkins.plugins.debianbuildd.build.Disposition;
import io.jenkins.plugins.debianbuildd.build.Dispositions;
import io.jenkins.plugins.debianbuildd.chroot.ChrootLease;
import io.jenkins.plugins.debianbuildd.exec.Cancellation;
import io.jenkins.plugins.debianbuildd.exec.Mounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * One build on this machine, as the standalone buildd runs it (for {@code buildd build} and, through
 * {@link Instance#buildBackend()}, for core's {@code buildd.Worker}): in the chroot of the request's suite
 * and architecture, held shared, with the log copied to logs/; and {@link #discard}, which removes the work
 * directory once its result is published or not worth keeping. What wanna-build is told is core's
 * {@code OutcomeRecorder}'s business.
 */
public final class BuildCycle {
    /** A finished build with its disposition and its log as kept in logs/. */
    public record FinishedBuild(BuildResult result, Disposition disposition, Path log) {
        public BuildRequest request() {
            return result.request();
        }
    }

    /** A build {@link #build} ran (also through the worker's backend), with its log's place in logs/. */
    public FinishedBuild finished(BuildResult r) {
        return new FinishedBuild(r, Dispositions.of(r), instance.logDir().resolve(r.logFile().getFileName().toString()));
    }

    private final Instance instance;

    public BuildCycle(Instance instance) {
        this.instance = instance;
    }

    /**
     * Runs one build in the chroot of (suite, build architecture) of the request, holding the chroot
     * shared (waiting up to {@link Instance#CHROOT_WAIT} while it is being upgraded), and copies its log
     * to logs/.
     */
    public FinishedBuild build(BuildRequest request, BuildListener listener, Cancellation cancellation) throws IOException {
        instance.checkReachableByBuilds();
        var id = instance.chrootId(request.suite(), request.buildArchitecture());
        BuildResult r;
        try (ChrootLease lease = instance.chroots().acquire(id, Instance.CHROOT_WAIT)) {
            r = instance.executor().run(BuildDriver.forKind(instance.builderKind()), request, lease, listener, cancellation);
        }
        FinishedBuild b = finished(r);
        Files.createDirectories(instance.logDir());
        if (Files.exists(r.logFile())) {
            Files.copy(r.logFile(), b.log(), StandardCopyOption.REPLACE_EXISTING);
        }
        return b;
    }

    /** Deletes the build's work directory (results and the work copy of the log; logs/ keeps its copy). */
    public void discard(FinishedBuild b) {
        Mounts.deleteTree(b.result().workDirectory());
    }

    /** Deletes a build's work directory. */
    public static void discard(BuildResult r) {
        Mounts.deleteTree(r.workDirectory());
    }
}
