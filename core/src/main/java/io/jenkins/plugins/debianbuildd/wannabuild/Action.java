package io.jenkins.plugins.debianbuildd.wannabuild;

/**
 * Everything that changes a package row. Each action goes through {@link Transitions}, which decides from
 * which states it is allowed and what it does; each applied action writes one transactions-log row under
 * its {@link #logName()} (wanna-build's {@code --take}, {@code --merge-v3: needs-build}, ...).
 */
public enum Action {
    // Operations of builders and administrators (wanna-build's command line).
    TAKE(Kind.OPERATION, "--take"),
    BUILT(Kind.OPERATION, "--built"),
    ATTEMPTED(Kind.OPERATION, "--attempted"),
    UPLOADED(Kind.OPERATION, "--uploaded"),
    FAILED(Kind.OPERATION, "--failed"),
    DEP_WAIT(Kind.OPERATION, "--dep-wait"),
    GIVE_BACK(Kind.OPERATION, "--give-back"),
    NO_BUILD(Kind.OPERATION, "--no-build"),
    FORGET(Kind.OPERATION, "--forget"),
    BIN_NMU(Kind.OPERATION, "--binNMU"),
    BIN_NMU_CANCEL(Kind.OPERATION, "--binNMU"),
    BUILD_PRIORITY(Kind.OPERATION, "--build-priority"),
    PERM_BUILD_PRIORITY(Kind.OPERATION, "--perm-build-priority"),

    // The archive merge (wanna-build's merge-v3 and edos/dose installability check).
    /** A newer source version (or a package new to the suite): reset to Needs-Build, keeping old failures. */
    MERGE_NEW_VERSION(Kind.MERGE, "--merge: needs-build"),
    /** The archive has up-to-date binaries. */
    MERGE_INSTALLED(Kind.MERGE, "--merge: installed"),
    /** No binaries for this architecture (Architecture list, Packages-arch-specific, arch:all only). */
    MERGE_AUTO_NOT_FOR_US(Kind.MERGE, "--merge: auto-not-for-us"),
    /** The installability check found the build-dependencies installable. */
    MERGE_INSTALLABLE(Kind.MERGE, "--merge: installable"),
    /** The installability check found the build-dependencies not installable (with the reason). */
    MERGE_BD_UNINSTALLABLE(Kind.MERGE, "--merge: bd-uninstallable"),
    /** Automatic dep-wait on build-dependencies that are missing (replaces the Depends list). */
    MERGE_DEP_WAIT(Kind.MERGE, "--merge: dep-wait"),
    /** The dependencies a Dep-Wait waited for are available now. */
    MERGE_RELEASE_DEP_WAIT(Kind.MERGE, "--merge: dep-wait released"),
    /** A Failed package left the archive: kept, virtually removed. */
    MERGE_FAILED_REMOVED(Kind.MERGE, "--merge: failed-removed"),
    /** A Dep-Wait package left the archive: kept, virtually removed. */
    MERGE_DEP_WAIT_REMOVED(Kind.MERGE, "--merge: dep-wait-removed"),
    /** A virtually removed package is back in the archive in the same version. */
    MERGE_REINSTATE(Kind.MERGE, "--merge: reinstated"),
    /** The package left the archive: the row is deleted. */
    MERGE_DELETE(Kind.MERGE, "--merge: deleted"),
    /** Section, priority or notes changed in the archive; the state stays. */
    MERGE_REFRESH(Kind.MERGE, "--merge: refresh"),

    // Consequences in the other suites that share builds (the man page's multi-suite states).
    PROPAGATE_INSTALL_WAIT(Kind.PROPAGATION, "--propagate: install-wait"),
    PROPAGATE_REUPLOAD_WAIT(Kind.PROPAGATION, "--propagate: reupload-wait"),
    PROPAGATE_FAILED(Kind.PROPAGATION, "--propagate: failed"),
    PROPAGATE_DEP_WAIT(Kind.PROPAGATION, "--propagate: dep-wait"),
    PROPAGATE_RELEASE(Kind.PROPAGATION, "--propagate: released");

    /** Who performs an action. */
    public enum Kind {
        /** A builder or an administrator, through the store's operation methods. */
        OPERATION,
        /** The archive merge, through {@link MergeSession#apply}. */
        MERGE,
        /** The store itself, in the other suites sharing a build. */
        PROPAGATION
    }

    private final Kind kind;
    private final String logName;

    Action(Kind kind, String logName) {
        this.kind = kind;
        this.logName = logName;
    }

    public Kind kind() {
        return kind;
    }

    /** The action as written to the transactions log, after wanna-build's. */
    public String logName() {
        return logName;
    }

    /** Actions that must come from the row's builder unless overridden (wanna-build's {@code builder => 1}). */
    public boolean requiresBuilder() {
        return switch (this) {
            case BUILT, ATTEMPTED, UPLOADED, FAILED, DEP_WAIT, GIVE_BACK -> true;
            default -> false;
        };
    }
}
