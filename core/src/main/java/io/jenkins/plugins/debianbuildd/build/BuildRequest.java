package io.jenkins.plugins.debianbuildd.build;

import io.jenkins.plugins.debianbuildd.chroot.AptSource;
import io.jenkins.plugins.debianbuildd.formats.Names;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One build, as wanna-build hands it to a buildd: which source, for which suite and architecture,
 * whether to build the architecture-independent packages too, a binNMU, extra repositories to build
 * against, build profiles, DEB_BUILD_OPTIONS, and the time it may take.
 *
 * @param source the source package
 * @param suite the suite built for (the chroot's)
 * @param hostArchitecture the architecture the packages are built for
 * @param buildArchitecture the architecture of the chroot doing the build (differs for a cross build)
 * @param archAny build the architecture-dependent packages
 * @param archAll build the {@code Architecture: all} packages (one buildd per suite does)
 * @param binNmu a binNMU, or null
 * @param extraRepositories repositories added to the chroot's apt sources for this build
 * @param profiles build profiles ({@code nocheck}, {@code nodoc}, ...)
 * @param buildOptions DEB_BUILD_OPTIONS ({@code parallel=2 nocheck}), or empty
 * @param timeout how long the build may take, chroot setup included
 */
public record BuildRequest(SourceRef source, String suite, String hostArchitecture, String buildArchitecture,
                           boolean archAny, boolean archAll, BinNmu binNmu, List<AptSource> extraRepositories,
                           Set<String> profiles, String buildOptions, Duration timeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(3);
    private static final Pattern PROFILE = Pattern.compile("[a-z0-9][a-z0-9.+-]*");
    private static final Pattern BUILD_OPTIONS = Pattern.compile("[A-Za-z0-9=_.,+:-]+( [A-Za-z0-9=_.,+:-]+)*|");

    public BuildRequest {
        Objects.requireNonNull(source, "source");
        Names.checkSuiteName(suite);
        Names.checkArchitectureName(hostArchitecture);
        Names.checkArchitectureName(buildArchitecture);
        if (!archAny && !archAll) {
            throw new IllegalArgumentException("a build must build architecture-dependent or -independent packages (or both)");
        }
        if (binNmu != null && archAll) {
            throw new IllegalArgumentException("a binNMU rebuilds architecture-dependent packages only; do not ask for arch:all");
        }
        extraRepositories = List.copyOf(extraRepositories);
        profiles = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(profiles));
        for (String p : profiles) {
            if (!PROFILE.matcher(p).matches()) {
                throw new IllegalArgumentException("invalid build profile '" + p + "'");
            }
        }
        buildOptions = buildOptions == null ? "" : buildOptions.strip();
        if (!BUILD_OPTIONS.matcher(buildOptions).matches()) {
            throw new IllegalArgumentException("invalid DEB_BUILD_OPTIONS '" + buildOptions + "'");
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /** A native build of a .dsc: architecture-dependent packages only, no extras, the default time limit. */
    public static BuildRequest of(Path dsc, String suite, String architecture) {
        return of(SourceRef.dsc(dsc), suite, architecture);
    }

    /** A native build of {@code source_version} fetched from the chroot's mirror (sbuild). */
    public static BuildRequest ofArchive(String source, String version, String suite, String architecture) {
        return of(SourceRef.archive(source, version), suite, architecture);
    }

    public static BuildRequest of(SourceRef source, String suite, String architecture) {
        return new BuildRequest(source, suite, architecture, architecture, true, false, null, List.of(), Set.of(), "",
                DEFAULT_TIMEOUT);
    }

    public BuildRequest withArchAll(boolean all) {
        return new BuildRequest(source, suite, hostArchitecture, buildArchitecture, archAny, all, binNmu, extraRepositories,
                profiles, buildOptions, timeout);
    }

    /** Only the {@code Architecture: all} packages (the arch-all buildd's job when arch-any is built elsewhere). */
    public BuildRequest archAllOnly() {
        return new BuildRequest(source, suite, hostArchitecture, buildArchitecture, false, true, binNmu, extraRepositories,
                profiles, buildOptions, timeout);
    }

    /** A cross build: packages for {@code host}, built in the chroot of {@code buildArchitecture}. */
    public BuildRequest withHost(String host) {
        return new BuildRequest(source, suite, host, buildArchitecture, archAny, archAll, binNmu, extraRepositories,
                profiles, buildOptions, timeout);
    }

    public BuildRequest withBinNmu(BinNmu nmu) {
        return new BuildRequest(source, suite, hostArchitecture, buildArchitecture, archAny, archAll, nmu, extraRepositories,
                profiles, buildOptions, timeout);
    }

    public BuildRequest withExtraRepository(AptSource repo) {
        List<AptSource> l = new ArrayList<>(extraRepositories);
        l.add(repo);
        return new BuildRequest(source, suite, hostArchitecture, buildArchitecture, archAny, archAll, binNmu, l,
                profiles, buildOptions, timeout);
    }

    public BuildRequest withProfiles(String... p) {
        return new BuildRequest(source, suite, hostArchitecture, buildArchitecture, archAny, archAll, binNmu,
                extraRepositories, new LinkedHashSet<>(List.of(p)), buildOptions, timeout);
    }

    public BuildRequest withBuildOptions(String options) {
        return new BuildRequest(source, suite, hostArchitecture, buildArchitecture, archAny, archAll, binNmu,
                extraRepositories, profiles, options, timeout);
    }

    public BuildRequest withTimeout(Duration t) {
        return new BuildRequest(source, suite, hostArchitecture, buildArchitecture, archAny, archAll, binNmu,
                extraRepositories, profiles, buildOptions, t);
    }

    public boolean isCross() {
        return !hostArchitecture.equals(buildArchitecture);
    }

    /** The version the built packages get: the source version, plus {@code +bN} for a binNMU; no epoch. */
    public String binaryVersion() {
        String v = source.version().withoutEpoch();
        return binNmu == null ? v : v + "+b" + binNmu.number();
    }

    /** {@code source_version_arch}, how sbuild names a build's files and logs. */
    public String buildName() {
        return source.source() + "_" + binaryVersion() + "_" + hostArchitecture;
    }
}
