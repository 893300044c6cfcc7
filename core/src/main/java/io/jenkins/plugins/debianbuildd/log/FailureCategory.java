package io.jenkins.plugins.debianbuildd.log;

import java.util.Locale;

/** wanna-build's failure categories, as {@code wanna-build --failed-category} spells them. */
public enum FailureCategory {
    NONE,
    EASY,
    MEDIUM,
    HARD,
    COMPILER_ERROR,
    FIX_EXPECTED;

    /** The wanna-build spelling: {@code compiler-error}, {@code fix-expected}, {@code easy}, ... */
    public String wannaBuildName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static FailureCategory fromWannaBuildName(String name) {
        for (FailureCategory c : values()) {
            if (c.wannaBuildName().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown failure category '" + name + "'");
    }
}
