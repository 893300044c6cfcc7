package io.jenkins.plugins.debianbuildd.merge;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.debianbuildd.archive.SourcePackage;
import io.jenkins.plugins.debianbuildd.formats.Paragraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real dose-builddebcheck, run again only for what a change in the archive can affect. */
class IncrementalInstallabilityTest {
    @TempDir
    Path dir;

    private static final String BASE = """
            Package: build-essential
            Version: 12.9
            Architecture: amd64

            Package: libc6
            Version: 2.36
            Architecture: amd64
            Essential: yes

            Package: libfoo-dev
            Version: 1.0-1
            Architecture: amd64
            Depends: libfoo1 (= 1.0-1)

            Package: libfoo1
            Version: 1.0-1
            Architecture: amd64

            Package: libdeep-dev
            Version: 1.0
            Architecture: amd64
            Depends: libdeep1

            Package: libdeep1
            Version: 1.0
            Architecture: amd64
            Depends: libgone (>= 3)

            Package: standalone-tool
            Version: 1.0
            Architecture: amd64
            """;

    private final FixtureArchive sources = new FixtureArchive()
            .source("uses-foo", "1.0", "any", "Build-Depends: libfoo-dev")
            .source("uses-deep", "1.0", "any", "Build-Depends: libdeep-dev")
            .source("uses-tool", "1.0", "any", "Build-Depends: standalone-tool");

    private IncrementalInstallability.Result check(String packages) throws Exception {
        Path file = dir.resolve("Packages");
        Files.writeString(file, packages);
        List<Installability.Candidate> candidates = new ArrayList<>();
        for (Paragraph p : sources.sources()) {
            candidates.add(new Installability.Candidate(SourcePackage.of(p), true, false));
        }
        return new IncrementalInstallability(dir.resolve("cache")).check("unstable", "amd64", file, candidates, Set.of(), dir);
    }

    @Test
    void onlyWhatAChangeCanReachIsCheckedAgain() throws Exception {
        IncrementalInstallability.Result first = check(BASE);
        assertThat(first.checkedByDose()).isEqualTo(3);
        assertThat(first.problems()).containsOnlyKeys("uses-deep");

        IncrementalInstallability.Result same = check(BASE);
        assertThat(same.checkedByDose()).isZero();
        assertThat(same.reused()).isEqualTo(3);
        assertThat(same.problems()).isEqualTo(first.problems());

        // A new version of libfoo1, deep in uses-foo's closure: only uses-foo is checked again.
        String fooBumped = BASE.replace("Depends: libfoo1 (= 1.0-1)", "Depends: libfoo1 (= 1.1-1)")
                .replace("Package: libfoo1\nVersion: 1.0-1", "Package: libfoo1\nVersion: 1.1-1");
        IncrementalInstallability.Result bumped = check(fooBumped);
        assertThat(bumped.checkedByDose()).isEqualTo(1);
        assertThat(bumped.problems()).containsOnlyKeys("uses-deep");

        // The missing libgone arrives: uses-deep is re-checked and becomes installable.
        String withGone = fooBumped + "\nPackage: libgone\nVersion: 3.0\nArchitecture: amd64\n";
        IncrementalInstallability.Result released = check(withGone);
        assertThat(released.checkedByDose()).isEqualTo(1);
        assertThat(released.problems()).isEmpty();

        // An unrelated new package reaches no candidate.
        IncrementalInstallability.Result unrelated = check(withGone + "\nPackage: unrelated\nVersion: 1\nArchitecture: all\n");
        assertThat(unrelated.checkedByDose()).isZero();

        // An Essential package changed: everything is checked again.
        IncrementalInstallability.Result essential = check(withGone.replace("Version: 2.36", "Version: 2.37")
                + "\nPackage: unrelated\nVersion: 1\nArchitecture: all\n");
        assertThat(essential.checkedByDose()).isEqualTo(3);
    }

    @Test
    void aVirtualPackageProvidedAnewReleasesItsDependents() throws Exception {
        String base = BASE.replace("Depends: libgone (>= 3)", "Depends: gone-virtual");
        assertThat(check(base).problems()).containsOnlyKeys("uses-deep");
        IncrementalInstallability.Result r = check(base + "\nPackage: provider\nVersion: 1\nArchitecture: amd64\nProvides: gone-virtual\n");
        assertThat(r.checkedByDose()).isEqualTo(1);
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void aDamagedCacheCostsOnlyAFullCheck() throws Exception {
        check(BASE);
        Path cache = dir.resolve("cache/unstable/amd64.installability.gz");
        Files.write(cache, new byte[] {1, 2, 3});
        IncrementalInstallability.Result r = check(BASE);
        assertThat(r.checkedByDose()).isEqualTo(3);
        assertThat(r.problems()).containsOnlyKeys("uses-deep");
    }
}
