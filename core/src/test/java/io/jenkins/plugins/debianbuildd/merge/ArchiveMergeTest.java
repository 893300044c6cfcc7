package io.jenkins.plugins.debianbuildd.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.debianbuildd.formats.FormatException;
import io.jenkins.plugins.debianbuildd.wannabuild.PackageRecord;
import io.jenkins.plugins.debianbuildd.wannabuild.State;
import io.jenkins.plugins.debianbuildd.wannabuild.StoreConfig;
import io.jenkins.plugins.debianbuildd.wannabuild.SuiteConfig;
import io.jenkins.plugins.debianbuildd.wannabuild.WannaBuildStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every rule of the archive merge on small archives written by the test, into a real (embedded) store,
 * with the real dose-builddebcheck deciding installability.
 */
class ArchiveMergeTest {
    @TempDir
    Path dir;
    WannaBuildStore store;
    ArchiveMerge merge;
    int round;

    /** What every fixture's binaries need to be buildable: build-essential and debhelper. */
    static final String BASE_PACKAGES = """
            Package: build-essential
            Version: 12.9
            Architecture: amd64

            Package: build-essential
            Version: 12.9
            Architecture: arm64

            Package: debhelper
            Version: 13.11
            Architecture: all
            """;

    @BeforeEach
    void open() {
        store = WannaBuildStore.open(StoreConfig.embedded(dir.resolve("db")));
        store.configureSuite(SuiteConfig.of("sid", "amd64", "arm64"));
        merge = new ArchiveMerge(store, dir.resolve("work"), "merge-test");
    }

    @AfterEach
    void close() {
        store.close();
    }

    private ArchiveMerge.Report run(FixtureArchive a, String arch) throws Exception {
        return run(a, arch, PackagesArchSpecific.EMPTY);
    }

    private ArchiveMerge.Report run(FixtureArchive a, String arch, PackagesArchSpecific pas) throws Exception {
        round++;
        Path sources = dir.resolve("Sources-" + round);
        Path packages = dir.resolve("Packages-" + arch + "-" + round);
        Path base = dir.resolve("base-" + round);
        Files.writeString(sources, a.sourcesText());
        Files.writeString(packages, a.packagesText());
        Files.writeString(base, BASE_PACKAGES);
        return merge.merge(ArchiveMerge.Input.of("sid", arch, "amd64", List.of(sources), List.of(packages))
                .withBuildAgainst(List.of(base)).withPackagesArchSpecific(pas));
    }

    private PackageRecord row(String arch, String name) {
        return store.get("sid", arch, name).orElseThrow(() -> new AssertionError("no row for " + name + " on " + arch));
    }

    private Optional<PackageRecord> maybe(String arch, String name) {
        return store.get("sid", arch, name);
    }

    @Test
    void uncompiledOutOfDateAndInstalledWithTheirNotes() throws Exception {
        FixtureArchive a = new FixtureArchive()
                .source("new-pkg", "1.0-1", "any", "Section: libs", "Priority: optional")
                .source("old-pkg", "2.0-1", "any")
                .binary("old-pkg", "1.0-1", "amd64", null)
                .source("same-pkg", "3.0-1", "any")
                .binary("libsame3", "3.0-1", "amd64", "same-pkg");
        run(a, "amd64");
        assertThat(row("amd64", "new-pkg").state()).isEqualTo(State.NEEDS_BUILD);
        assertThat(row("amd64", "new-pkg").notes()).isEqualTo("uncompiled");
        assertThat(row("amd64", "new-pkg").section()).isEqualTo("libs");
        assertThat(row("amd64", "old-pkg").state()).isEqualTo(State.NEEDS_BUILD);
        assertThat(row("amd64", "old-pkg").notes()).isEqualTo("out-of-date");
        assertThat(row("amd64", "same-pkg").state()).isEqualTo(State.INSTALLED);
    }

    @Test
    void architectureWildcardsAndArchAll() throws Exception {
        FixtureArchive a = new FixtureArchive()
                .source("linux-only", "1", "linux-any")
                .source("amd64-family", "1", "any-amd64")
                .source("docs", "1.0", "all")
                .source("both", "1.0", "any all");
        run(a, "amd64");
        run(a, "arm64");
        assertThat(row("arm64", "linux-only").state()).isEqualTo(State.NEEDS_BUILD);
        assertThat(row("amd64", "amd64-family").state()).isEqualTo(State.NEEDS_BUILD);
        assertThat(maybe("arm64", "amd64-family")).isEmpty();
        assertThat(row("amd64", "docs").state()).isEqualTo(State.NEEDS_BUILD);
        assertThat(row("arm64", "docs").state()).isEqualTo(State.AUTO_NOT_FOR_US);
        assertThat(row("arm64", "both").state()).isEqualTo(State.NEEDS_BUILD);
    }

    @Test
    void binNmuBinariesAreInstalled() throws Exception {
        FixtureArchive a = new FixtureArchive()
                .source("rusty", "1.2-3", "any")
                .binary("rusty", "1.2-3+b2", "amd64", "rusty (1.2-3)");
        run(a, "amd64");
        assertThat(row("amd64", "rusty").state()).isEqualTo(State.INSTALLED);
    }

    @Test
    void packagesArchSpecificIsNotForUs() throws Exception {
        FixtureArchive a = new FixtureArchive().source("grub-efi", "1", "any").source("plain", "1", "any");
        run(a, "arm64", PackagesArchSpecific.parse("%grub-efi: amd64 i386\n", "P-a-s"));
        assertThat(row("arm64", "grub-efi").state()).isEqualTo(State.NOT_FOR_US);
        assertThat(row("arm64", "plain").state()).isEqualTo(State.NEEDS_BUILD);
    }

    @Test
    void uploadedBecomesInstalledWhenItsBinariesShowUp() throws Exception {
        FixtureArchive before = new FixtureArchive().source("hello", "2.10-3", "any");
        run(before, "amd64");
        store.take("sid", "amd64", "hello", "buildd-a");
        store.built("sid", "amd64", "hello", "buildd-a");
        store.uploaded("sid", "amd64", "hello_2.10-3", "buildd-a");
        assertThat(row("amd64", "hello").state()).isEqualTo(State.UPLOADED);
        run(new FixtureArchive().source("hello", "2.10-3", "any").binary("hello", "2.10-3", "amd64", null), "amd64");
        assertThat(row("amd64", "hello").state()).isEqualTo(State.INSTALLED);
    }

    @Test
    void aNewVersionResetsFailuresKeepingOldFailed() throws Exception {
        run(new FixtureArchive().source("flaky", "1.0-1", "any"), "amd64");
        store.take("sid", "amd64", "flaky", "buildd-a");
        store.failed("sid", "amd64", "flaky", "buildd-a", "[compiler-error] error: 'x' undeclared");
        assertThat(row("amd64", "flaky").state()).isEqualTo(State.FAILED);

        run(new FixtureArchive().source("flaky", "1.0-2", "any"), "amd64");
        PackageRecord r = row("amd64", "flaky");
        assertThat(r.state()).isEqualTo(State.NEEDS_BUILD);
        assertThat(r.version()).hasToString("1.0-2");
        assertThat(r.oldFailed()).contains("error: 'x' undeclared");
        assertThat(r.failed()).isNull();
        assertThat(r.previousState()).isEqualTo(State.FAILED);
        // take warns, as wanna-build does.
        assertThat(String.join("\n", store.take("sid", "amd64", "flaky", "buildd-b").messages())).contains("Previous version failed!");
    }

    @Test
    void leavingAndComingBackKeepsFailuresAndDepWaits() throws Exception {
        FixtureArchive all = new FixtureArchive()
                .source("fails", "1.0", "any")
                .source("waits", "1.0", "any")
                .source("plain", "1.0", "any");
        run(all, "amd64");
        store.take("sid", "amd64", "fails", "buildd-a");
        store.failed("sid", "amd64", "fails", "buildd-a", "broken");
        store.take("sid", "amd64", "waits", "buildd-a");
        store.depWait("sid", "amd64", "waits", "buildd-a", "libneeded-dev (>= 2)");

        FixtureArchive gone = new FixtureArchive().source("other", "1", "any");
        run(gone, "amd64");
        assertThat(row("amd64", "fails").state()).isEqualTo(State.FAILED_REMOVED);
        assertThat(row("amd64", "waits").state()).isEqualTo(State.DEP_WAIT_REMOVED);
        assertThat(maybe("amd64", "plain")).isEmpty();

        run(all, "amd64");
        assertThat(row("amd64", "fails").state()).isEqualTo(State.FAILED);
        assertThat(row("amd64", "fails").failed()).contains("broken");
        assertThat(row("amd64", "waits").state()).isEqualTo(State.DEP_WAIT);
        assertThat(row("amd64", "waits").depends()).isEqualTo("libneeded-dev (>= 2)");
        assertThat(row("amd64", "plain").state()).isEqualTo(State.NEEDS_BUILD);
    }

    @Test
    void depWaitIsReleasedOnlyWhenTheVersionedDependencyIsThere() throws Exception {
        FixtureArchive a = new FixtureArchive().source("waits", "1.0", "any");
        run(a, "amd64");
        store.take("sid", "amd64", "waits", "buildd-a");
        store.depWait("sid", "amd64", "waits", "buildd-a", "libfoo-dev (>= 2.0), libbar-dev");

        run(new FixtureArchive().source("waits", "1.0", "any")
                .binary("libfoo-dev", "1.5", "amd64", "foo").binary("libbar-dev", "1", "amd64", "bar"), "amd64");
        PackageRecord still = row("amd64", "waits");
        assertThat(still.state()).isEqualTo(State.DEP_WAIT);
        assertThat(still.depends()).isEqualTo("libfoo-dev (>= 2.0)");

        run(new FixtureArchive().source("waits", "1.0", "any")
                .binary("libfoo-dev", "2.0", "amd64", "foo").binary("libbar-dev", "1", "amd64", "bar"), "amd64");
        assertThat(row("amd64", "waits").state()).isEqualTo(State.NEEDS_BUILD);
    }

    @Test
    void uninstallableBuildDependenciesAreRecordedAndReleased() throws Exception {
        FixtureArchive a = new FixtureArchive()
                .source("needs-missing", "1.0", "any", "Build-Depends: debhelper, libnowhere-dev (>= 3)")
                .source("fine", "1.0", "any", "Build-Depends: debhelper");
        ArchiveMerge.Report r = run(a, "amd64");
        assertThat(r.candidates()).isEqualTo(2);
        PackageRecord broken = row("amd64", "needs-missing");
        assertThat(broken.state()).isEqualTo(State.BD_UNINSTALLABLE);
        assertThat(broken.bdProblem()).contains("libnowhere-dev").contains(">= 3");
        assertThat(store.info("sid", "amd64", "needs-missing")).contains("libnowhere-dev");
        assertThat(row("amd64", "fine").state()).isEqualTo(State.NEEDS_BUILD);

        FixtureArchive fixed = new FixtureArchive()
                .source("needs-missing", "1.0", "any", "Build-Depends: debhelper, libnowhere-dev (>= 3)")
                .source("fine", "1.0", "any", "Build-Depends: debhelper")
                .binary("libnowhere-dev", "3.1", "amd64", "nowhere");
        ArchiveMerge.Report again = run(fixed, "amd64");
        assertThat(row("amd64", "needs-missing").state()).isEqualTo(State.NEEDS_BUILD);
        // Only the package whose build-dependency changed went through dose again.
        assertThat(again.checkedByDose()).isEqualTo(1);
    }

    @Test
    void aMissingDependencyThisSuiteWillBuildIsWaitedFor() throws Exception {
        FixtureArchive a = new FixtureArchive()
                .source("libgreet", "1.0", "any", "Binary: libgreet-dev", "Build-Depends: debhelper")
                .source("hello-greet", "1.0", "any", "Binary: hello-greet", "Build-Depends: debhelper, libgreet-dev (>= 1.0)");
        run(a, "amd64");
        PackageRecord waiting = row("amd64", "hello-greet");
        assertThat(waiting.state()).isEqualTo(State.DEP_WAIT);
        assertThat(waiting.depends()).isEqualTo("libgreet-dev (>= 1.0)");
        assertThat(row("amd64", "libgreet").state()).isEqualTo(State.NEEDS_BUILD);

        // libgreet is built and published: the dependency appears, hello-greet is released.
        run(new FixtureArchive()
                .source("libgreet", "1.0", "any", "Binary: libgreet-dev", "Build-Depends: debhelper")
                .source("hello-greet", "1.0", "any", "Binary: hello-greet", "Build-Depends: debhelper, libgreet-dev (>= 1.0)")
                .binary("libgreet-dev", "1.0", "amd64", "libgreet"), "amd64");
        assertThat(row("amd64", "libgreet").state()).isEqualTo(State.INSTALLED);
        assertThat(row("amd64", "hello-greet").state()).isEqualTo(State.NEEDS_BUILD);
    }

    @Test
    void theSameMergeTwiceChangesNothingTheSecondTime() throws Exception {
        FixtureArchive a = new FixtureArchive()
                .source("aa", "1", "any", "Build-Depends: debhelper")
                .source("bb", "1", "any", "Build-Depends: libmissing-dev")
                .source("cc", "1", "all")
                .binary("cc", "1", "all", null)
                .source("dd", "2", "any")
                .binary("dd", "1", "amd64", null);
        ArchiveMerge.Report first = run(a, "amd64");
        // Four new packages; bb takes two steps (new, then BD-Uninstallable).
        assertThat(first.changes()).isEqualTo(5);
        long log = store.transactionCount();
        ArchiveMerge.Report second = run(a, "amd64");
        assertThat(second.changes()).isZero();
        assertThat(second.checkedByDose()).isZero();
        assertThat(store.transactionCount()).isEqualTo(log);
        assertThat(second.summary().toString()).contains("0 changed");
    }

    @Test
    void aBadFileMidwayLeavesTheDatabaseAsItWas() throws Exception {
        run(new FixtureArchive().source("aa", "1", "any").source("bb", "1", "any"), "amd64");
        long log = store.transactionCount();
        List<PackageRecord> before = store.list(io.jenkins.plugins.debianbuildd.wannabuild.ListQuery.of("sid", "amd64", null));

        Path sources = dir.resolve("Sources-bad");
        Files.writeString(sources, "Package: aa\nVersion: 2\nArchitecture: any\n\nPackage: bb\nVersion: not-a-version\nArchitecture: any\n");
        Path packages = dir.resolve("Packages-empty");
        Files.writeString(packages, "");
        assertThatThrownBy(() -> merge.merge(ArchiveMerge.Input.of("sid", "amd64", "amd64", List.of(sources), List.of(packages))))
                .isInstanceOf(FormatException.class).hasMessageContaining("Sources-bad:6").hasMessageContaining("bb: invalid version");
        assertThat(store.transactionCount()).isEqualTo(log);
        assertThat(store.list(io.jenkins.plugins.debianbuildd.wannabuild.ListQuery.of("sid", "amd64", null))).isEqualTo(before);
    }

    @Test
    void anUnconfiguredSuiteOrArchitectureIsAClearError() {
        assertThatThrownBy(() -> merge.merge(ArchiveMerge.Input.of("stretch", "amd64", "amd64", List.of(dir), List.of())))
                .hasMessageContaining("suite 'stretch' is not configured");
        assertThatThrownBy(() -> merge.merge(ArchiveMerge.Input.of("sid", "s390x", "amd64", List.of(dir), List.of())))
                .hasMessageContaining("not built for s390x");
    }
}
