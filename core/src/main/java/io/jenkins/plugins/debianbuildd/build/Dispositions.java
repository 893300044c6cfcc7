package io.jenkins.plugins.debianbuildd.build;

import io.jenkins.plugins.debianbuildd.log.Diagnosis;
import io.jenkins.plugins.debianbuildd.log.FailureCategory;

/**
 * The one place that maps a build's outcome to what wanna-build is told, following Debian's buildd
 * (sbuild exit 0 built, 2 attempted, anything else given back) and Launchpad's buildd for dep-waits
 * (given back at install-deps with missing dependencies read from the log):
 *
 * <ul>
 *   <li>successful with a .changes: {@link Disposition.Built}</li>
 *   <li>attempted (the package failed): {@link Disposition.BuildAttempted} with the log's diagnosis and suggested category</li>
 *   <li>timed out: {@link Disposition.BuildAttempted} "timed out ..."</li>
 *   <li>given back at install-deps with uninstallable build-dependencies: {@link Disposition.DepWait} on them</li>
 *   <li>other given-back (source download, unpack, chroot, apt update), failed (the builder's own
 *       failure), failed to start, cancelled: {@link Disposition.GiveBack}</li>
 *   <li>skipped (not for this architecture): {@link Disposition.BuildAttempted}, for a human to look at</li>
 * </ul>
 */
public final class Dispositions {
    private Dispositions() {
    }

    public static Disposition of(BuildResult result) {
        Diagnosis d = result.diagnosis();
        if (result.failedToStart()) {
            return new Disposition.GiveBack("failed to start: " + result.startError());
        }
        if (result.timedOut()) {
            String stage = d.stage() == null ? "" : ", stage " + d.stage();
            return new Disposition.BuildAttempted("timed out (after " + result.request().timeout().toSeconds() + " s" + stage + ")",
                    FailureCategory.NONE);
        }
        if (result.cancelled()) {
            return new Disposition.GiveBack("cancelled: " + d.message());
        }
        return switch (result.status()) {
            case SUCCESSFUL -> result.changes() != null
                    ? new Disposition.Built(result.changes(), "built " + result.request().buildName())
                    : new Disposition.GiveBack("build reported success but left no .changes in " + result.workDirectory());
            case ATTEMPTED -> new Disposition.BuildAttempted(d.message(), d.category());
            case SKIPPED -> new Disposition.BuildAttempted("skipped: " + d.message(), FailureCategory.NONE);
            case GIVEN_BACK -> isInstallDeps(result.failStage()) && !d.missingDependencies().isEmpty()
                    ? new Disposition.DepWait(d.missingDependencies(), d.message())
                    : new Disposition.GiveBack("given back" + (result.failStage() == null ? "" : " at " + result.failStage())
                    + ": " + d.message());
            case FAILED -> new Disposition.GiveBack(result.builder().id() + " failed (exit " + result.exitCode() + "): " + d.message());
        };
    }

    private static boolean isInstallDeps(String stage) {
        return "install-deps".equals(stage) || "explain-bd-uninstallable".equals(stage);
    }
}
