package io.jenkins.plugins.debianbuildd.merge;

import io.jenkins.plugins.debianbuildd.formats.Deb822;
import io.jenkins.plugins.debianbuildd.formats.Paragraph;
import java.util.List;

/** Small Sources/Packages texts written by the merge tests, one rule at a time. */
final class FixtureArchive {
    private final StringBuilder sources = new StringBuilder();
    private final StringBuilder packages = new StringBuilder();

    FixtureArchive source(String name, String version, String architecture, String... extraFields) {
        sources.append("Package: ").append(name).append("\nVersion: ").append(version)
                .append("\nArchitecture: ").append(architecture).append('\n');
        for (String f : extraFields) {
            sources.append(f).append('\n');
        }
        sources.append('\n');
        return this;
    }

    FixtureArchive binary(String name, String version, String architecture, String source, String... extraFields) {
        packages.append("Package: ").append(name).append("\nVersion: ").append(version)
                .append("\nArchitecture: ").append(architecture).append('\n');
        if (source != null) {
            packages.append("Source: ").append(source).append('\n');
        }
        for (String f : extraFields) {
            packages.append(f).append('\n');
        }
        packages.append('\n');
        return this;
    }

    String sourcesText() {
        return sources.toString();
    }

    String packagesText() {
        return packages.toString();
    }

    List<Paragraph> sources() {
        return Deb822.parse(sources.toString(), "Sources");
    }

    BinaryIndex index(String arch) {
        BinaryIndex idx = new BinaryIndex(arch);
        for (Paragraph p : Deb822.parse(packages.toString(), "Packages-" + arch)) {
            idx.add(p);
        }
        return idx;
    }
}
