package io.jenkins.plugins.debianbuildd.buildd;

import io.jenkins.plugins.debianbuildd.version.DebianVersion;
import io.jenkins.plugins.debianbuildd.wannabuild.PackageRecord;

/**
 * One package a builder took: what to build, for which suite and architecture, and the binNMU to make.
 *
 * @param binNmu the N of {@code +bN}, 0 for a normal build
 */
public record BuildJob(String suite, String arch, String packageName, DebianVersion version, int binNmu,
                       String binNmuChangelog) {

    public static BuildJob of(PackageRecord r) {
        return new BuildJob(r.suite(), r.arch(), r.packageName(), r.version(), r.binNmuVersion(), r.binNmuChangelog());
    }

    /** The version of the binaries: the source version, or {@code +bN} of it for a binNMU. */
    public DebianVersion builtVersion() {
        return binNmu > 0 ? version.withBinNmu(binNmu) : version;
    }

    /** wanna-build's package argument for this build: {@code name_version} (with {@code +bN}). */
    public String packageArg() {
        return packageName + "_" + builtVersion();
    }

    @Override
    public String toString() {
        return suite + "/" + arch + " " + packageName + "_" + builtVersion();
    }
}
