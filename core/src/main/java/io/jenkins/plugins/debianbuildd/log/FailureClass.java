package io.jenkins.plugins.debianbuildd.log;

/** What kind of failure a log shows, and the wanna-build category it suggests. */
public enum FailureClass {
    NONE(FailureCategory.NONE),
    COMPILE_ERROR(FailureCategory.MEDIUM),
    LINK_ERROR(FailureCategory.MEDIUM),
    TEST_FAILURE(FailureCategory.MEDIUM),
    /** make, dh_* or another build tool failed without a more specific cause in view. */
    BUILD_ERROR(FailureCategory.MEDIUM),
    /** The build used something that is not installed (a header, a program, a module): a missing Build-Depends. */
    MISSING_BUILD_DEPENDENCY(FailureCategory.EASY),
    /** dpkg-source could not unpack or rebuild the source. */
    SOURCE_ERROR(FailureCategory.EASY),
    /** A program crashed during the build. */
    SEGFAULT(FailureCategory.HARD),
    /** The compiler itself crashed or reported an internal error. */
    COMPILER_CRASH(FailureCategory.COMPILER_ERROR),
    /** Build-dependencies cannot be installed (sbuild's install-deps stage): dep-wait material. */
    UNSATISFIABLE_BUILD_DEPENDENCIES(FailureCategory.NONE),
    DISK_FULL(FailureCategory.NONE),
    KILLED(FailureCategory.NONE),
    TIMEOUT(FailureCategory.NONE),
    CANCELLED(FailureCategory.NONE),
    /** The builder failed before the build: chroot, source download, apt update. */
    BUILDER_FAILURE(FailureCategory.NONE),
    UNKNOWN(FailureCategory.NONE);

    private final FailureCategory category;

    FailureClass(FailureCategory category) {
        this.category = category;
    }

    /** The wanna-build category a buildd admin would most likely give such a failure. */
    public FailureCategory suggestedCategory() {
        return category;
    }
}
