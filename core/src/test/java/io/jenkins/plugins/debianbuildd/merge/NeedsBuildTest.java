package io.jenkins.plugins.debianbuildd.merge;

import static io.jenkins.plugins.debianbuildd.merge.Classification.Kind.AUTO_NOT_FOR_US;
import static io.jenkins.plugins.debianbuildd.merge.Classification.Kind.INSTALLED;
import static io.jenkins.plugins.debianbuildd.merge.Classification.Kind.NOT_FOR_THIS_ARCH;
import static io.jenkins.plugins.debianbuildd.merge.Classification.Kind.NOT_FOR_US;
import static io.jenkins.plugins.debianbuildd.merge.Classification.Kind.OUT_OF_DATE;
import static io.jenkins.plugins.debianbuildd.merge.Classification.Kind.UNCOMPILED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.debianbuildd.formats.FormatException;
import io.jenkins.plugins.debianbuildd.relation.RelationList;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NeedsBuildTest {

    private static Map<String, Classification> classify(FixtureArchive a, String arch, String archAll, PackagesArchSpecific pas) {
        return NeedsBuild.classifyAll(NeedsBuild.sources(a.sources()), a.index(arch), archAll, pas);
    }

    @Test
    void uncompiledOutOfDateAndInstalled() {
        FixtureArchive a = new FixtureArchive()
                .source("new-pkg", "1.0-1", "any")
                .source("old-pkg", "2.0-1", "any")
                .binary("old-pkg", "1.0-1", "amd64", null)
                .source("same-pkg", "3.0-1", "any")
                .binary("libsame3", "3.0-1", "amd64", "same-pkg");
        Map<String, Classification> c = classify(a, "amd64", "amd64", PackagesArchSpecific.EMPTY);
        assertThat(c.get("new-pkg").kind()).isEqualTo(UNCOMPILED);
        assertThat(c.get("new-pkg").kind().note()).isEqualTo("uncompiled");
        assertThat(c.get("old-pkg").kind()).isEqualTo(OUT_OF_DATE);
        assertThat(c.get("old-pkg").installedVersion()).hasToString("1.0-1");
        assertThat(c.get("same-pkg").kind()).isEqualTo(INSTALLED);
    }

    @Test
    void binNmuBinariesCountForTheirSourceVersion() {
        FixtureArchive a = new FixtureArchive()
                .source("rusty", "1.2-3", "any")
                .binary("rusty", "1.2-3+b2", "amd64", "rusty (1.2-3)")
                .source("stale", "1.3-1", "any")
                .binary("stale", "1.2-3+b1", "amd64", "stale (1.2-3)");
        Map<String, Classification> c = classify(a, "amd64", "amd64", PackagesArchSpecific.EMPTY);
        assertThat(c.get("rusty").kind()).isEqualTo(INSTALLED);
        assertThat(c.get("stale").kind()).isEqualTo(OUT_OF_DATE);
        assertThat(c.get("stale").installedVersion()).hasToString("1.2-3");
    }

    @Test
    void architectureWildcardsDecideWhereASourceBuilds() {
        FixtureArchive a = new FixtureArchive()
                .source("linux-only", "1", "linux-any")
                .source("amd64-family", "1", "any-amd64")
                .source("arm-family", "1", "any-arm")
                .source("listed", "1", "amd64 arm64");
        Map<String, Classification> arm64 = classify(a, "arm64", "amd64", PackagesArchSpecific.EMPTY);
        assertThat(arm64.get("linux-only").kind()).isEqualTo(UNCOMPILED);
        assertThat(arm64.get("amd64-family").kind()).isEqualTo(NOT_FOR_THIS_ARCH);
        assertThat(arm64.get("arm-family").kind()).isEqualTo(NOT_FOR_THIS_ARCH);
        assertThat(arm64.get("listed").kind()).isEqualTo(UNCOMPILED);
        Map<String, Classification> armhf = classify(a, "armhf", "amd64", PackagesArchSpecific.EMPTY);
        assertThat(armhf.get("arm-family").kind()).isEqualTo(UNCOMPILED);
        assertThat(armhf.get("listed").kind()).isEqualTo(NOT_FOR_THIS_ARCH);
        assertThat(armhf.get("amd64-family").kind()).isEqualTo(NOT_FOR_THIS_ARCH);
    }

    @Test
    void archAllIsBuiltOnTheDesignatedArchitectureOnly() {
        FixtureArchive a = new FixtureArchive()
                .source("docs", "1.0", "all")
                .binary("docs", "1.0", "all", null)
                .source("newdocs", "2.0", "all")
                .binary("newdocs", "1.0", "all", null);
        Map<String, Classification> amd64 = classify(a, "amd64", "amd64", PackagesArchSpecific.EMPTY);
        assertThat(amd64.get("docs").kind()).isEqualTo(INSTALLED);
        assertThat(amd64.get("newdocs").kind()).isEqualTo(OUT_OF_DATE);
        Map<String, Classification> arm64 = classify(a, "arm64", "amd64", PackagesArchSpecific.EMPTY);
        assertThat(arm64.get("docs").kind()).isEqualTo(AUTO_NOT_FOR_US);
        assertThat(arm64.get("newdocs").kind()).isEqualTo(AUTO_NOT_FOR_US);
        assertThat(classify(a, "arm64", "arm64", PackagesArchSpecific.EMPTY).get("newdocs").kind()).isEqualTo(OUT_OF_DATE);
    }

    @Test
    void packageListNarrowsTheArchitectureField() {
        // Architecture says any+all, but every binary is arch:all: a source whose only binaries are arch:all.
        FixtureArchive a = new FixtureArchive()
                .source("only-all-binaries", "1.0", "any all", "Package-List:\n only-all-binaries-doc deb doc optional arch=all")
                .source("mixed", "1.0", "any all", "Package-List:\n mixed deb libs optional arch=any\n mixed-doc deb doc optional arch=all")
                .source("amd64-only-binary", "1.0", "any", "Package-List:\n fw deb misc optional arch=amd64");
        Map<String, Classification> arm64 = classify(a, "arm64", "amd64", PackagesArchSpecific.EMPTY);
        assertThat(arm64.get("only-all-binaries").kind()).isEqualTo(AUTO_NOT_FOR_US);
        assertThat(arm64.get("mixed").kind()).isEqualTo(UNCOMPILED);
        assertThat(arm64.get("amd64-only-binary").kind()).isEqualTo(NOT_FOR_THIS_ARCH);
    }

    @Test
    void packagesArchSpecificMarksNotForUs() {
        PackagesArchSpecific pas = PackagesArchSpecific.parse("""
                # a comment
                %grub-efi: amd64 i386 arm64   # only where EFI exists
                %broken-on-arm: !any-arm !arm64
                some-binary: !amd64
                """, "Packages-arch-specific");
        FixtureArchive a = new FixtureArchive()
                .source("grub-efi", "1", "any")
                .source("broken-on-arm", "1", "any")
                .source("some-binary", "1", "any");
        assertThat(classify(a, "armhf", "amd64", pas).get("grub-efi").kind()).isEqualTo(NOT_FOR_US);
        assertThat(classify(a, "arm64", "amd64", pas).get("grub-efi").kind()).isEqualTo(UNCOMPILED);
        assertThat(classify(a, "armhf", "amd64", pas).get("broken-on-arm").kind()).isEqualTo(NOT_FOR_US);
        assertThat(classify(a, "arm64", "amd64", pas).get("broken-on-arm").kind()).isEqualTo(NOT_FOR_US);
        assertThat(classify(a, "amd64", "amd64", pas).get("broken-on-arm").kind()).isEqualTo(UNCOMPILED);
        assertThat(classify(a, "amd64", "amd64", pas).get("some-binary").kind()).isEqualTo(UNCOMPILED);
        assertThatThrownBy(() -> PackagesArchSpecific.parse("%x: amd64 !i386\n", "P-a-s"))
                .isInstanceOf(FormatException.class).hasMessageContaining("P-a-s:1");
    }

    @Test
    void extraSourceOnlyStanzasAreIgnoredAndTheNewestVersionWins() {
        FixtureArchive a = new FixtureArchive()
                .source("gcc-12", "12.2.0-14", "any", "Extra-Source-Only: yes")
                .source("dup", "1.0-1", "any")
                .source("dup", "1.0-2", "any")
                .source("dup", "0.9-1", "any");
        Map<String, Classification> c = classify(a, "amd64", "amd64", PackagesArchSpecific.EMPTY);
        assertThat(c).doesNotContainKey("gcc-12");
        assertThat(c.get("dup").version()).hasToString("1.0-2");
    }

    @Test
    void dependenciesAreSatisfiedByVersionsAndProvides() {
        FixtureArchive a = new FixtureArchive()
                .binary("libfoo-dev", "2.0-1", "amd64", null)
                .binary("libbar-dev", "1.5-1", "amd64", null)
                .binary("mawk", "1.3.4-1", "amd64", null, "Provides: awk")
                .binary("python3-foo", "1.0", "all", null, "Provides: python3-foo-api (= 3)")
                .binary("arm-only", "1.0", "arm64", null);
        BinaryIndex idx = a.index("amd64");
        assertThat(idx.unsatisfied(RelationList.parse("libfoo-dev (>= 2.0), awk, python3-foo-api (>= 2)"))).isEqualTo(RelationList.EMPTY);
        assertThat(idx.unsatisfied(RelationList.parse("libfoo-dev (>= 2.1), libbar-dev (>= 1.0) | libbaz-dev, awk (>= 1), arm-only")))
                .hasToString("libfoo-dev (>= 2.1), awk (>= 1), arm-only");
        assertThat(idx.unsatisfied(RelationList.parse("libnothing-dev [arm64], libfoo-dev"))).isEqualTo(RelationList.EMPTY);
    }
}
