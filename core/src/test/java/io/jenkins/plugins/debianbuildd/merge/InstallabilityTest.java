package io.jenkins.plugins.debianbuildd.merge;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.debianbuildd.archive.SourcePackage;
import io.jenkins.plugins.debianbuildd.formats.Paragraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real dose-builddebcheck, on a small archive written by the test. */
class InstallabilityTest {
    @TempDir
    Path dir;

    private final FixtureArchive archive = new FixtureArchive()
            .binary("build-essential", "12.9", "amd64", null)
            .binary("libfoo-dev", "1.0-1", "amd64", null, "Depends: libfoo1 (= 1.0-1)")
            .binary("libfoo1", "1.0-1", "amd64", null)
            .binary("libdeep-dev", "1.0", "amd64", null, "Depends: libdeep1")
            .binary("libdeep1", "1.0", "amd64", null, "Depends: libgone (>= 3)")
            .binary("clash-a", "1.0", "amd64", null, "Conflicts: clash-b")
            .binary("clash-b", "1.0", "amd64", null)
            .binary("doc-tool", "1.0", "all", null)
            .source("fine", "1.0", "any", "Build-Depends: libfoo-dev (>= 1.0)")
            .source("too-old", "1.0", "any", "Build-Depends: libfoo-dev (>= 2.0)")
            .source("deep", "1.0", "any", "Build-Depends: libdeep-dev")
            .source("clash", "1.0", "any", "Build-Depends: clash-a, clash-b")
            .source("second-alternative", "1.0", "any", "Build-Depends: nonexistent | libfoo-dev")
            .source("arch-restricted", "1.0", "any", "Build-Depends: nonexistent [arm64], libfoo-dev [amd64]")
            .source("profile", "1.0", "any", "Build-Depends: nonexistent <!nocheck>")
            .source("indep", "1.0", "any all", "Build-Depends-Indep: missing-doc-tool", "Build-Depends-Arch: libfoo-dev");

    private Map<String, String> check(Set<String> profiles, boolean archAll) throws Exception {
        Path packages = dir.resolve("Packages");
        Files.writeString(packages, archive.packagesText());
        List<Installability.Candidate> candidates = new ArrayList<>();
        for (Paragraph p : archive.sources()) {
            candidates.add(new Installability.Candidate(SourcePackage.of(p), true, archAll));
        }
        return Installability.check(packages, candidates, "amd64", profiles, dir);
    }

    @Test
    void reportsWhatCannotBeInstalledWithDosesReason() throws Exception {
        Map<String, String> broken = check(Set.of(), false);
        assertThat(broken).containsOnlyKeys("too-old", "deep", "clash", "second-alternative", "profile");
        assertThat(broken.get("too-old")).isEqualTo("missing build-dependency: libfoo-dev:amd64 (>= 2.0)");
        assertThat(broken.get("deep")).isEqualTo("missing: libgone:amd64 (>= 3) (deep -> libdeep-dev -> libdeep1 1.0)");
        assertThat(broken.get("clash")).startsWith("conflict: clash-a 1.0 conflicts with clash-b 1.0");
        // sbuild installs only the first alternative, so the second one does not rescue it.
        assertThat(broken.get("second-alternative")).contains("nonexistent");
    }

    @Test
    void buildProfilesAndArchAllBuildsChangeTheAnswer() throws Exception {
        assertThat(check(Set.of("nocheck"), false)).doesNotContainKey("profile");
        Map<String, String> withIndep = check(Set.of("nocheck"), true);
        assertThat(withIndep).containsKey("indep");
        assertThat(withIndep.get("indep")).contains("missing-doc-tool");
    }
}
