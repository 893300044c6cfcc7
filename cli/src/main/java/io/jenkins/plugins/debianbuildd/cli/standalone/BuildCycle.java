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
import io.jenkins.plugins.debianbuildd.log.FailureCategory;
import io.jenkins.plugins.debianbuildd.repo.PublishResult;
import io.jenkins.plugins.debianbuildd.version.DebianVersion;
import io.jenkins.plugins.debianbuildd.wannabuild.BuildRecord;
import io.jenkins.plugins.debianbuildd.wannabuild.OperationResult;
import io.jenkins.plugins.debianbuildd.wannabuild.PackageRecord;
import io.jenkins.plugins.debianbuildd.wannabuild.WannaBuildStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps after a take, as the daemon and {@code buildd build --record} run them: {@link #build} (in the
 * chroot, log kept in logs/), {@link #publish} (a successful build's .changes into the repository), then
 * {@link #record} (wanna-build told how it went, the build in the history), and {@link #discard} (the
 * work directory). Publishing comes before recording: a crash between the two leaves the package
 * Building with its binaries published, which {@link Instance#isPublished} detects.
 *
 * <p>What wanna-build is told ({@link Dispositions} decides the disposition):
 * <ul>
 *   <li>Built and published: {@code --built}, then {@code --uploaded} (with {@code +bN} for a binNMU)</li>
 *   <li>Built, publishing refused: {@code --built} only (the binaries stay in the work directory)</li>
 *   <li>Build-Attempted: {@code --attempted}, then {@code --failed} with {@code [category] diagnosis}: a
 *       standalone buildd has no administrator reading the log before deciding</li>
 *   <li>Dep-Wait: {@code --dep-wait} with the missing build-dependencies</li>
 *   <li>Give-back: {@code --give-back}</li>
 * </ul>
 */
public final class BuildCycle {
    /** A finished build with its disposition and its log as kept in logs/. */
    public record FinishedBuild(BuildResult result, Disposition disposition, Path log) {
        public BuildRequest request() {
            return result.request();
        }
    }

    /** What {@link #record} did: the operations in order, with wanna-build's messages. */
    public record Recorded(List<OperationResult> operations) {
        public Recorded {
            operations = List.copyOf(operations);
        }

        /** The package's state after the last operation. */
        public io.jenkins.plugins.debianbuildd.wannabuild.State finalState() {
            return operations.isEmpty() ? null : operations.get(operations.size() - 1).newState();
        }

        public List<String> messages() {
            List<String> m = new ArrayList<>();
            operations.forEach(o -> m.addAll(o.messages()));
            return m;
        }
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
        Files.createDirectories(instance.logDir());
        Path log = instance.logDir().resolve(r.logFile().getFileName().toString());
        if (Files.exists(r.logFile())) {
            Files.copy(r.logFile(), log, StandardCopyOption.REPLACE_EXISTING);
        }
        return new FinishedBuild(r, Dispositions.of(r), log);
    }

    /** Publishes a successful build's .changes into its suite (idempotent: the same files again are {@code alreadyPresent}). */
    public PublishResult publish(FinishedBuild b) throws IOException {
        if (!(b.disposition() instanceof Disposition.Built built)) {
            throw new IllegalStateException(b.request().buildName() + " did not build: nothing to publish");
        }
        return instance.repository().include(b.request().suite(), built.changes());
    }

    /**
     * Tells wanna-build how the build of {@code taken} (a row this buildd holds) went and records it in the
     * build history. {@code published} is null when a successful build could not be published.
     */
    public Recorded record(PackageRecord taken, FinishedBuild b, PublishResult published) throws IOException {
        WannaBuildStore store = instance.store();
        String user = instance.builderName();
        String suite = taken.suite();
        String arch = taken.arch();
        String pkg = taken.nameVersion();
        List<OperationResult> ops = new ArrayList<>();
        Disposition d = b.disposition();
        if (d instanceof Disposition.Built) {
            ops.add(store.built(suite, arch, pkg, user));
            if (published != null) {
                ops.add(store.uploaded(suite, arch, taken.packageName() + "_" + taken.buildVersion(), user));
            }
        } else if (d instanceof Disposition.BuildAttempted a) {
            ops.add(store.attempted(suite, arch, pkg, user));
            String category = a.category() == FailureCategory.NONE ? "" : "[" + a.category().wannaBuildName() + "] ";
            ops.add(store.failed(suite, arch, pkg, user, category + a.message()));
        } else if (d instanceof Disposition.DepWait w) {
            ops.add(store.depWait(suite, arch, pkg, user, w.dependencies().toString()));
        } else {
            ops.add(store.giveBack(suite, arch, pkg, user));
        }
        store.recordBuild(historyOf(taken, b, user));
        return new Recorded(ops);
    }

    private static BuildRecord historyOf(PackageRecord taken, FinishedBuild b, String user) {
        BuildResult r = b.result();
        io.jenkins.plugins.debianbuildd.wannabuild.BuildResult result = switch (b.disposition().kind()) {
            case BUILT -> io.jenkins.plugins.debianbuildd.wannabuild.BuildResult.SUCCESSFUL;
            case ATTEMPTED -> r.status() == io.jenkins.plugins.debianbuildd.build.BuildStatus.SKIPPED
                    ? io.jenkins.plugins.debianbuildd.wannabuild.BuildResult.SKIPPED
                    : io.jenkins.plugins.debianbuildd.wannabuild.BuildResult.ATTEMPTED;
            case DEP_WAIT, GIVE_BACK -> io.jenkins.plugins.debianbuildd.wannabuild.BuildResult.GIVEN_BACK;
        };
        DebianVersion version = taken.buildVersion();
        return new BuildRecord(taken.suite(), taken.arch(), taken.packageName(), version, Instant.now(), result,
                r.elapsed(), buildSpace(r), user);
    }

    /** sbuild's {@code Build-Space} (KiB) in bytes, or -1. */
    private static long buildSpace(BuildResult r) {
        return r.summaryField("Build-Space").map(s -> {
            try {
                return Long.parseLong(s.strip()) * 1024;
            } catch (NumberFormatException e) {
                return -1L;
            }
        }).orElse(-1L);
    }

    /** Deletes the build's work directory (results and the work copy of the log; logs/ keeps its copy). */
    public void discard(FinishedBuild b) {
        Mounts.deleteTree(b.result().workDirectory());
    }
}
