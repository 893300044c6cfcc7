package io.jenkins.plugins.debianbuildd.log;

/**
 * What a log line says. The role decides whether a line can be "the line that explains the failure":
 * a primary line states a cause (a compiler error, a full disk), a secondary line reports that a tool
 * failed (make, dh_*, dpkg-buildpackage), a detail line adds context (which test failed) without being
 * chosen itself, as Debian's buildlog-consultant does.
 */
public enum FindingKind {
    COMPILER_ERROR(Severity.ERROR, Role.PRIMARY),
    MISSING_HEADER(Severity.ERROR, Role.PRIMARY),
    INTERNAL_COMPILER_ERROR(Severity.ERROR, Role.PRIMARY),
    LINKER_ERROR(Severity.ERROR, Role.PRIMARY),
    /** A program, Perl/Python module or pkg-config module the build needs is not installed. */
    MISSING_BUILD_TOOL(Severity.ERROR, Role.PRIMARY),
    DISK_FULL(Severity.ERROR, Role.PRIMARY),
    SEGFAULT(Severity.ERROR, Role.PRIMARY),
    KILLED(Severity.ERROR, Role.PRIMARY),
    TIMEOUT(Severity.ERROR, Role.PRIMARY),
    CANCELLED(Severity.ERROR, Role.PRIMARY),
    DPKG_SOURCE_ERROR(Severity.ERROR, Role.PRIMARY),
    /** apt's "Depends: X but it is not installable", dose's "unsat-dependency: X". */
    UNSATISFIABLE_DEPENDENCY(Severity.ERROR, Role.PRIMARY),
    TEST_FAILURE(Severity.ERROR, Role.DETAIL),
    MAKE_ERROR(Severity.ERROR, Role.SECONDARY),
    DH_ERROR(Severity.ERROR, Role.SECONDARY),
    DPKG_ERROR(Severity.ERROR, Role.SECONDARY),
    /** ninja, CMake, meson, Maven reporting a failed step. */
    BUILD_TOOL_ERROR(Severity.ERROR, Role.SECONDARY),
    /** An {@code E:} line of sbuild, pbuilder or apt. */
    BUILDER_ERROR(Severity.ERROR, Role.SECONDARY),
    /** Any other line with {@code error:}; shown, never chosen as the explanation. */
    OTHER_ERROR(Severity.ERROR, Role.DETAIL),
    COMPILER_WARNING(Severity.WARNING, Role.DETAIL),
    /** dpkg-*, dh_*, sbuild/pbuilder ({@code W:}) and other warnings. */
    WARNING(Severity.WARNING, Role.DETAIL);

    /** See the class comment. */
    public enum Role {
        PRIMARY,
        SECONDARY,
        DETAIL
    }

    private final Severity severity;
    private final Role role;

    FindingKind(Severity severity, Role role) {
        this.severity = severity;
        this.role = role;
    }

    public Severity severity() {
        return severity;
    }

    public Role role() {
        return role;
    }
}
