package io.jenkins.plugins.debianbuildd.wannabuild;

import io.jenkins.plugins.debianbuildd.version.DebianVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One row of the wanna-build database: the state of one source package for one (suite, architecture), with
 * wanna-build's columns.
 *
 * @param suite           the suite (wanna-build's distribution)
 * @param arch            the architecture
 * @param packageName     the source package
 * @param version         the source version that needs building (or was built); never a binNMU version
 * @param state           the build state
 * @param section         the archive section ({@code libs}, {@code contrib/net}), or null
 * @param priority        the archive priority ({@code optional}), or null
 * @param installedVersion the version of the binaries in the archive (with {@code +bN}), or null
 * @param previousState   the state before the last state change, or null
 * @param stateChange     when the state last changed
 * @param notes           the merge's notes: {@code uncompiled}, {@code out-of-date}, {@code partial}, ... or null
 * @param builder         the builder (or user) who holds or last held the package, or null
 * @param failed          the failure messages of this version, or null
 * @param oldFailed       failure messages of earlier versions, newest first, or null
 * @param failedCategory  the failure category, or null
 * @param binNmuVersion   the N of the binNMU to build ({@code +bN}), 0 when none
 * @param binNmuChangelog the changelog line of that binNMU, or null
 * @param depends         the Dep-Wait list (Depends syntax), or null
 * @param bdProblem       why the build-dependencies are not installable, or null
 * @param buildPri        the one-time build priority (0 when none)
 * @param permBuildPri    the permanent build priority (0 when none)
 * @param lastBuildTime   how long the last recorded build took (calprio input), or null
 * @param lastSuccessfulBuildTime how long the last successful build took (calprio input), or null
 */
public record PackageRecord(
        String suite,
        String arch,
        String packageName,
        DebianVersion version,
        State state,
        String section,
        String priority,
        DebianVersion installedVersion,
        State previousState,
        Instant stateChange,
        String notes,
        String builder,
        String failed,
        String oldFailed,
        FailedCategory failedCategory,
        int binNmuVersion,
        String binNmuChangelog,
        String depends,
        String bdProblem,
        int buildPri,
        int permBuildPri,
        Duration lastBuildTime,
        Duration lastSuccessfulBuildTime) {

    public PackageRecord {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(arch, "arch");
        Objects.requireNonNull(packageName, "packageName");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(stateChange, "stateChange");
        if (binNmuVersion < 0) {
            throw new IllegalArgumentException("binNMU version must not be negative: " + binNmuVersion);
        }
    }

    /** A new row, as the merge creates it. */
    public static Builder builder(String suite, String arch, String packageName, DebianVersion version, State state, Instant stateChange) {
        return new Builder(suite, arch, packageName, version, state, stateChange);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The version to build: {@link #version()} with {@code +bN} when a binNMU is scheduled. */
    public DebianVersion buildVersion() {
        return binNmuVersion > 0 ? version.withBinNmu(binNmuVersion) : version;
    }

    /** {@code hello_1.0-1} (wanna-build's {@code %p_%v}). */
    public String nameVersion() {
        return packageName + "_" + version;
    }

    /** Where this row lives, for messages: {@code hello_1.0-1 (sid/amd64)}. */
    public String where() {
        return nameVersion() + " (" + suite + "/" + arch + ")";
    }

    /** The build priority wanna-build lists as {@code bp{}}: one-time plus permanent. */
    public int totalBuildPri() {
        return buildPri + permBuildPri;
    }

    /** A mutable copy to derive a changed row from. */
    public static final class Builder {
        private String suite;
        private String arch;
        private String packageName;
        private DebianVersion version;
        private State state;
        private String section;
        private String priority;
        private DebianVersion installedVersion;
        private State previousState;
        private Instant stateChange;
        private String notes;
        private String builder;
        private String failed;
        private String oldFailed;
        private FailedCategory failedCategory;
        private int binNmuVersion;
        private String binNmuChangelog;
        private String depends;
        private String bdProblem;
        private int buildPri;
        private int permBuildPri;
        private Duration lastBuildTime;
        private Duration lastSuccessfulBuildTime;

        private Builder(String suite, String arch, String packageName, DebianVersion version, State state, Instant stateChange) {
            this.suite = suite;
            this.arch = arch;
            this.packageName = packageName;
            this.version = version;
            this.state = state;
            this.stateChange = stateChange;
        }

        private Builder(PackageRecord r) {
            suite = r.suite;
            arch = r.arch;
            packageName = r.packageName;
            version = r.version;
            state = r.state;
            section = r.section;
            priority = r.priority;
            installedVersion = r.installedVersion;
            previousState = r.previousState;
            stateChange = r.stateChange;
            notes = r.notes;
            builder = r.builder;
            failed = r.failed;
            oldFailed = r.oldFailed;
            failedCategory = r.failedCategory;
            binNmuVersion = r.binNmuVersion;
            binNmuChangelog = r.binNmuChangelog;
            depends = r.depends;
            bdProblem = r.bdProblem;
            buildPri = r.buildPri;
            permBuildPri = r.permBuildPri;
            lastBuildTime = r.lastBuildTime;
            lastSuccessfulBuildTime = r.lastSuccessfulBuildTime;
        }

        public State state() {
            return state;
        }

        public String failed() {
            return failed;
        }

        public Builder suite(String v) {
            suite = v;
            return this;
        }

        public Builder arch(String v) {
            arch = v;
            return this;
        }

        public Builder packageName(String v) {
            packageName = v;
            return this;
        }

        public Builder version(DebianVersion v) {
            version = v;
            return this;
        }

        public Builder state(State v) {
            state = v;
            return this;
        }

        public Builder section(String v) {
            section = v;
            return this;
        }

        public Builder priority(String v) {
            priority = v;
            return this;
        }

        public Builder installedVersion(DebianVersion v) {
            installedVersion = v;
            return this;
        }

        public Builder previousState(State v) {
            previousState = v;
            return this;
        }

        public Builder stateChange(Instant v) {
            stateChange = v;
            return this;
        }

        public Builder notes(String v) {
            notes = v;
            return this;
        }

        public Builder builder(String v) {
            builder = v;
            return this;
        }

        public Builder failed(String v) {
            failed = v;
            return this;
        }

        public Builder oldFailed(String v) {
            oldFailed = v;
            return this;
        }

        public Builder failedCategory(FailedCategory v) {
            failedCategory = v;
            return this;
        }

        public Builder binNmuVersion(int v) {
            binNmuVersion = v;
            return this;
        }

        public Builder binNmuChangelog(String v) {
            binNmuChangelog = v;
            return this;
        }

        public Builder depends(String v) {
            depends = v;
            return this;
        }

        public Builder bdProblem(String v) {
            bdProblem = v;
            return this;
        }

        public Builder buildPri(int v) {
            buildPri = v;
            return this;
        }

        public Builder permBuildPri(int v) {
            permBuildPri = v;
            return this;
        }

        public Builder lastBuildTime(Duration v) {
            lastBuildTime = v;
            return this;
        }

        public Builder lastSuccessfulBuildTime(Duration v) {
            lastSuccessfulBuildTime = v;
            return this;
        }

        public PackageRecord build() {
            return new PackageRecord(suite, arch, packageName, version, state, section, priority, installedVersion,
                    previousState, stateChange, notes, builder, failed, oldFailed, failedCategory, binNmuVersion,
                    binNmuChangelog, depends, bdProblem, buildPri, permBuildPri, lastBuildTime, lastSuccessfulBuildTime);
        }
    }
}
