package io.jenkins.plugins.debianbuildd.wannabuild;

import io.jenkins.plugins.debianbuildd.version.DebianVersion;

/**
 * The values an archive-merge action brings along ({@link MergeSession#apply}): what the archive says about
 * the package. A null field leaves the row's value alone, except where the action's documentation says it
 * clears it ({@link Action#MERGE_INSTALLED} takes the binNMU number of the archive's binaries, 0 for none).
 *
 * <p>Immutable; the {@code with} methods return a copy: {@code Fields.version(v).section("libs").notes("uncompiled")}.
 *
 * @param version          the source version in the archive
 * @param section          the section
 * @param priority         the priority
 * @param notes            uncompiled, out-of-date, partial, related, packages-arch-specific, ...
 * @param installedVersion the version of the binaries in the archive (with {@code +bN})
 * @param binNmuVersion    the binNMU number of those binaries (or to schedule with the new version)
 * @param bdProblem        why the build-dependencies are not installable
 * @param depends          the packages to wait for (Depends syntax)
 * @param message          a free text for the transactions log
 */
public record Fields(
        DebianVersion version,
        String section,
        String priority,
        String notes,
        DebianVersion installedVersion,
        Integer binNmuVersion,
        String bdProblem,
        String depends,
        String message) {

    private static final Fields NONE = new Fields(null, null, null, null, null, null, null, null, null);

    public static Fields none() {
        return NONE;
    }

    public static Fields version(DebianVersion v) {
        return NONE.withVersion(v);
    }

    public static Fields version(String v) {
        return NONE.withVersion(DebianVersion.parse(v));
    }

    public Fields withVersion(DebianVersion v) {
        return new Fields(v, section, priority, notes, installedVersion, binNmuVersion, bdProblem, depends, message);
    }

    public Fields section(String v) {
        return new Fields(version, v, priority, notes, installedVersion, binNmuVersion, bdProblem, depends, message);
    }

    public Fields priority(String v) {
        return new Fields(version, section, v, notes, installedVersion, binNmuVersion, bdProblem, depends, message);
    }

    public Fields notes(String v) {
        return new Fields(version, section, priority, v, installedVersion, binNmuVersion, bdProblem, depends, message);
    }

    public Fields installedVersion(DebianVersion v) {
        return new Fields(version, section, priority, notes, v, binNmuVersion, bdProblem, depends, message);
    }

    public Fields binNmuVersion(Integer v) {
        return new Fields(version, section, priority, notes, installedVersion, v, bdProblem, depends, message);
    }

    public Fields bdProblem(String v) {
        return new Fields(version, section, priority, notes, installedVersion, binNmuVersion, v, depends, message);
    }

    public Fields depends(String v) {
        return new Fields(version, section, priority, notes, installedVersion, binNmuVersion, bdProblem, v, message);
    }

    public Fields message(String v) {
        return new Fields(version, section, priority, notes, installedVersion, binNmuVersion, bdProblem, depends, v);
    }
}
