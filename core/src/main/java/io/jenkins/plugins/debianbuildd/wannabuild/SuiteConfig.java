package io.jenkins.plugins.debianbuildd.wannabuild;

import io.jenkins.plugins.debianbuildd.formats.Names;
import java.util.List;
import java.util.Objects;

/**
 * A suite the store knows, with the architectures it is built for. Suites are rows of the database, not
 * code: {@link WannaBuildStore#configureSuite(SuiteConfig)} adds or changes one.
 *
 * @param name          the suite ({@code sid}, {@code bookworm-backports})
 * @param architectures the architectures built for this suite
 * @param buildDepCheck whether an installability check of build-dependencies runs for this suite
 *                      (wanna-build's {@code auto_dep_wait}): then give-back and binNMU put a package in
 *                      BD-Uninstallable until the next check; without it they go straight to Needs-Build
 * @param sharesBuilds  whether a version needed in this suite and in another suite that also shares builds
 *                      is built once (Install-Wait / Reupload-Wait), as wanna-build's multi-distribution
 *                      databases did
 */
public record SuiteConfig(String name, List<String> architectures, boolean buildDepCheck, boolean sharesBuilds) {

    public SuiteConfig {
        Names.checkSuiteName(name);
        architectures = List.copyOf(architectures);
        for (String a : architectures) {
            Names.checkArchitectureName(a);
        }
        if (architectures.stream().distinct().count() != architectures.size()) {
            throw new IllegalArgumentException("suite " + name + ": architecture listed twice: " + architectures);
        }
    }

    /** A suite with an installability check and no build sharing. */
    public static SuiteConfig of(String name, String... architectures) {
        return new SuiteConfig(name, List.of(architectures), true, false);
    }

    public SuiteConfig withBuildDepCheck(boolean v) {
        return new SuiteConfig(name, architectures, v, sharesBuilds);
    }

    public SuiteConfig withSharesBuilds(boolean v) {
        return new SuiteConfig(name, architectures, buildDepCheck, v);
    }

    public SuiteConfig withArchitectures(String... archs) {
        return new SuiteConfig(name, List.of(archs), buildDepCheck, sharesBuilds);
    }

    public boolean hasArchitecture(String arch) {
        return architectures.contains(Objects.requireNonNull(arch));
    }

    /** Where give-back and binNMU send a package: BD-Uninstallable with a check, Needs-Build without. */
    public State waitingState() {
        return buildDepCheck ? State.BD_UNINSTALLABLE : State.NEEDS_BUILD;
    }
}
