package io.jenkins.plugins.debianbuildd.cli.wannabuild;

import java.util.Arrays;
import java.util.Optional;

/**
 * The names wanna-build's manual lists as aliases ("which save typing the operation option"): invoked under
 * one of them (a symlink to {@code bin/buildd}), the command behaves as {@code wanna-build} with the
 * alias's option. The internal {@code merge-quinn} and {@code merge-packages} of the manual are not here:
 * quinn-diff merges are replaced by {@code --merge-v3}.
 */
public enum Alias {
    UPLOADED_BUILD("uploaded-build", Mode.UPLOADED, null),
    FAILED_BUILD("failed-build", Mode.FAILED, null),
    GIVE_BACK_BUILD("give-back-build", Mode.GIVE_BACK, null),
    DEP_WAIT_BUILD("dep-wait-build", Mode.DEP_WAIT, null),
    FORGET_BUILD("forget-build", Mode.FORGET, null),
    NO_BUILD("no-build", Mode.NO_BUILD, null),
    BUILD_INFO("build-info", Mode.INFO, null),
    LIST_NEEDS_BUILD("list-needs-build", Mode.LIST, "needs-build"),
    LIST_BUILDING("list-building", Mode.LIST, "building"),
    LIST_UPLOADED("list-uploaded", Mode.LIST, "uploaded"),
    LIST_INSTALLED("list-installed", Mode.LIST, "installed"),
    LIST_FAILED("list-failed", Mode.LIST, "failed"),
    LIST_DEP_WAIT("list-dep-wait", Mode.LIST, "dep-wait"),
    LIST_NOT_FOR_US("list-not-for-us", Mode.LIST, "not-for-us"),
    LIST_ALL("list-all", Mode.LIST, "all");

    /** The command's own name; invoked under it, nothing is implied ({@code --take} is the default). */
    public static final String WANNA_BUILD = "wanna-build";

    private final String commandName;
    private final Mode mode;
    private final String listState;

    Alias(String commandName, Mode mode, String listState) {
        this.commandName = commandName;
        this.mode = mode;
        this.listState = listState;
    }

    /** The name the command is invoked under ({@code list-needs-build}). */
    public String commandName() {
        return commandName;
    }

    /** The operation the name implies. */
    public Mode mode() {
        return mode;
    }

    /** For the list aliases, the state listed ({@code needs-build}, {@code all}); null otherwise. */
    public String listState() {
        return listState;
    }

    /** The command line it stands for, as the manual's table writes it: {@code wanna-build --list=needs-build}. */
    public String effectiveCommandLine() {
        return WANNA_BUILD + " " + (listState != null ? "--list=" + listState : mode.option());
    }

    /** The alias called {@code name} (a bare program name, no directory). */
    public static Optional<Alias> named(String name) {
        return Arrays.stream(values()).filter(a -> a.commandName.equals(name)).findFirst();
    }

    /** Whether {@code name} is {@code wanna-build} or one of its aliases: the launcher runs the wanna-build command then. */
    public static boolean isWannaBuildName(String name) {
        return WANNA_BUILD.equals(name) || named(name).isPresent();
    }
}
