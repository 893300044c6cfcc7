package io.jenkins.plugins.debianbuildd.wannabuild;

import java.util.Locale;

/** The result of one build as recorded in the build history (sbuild's and wanna-build's pkg_history names). */
public enum BuildResult {
    SUCCESSFUL("successful"),
    ATTEMPTED("attempted"),
    FAILED("failed"),
    GIVEN_BACK("given-back"),
    SKIPPED("skipped");

    private final String debianName;

    BuildResult(String debianName) {
        this.debianName = debianName;
    }

    public String debianName() {
        return debianName;
    }

    public static BuildResult parse(String name) {
        if (name != null) {
            String key = name.strip().toLowerCase(Locale.ROOT);
            for (BuildResult r : values()) {
                if (r.debianName.equals(key) || r.name().equalsIgnoreCase(key)) {
                    return r;
                }
            }
        }
        throw new IllegalArgumentException("unknown build result '" + name
                + "' (successful, attempted, failed, given-back, skipped)");
    }

    @Override
    public String toString() {
        return debianName;
    }
}
