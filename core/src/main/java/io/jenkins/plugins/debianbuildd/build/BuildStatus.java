package io.jenkins.plugins.debianbuildd.build;

import java.util.Locale;

/** How a build ended, in sbuild's words ({@code Status:} of its summary; exit codes 0, 1, 2, 3). */
public enum BuildStatus {
    SUCCESSFUL,
    /** The package failed to build: the package's problem (exit 2). */
    ATTEMPTED,
    /** The build could not be done here (dependencies, source download, chroot): retry later or elsewhere (exit 3). */
    GIVEN_BACK,
    /** The builder itself failed (exit 1, a signal, no result): a local problem. */
    FAILED,
    /** Not built: not for this architecture. */
    SKIPPED;

    /** sbuild's spelling: {@code successful}, {@code attempted}, {@code given-back}, ... */
    public String sbuildName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** sbuild's {@code Status:} word, or null when unknown. */
    public static BuildStatus fromSbuildName(String s) {
        if (s == null) {
            return null;
        }
        for (BuildStatus b : values()) {
            if (b.sbuildName().equals(s.strip())) {
                return b;
            }
        }
        return null;
    }

    /** sbuild's exit codes: 0 successful, 1 failed, 2 attempted, 3 given-back. */
    public static BuildStatus fromSbuildExit(int code) {
        return switch (code) {
            case 0 -> SUCCESSFUL;
            case 2 -> ATTEMPTED;
            case 3 -> GIVEN_BACK;
            default -> FAILED;
        };
    }
}
