package io.jenkins.plugins.debianbuildd.cli.wannabuild;

import io.jenkins.plugins.debianbuildd.wannabuild.Action;

/** What one wanna-build invocation does: one operation on packages, a listing, or an administrative action. */
public enum Mode {
    TAKE("--take", Action.TAKE, "ok"),
    BUILT("--built", Action.BUILT, "registered as built"),
    ATTEMPTED("--attempted", Action.ATTEMPTED, "registered as attempted"),
    UPLOADED("--uploaded", Action.UPLOADED, "registered as uploaded"),
    FAILED("--failed", Action.FAILED, "registered as failed"),
    DEP_WAIT("--dep-wait", Action.DEP_WAIT, "registered as waiting for dependencies"),
    GIVE_BACK("--give-back", Action.GIVE_BACK, "given back"),
    NO_BUILD("--no-build", Action.NO_BUILD, "registered as unsuitable"),
    FORGET("--forget", Action.FORGET, "deleted from database"),
    BIN_NMU("--binNMU", Action.BIN_NMU, "registered for binNMU"),
    BUILD_PRIORITY("--build-priority", Action.BUILD_PRIORITY, "set to build priority"),
    PERM_BUILD_PRIORITY("--perm-build-priority", Action.PERM_BUILD_PRIORITY, "set to permanent build priority"),
    INFO("--info", null, null),
    LIST("--list", null, null),
    MERGE_V3("--merge-v3", null, null),
    EXPORT("--export", null, null),
    IMPORT("--import", null, null);

    private final String option;
    private final Action action;
    private final String verboseDone;

    Mode(String option, Action action, String verboseDone) {
        this.option = option;
        this.action = action;
        this.verboseDone = verboseDone;
    }

    /** The option that selects it. */
    public String option() {
        return option;
    }

    /** The store action of a package operation; null for the other modes. */
    public Action action() {
        return action;
    }

    /** Whether it changes the state of the packages named on the command line. */
    public boolean isOperation() {
        return action != null;
    }

    /** What {@code -v} prints after a package was changed ({@code hello: registered as uploaded}), as wanna-build does. */
    String verboseDone() {
        return verboseDone;
    }

    /** The name of the operation in the JSON output: {@code take}, {@code dep-wait}, {@code merge-v3}. */
    public String jsonName() {
        return option.substring(2);
    }
}
