package io.jenkins.plugins.debianbuildd.wannabuild;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The build state of one source package version for one (suite, architecture), with wanna-build's names.
 *
 * <p>{@link #toString()} gives the Debian name ({@code Needs-Build}), which is also what the database and
 * the text dump hold; {@link #parse(String)} reads it back, case-insensitively as {@code wanna-build
 * --list=needs-build} does.
 */
public enum State {
    /** A new version (or binNMU) waits for a builder. */
    NEEDS_BUILD("Needs-Build"),
    /** Taken by a builder. */
    BUILDING("Building"),
    /** Built successfully, not yet uploaded. */
    BUILT("Built"),
    /** The build failed; the builder has not decided yet whether it is a package bug. */
    BUILD_ATTEMPTED("Build-Attempted"),
    /** Binaries uploaded, waiting for the archive to install them. */
    UPLOADED("Uploaded"),
    /** Binaries in the archive are up to date. */
    INSTALLED("Installed"),
    /** Waiting for build-dependencies that are not available yet (the Depends list). */
    DEP_WAIT("Dep-Wait"),
    /** Build-dependencies are not installable (or not checked yet since the last give-back). */
    BD_UNINSTALLABLE("BD-Uninstallable"),
    /** The build failed because of the package; needs a new source version or a human. */
    FAILED("Failed"),
    /** Set by hand: this package is not to be built for this architecture. */
    NOT_FOR_US("Not-For-Us"),
    /** Set by the archive merge: the package has no binaries for this architecture. */
    AUTO_NOT_FOR_US("Auto-Not-For-Us"),
    /** Failed, and the source left the archive (kept for its history). */
    FAILED_REMOVED("Failed-Removed"),
    /** In Dep-Wait, and the source left the archive. */
    DEP_WAIT_REMOVED("Dep-Wait-Removed"),
    /** The same version is being built (or uploaded) for another suite: this suite waits for it. */
    INSTALL_WAIT("Install-Wait"),
    /** The same version is installed in another suite: its binaries are to be uploaded again for this one. */
    REUPLOAD_WAIT("Reupload-Wait");

    private static final Map<String, State> BY_NAME = Stream.of(values())
            .collect(Collectors.toUnmodifiableMap(s -> s.debianName.toLowerCase(Locale.ROOT), Function.identity()));

    private final String debianName;

    State(String debianName) {
        this.debianName = debianName;
    }

    /** The wanna-build name, e.g. {@code Needs-Build}. */
    public String debianName() {
        return debianName;
    }

    private static final Map<String, State> EXACT = Stream.of(values())
            .collect(Collectors.toUnmodifiableMap(State::debianName, Function.identity()));

    /**
     * Reads a wanna-build state name, ignoring case; the Java constant name ({@code NEEDS_BUILD}) is
     * accepted too.
     */
    public static State parse(String name) {
        State exact = name == null ? null : EXACT.get(name);
        if (exact != null) {
            return exact;
        }
        if (name != null) {
            String key = name.strip().toLowerCase(Locale.ROOT);
            State s = BY_NAME.get(key);
            if (s == null) {
                s = BY_NAME.get(key.replace('_', '-'));
            }
            if (s != null) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown state '" + name + "' (one of "
                + Stream.of(values()).map(State::debianName).collect(Collectors.joining(", ")) + ")");
    }

    /** Building, Built or Build-Attempted: a builder holds the package. */
    public boolean isTaken() {
        return this == BUILDING || this == BUILT || this == BUILD_ATTEMPTED;
    }

    /** Failed or Failed-Removed (wanna-build's {@code /^Failed/}). */
    public boolean isFailed() {
        return this == FAILED || this == FAILED_REMOVED;
    }

    @Override
    public String toString() {
        return debianName;
    }
}
