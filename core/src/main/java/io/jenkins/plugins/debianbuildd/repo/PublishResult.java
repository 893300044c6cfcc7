package io.jenkins.plugins.debianbuildd.repo;

import io.jenkins.plugins.debianbuildd.version.DebianVersion;
import java.util.List;

/**
 * What a publish put into a distribution: what the daemon turns into wanna-build's {@code uploaded}
 * operation for each built architecture.
 *
 * @param codename the distribution
 * @param source the source package
 * @param sourceVersion its version (for a binNMU the version of the source, not of the binaries)
 * @param architectures the architectures published ({@code source}, {@code amd64}, {@code all}), from the upload
 * @param packages the repository entries of the published files, read back from the repository
 * @param alreadyPresent whether every file was already in the distribution, identical (a repeated publish)
 */
public record PublishResult(String codename, String source, DebianVersion sourceVersion, List<String> architectures,
                            List<PackageRecord> packages, boolean alreadyPresent) {
    public PublishResult {
        architectures = List.copyOf(architectures);
        packages = List.copyOf(packages);
    }

    /** The binary packages published (entries of arch:all packages once per index they appear in). */
    public List<PackageRecord> binaries() {
        return packages.stream().filter(p -> !p.isSource()).toList();
    }

    /** Whether the source package itself (.dsc) was part of the publish. */
    public boolean includesSource() {
        return architectures.contains("source");
    }
}
