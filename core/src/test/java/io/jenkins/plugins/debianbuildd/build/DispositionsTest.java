package io.jenkins.plugins.debianbuildd.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.debianbuildd.chroot.BuilderKind;
import io.jenkins.plugins.debianbuildd.log.BuildLogAnalyzer;
import io.jenkins.plugins.debianbuildd.log.FailureCategory;
import io.jenkins.plugins.debianbuildd.log.LogAnalysis;
import io.jenkins.plugins.debianbuildd.log.LogFiles;
import io.jenkins.plugins.debianbuildd.relation.RelationList;
import io.jenkins.plugins.debianbuildd.version.DebianVersion;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every branch of the outcome-to-wanna-build mapping, on analyses of the real build logs (and of two
 * small sbuild logs for outcomes the real builds do not produce). The real builds' own dispositions are
 * asserted in {@link RealBuildsContract}.
 */
class DispositionsTest {
    private static final BuildRequest REQUEST = BuildRequest.of(new SourceRef.Dsc(Path.of("/srv/dbt-x_1.0.dsc"), "dbt-x",
            DebianVersion.parse("1.0")), "bookworm", "amd64").withTimeout(Duration.ofSeconds(75));
    private static final Path CHANGES = Path.of("/srv/work/result/dbt-x_1.0_amd64.changes");

    private static LogAnalysis fixture(String name) {
        try {
            return LogFiles.analyze(Path.of(DispositionsTest.class.getResource("/io/jenkins/plugins/debianbuildd/log/fixtures/"
                    + name + ".build").toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LogAnalysis log(String... lines) {
        BuildLogAnalyzer a = new BuildLogAnalyzer();
        for (String l : lines) {
            a.accept(l);
        }
        return a.finish();
    }

    private static BuildResult result(LogAnalysis a, BuildStatus status, int exit, boolean timedOut, boolean cancelled,
                                      String startError, Path changes) {
        String stage = status == BuildStatus.SUCCESSFUL ? null : a.diagnosis().stage();
        return new BuildResult(REQUEST, BuilderKind.SBUILD, status, stage, exit, timedOut, cancelled, startError,
                Path.of("/srv/work"), Path.of("/srv/work/x.build"), false, changes, List.of(), null, a, Instant.EPOCH,
                Duration.ofSeconds(30), 4242);
    }

    private static Disposition of(LogAnalysis a, BuildStatus status, int exit) {
        return Dispositions.of(result(a, status, exit, false, false, null, status == BuildStatus.SUCCESSFUL ? CHANGES : null));
    }

    @Test
    void successfulIsBuilt() {
        Disposition d = of(fixture("sbuild-hello"), BuildStatus.SUCCESSFUL, 0);
        assertThat(d).isEqualTo(new Disposition.Built(CHANGES, "built dbt-x_1.0_amd64"));
    }

    @Test
    void successWithoutChangesIsGivenBack() {
        Disposition d = Dispositions.of(result(fixture("sbuild-hello"), BuildStatus.SUCCESSFUL, 0, false, false, null, null));
        assertThat(d.kind()).isEqualTo(Disposition.Kind.GIVE_BACK);
        assertThat(d.message()).contains("no .changes");
    }

    @Test
    void attemptedCarriesTheDiagnosisAndCategory() {
        for (String f : List.of("sbuild-broken", "pbuilder-broken")) {
            Disposition d = of(fixture(f), BuildStatus.ATTEMPTED, 2);
            assertThat(d).isInstanceOf(Disposition.BuildAttempted.class);
            assertThat(d.message()).startsWith("prog.c:6:9: error: expected");
            assertThat(((Disposition.BuildAttempted) d).category()).isEqualTo(FailureCategory.MEDIUM);
        }
        Disposition tests = of(fixture("sbuild-failtest"), BuildStatus.ATTEMPTED, 2);
        assertThat(tests.message()).isEqualTo("test suite failed: #   Failed test 'addition works'");
    }

    @Test
    void givenBackForMissingDependenciesIsADepWait() {
        for (String f : List.of("sbuild-uninst", "pbuilder-uninst")) {
            Disposition d = of(fixture(f), BuildStatus.GIVEN_BACK, 3);
            assertThat(d).isEqualTo(new Disposition.DepWait(RelationList.parse("dbt-no-such-package (>= 1.0), debhelper (>= 99)"),
                    "unsatisfiable build-dependencies: dbt-no-such-package (>= 1.0), debhelper (>= 99)"));
        }
    }

    @Test
    void givenBackAtInstallDepsWithoutNamedDependenciesIsAGiveBack() {
        LogAnalysis a = log("sbuild (Debian sbuild) 0.85.0 (04 January 2023) on vm",
                "+------------------------------------------------------------------------------+",
                "| Install package build dependencies                                           |",
                "+------------------------------------------------------------------------------+",
                "E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)",
                "+------------------------------------------------------------------------------+",
                "| Summary                                                                      |",
                "+------------------------------------------------------------------------------+",
                "Fail-Stage: install-deps", "Status: given-back");
        Disposition d = of(a, BuildStatus.GIVEN_BACK, 3);
        assertThat(d).isEqualTo(new Disposition.GiveBack("given back at install-deps: "
                + "E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)"));
    }

    @Test
    void givenBackElsewhereIsAGiveBack() {
        LogAnalysis a = log("sbuild (Debian sbuild) 0.85.0 (04 January 2023) on vm",
                "+------------------------------------------------------------------------------+",
                "| Fetch source files                                                           |",
                "+------------------------------------------------------------------------------+",
                "E: Could not find dbt-x_1.0.dsc",
                "+------------------------------------------------------------------------------+",
                "| Summary                                                                      |",
                "+------------------------------------------------------------------------------+",
                "Fail-Stage: fetch-src", "Status: given-back");
        Disposition d = of(a, BuildStatus.GIVEN_BACK, 3);
        assertThat(d).isEqualTo(new Disposition.GiveBack("given back at fetch-src: E: Could not find dbt-x_1.0.dsc"));
    }

    @Test
    void builderFailuresAndFailuresToStartAreGivenBack() {
        Disposition failed = of(fixture("sbuild-broken"), BuildStatus.FAILED, 1);
        assertThat(failed.kind()).isEqualTo(Disposition.Kind.GIVE_BACK);
        assertThat(failed.message()).startsWith("sbuild failed (exit 1)");
        Disposition notStarted = Dispositions.of(result(log("E: debian-buildd: cannot start sbuild: no such executable in PATH"),
                BuildStatus.FAILED, -1, false, false, "cannot start sbuild: no such executable in PATH", null));
        assertThat(notStarted).isEqualTo(new Disposition.GiveBack("failed to start: cannot start sbuild: no such executable in PATH"));
    }

    @Test
    void timedOutIsAttemptedAndCancelledIsGivenBack() {
        for (String f : List.of("sbuild-timeout", "pbuilder-timeout")) {
            // sbuild writes "Status: attempted" when stopped; the time limit is what counts.
            Disposition d = Dispositions.of(result(fixture(f), BuildStatus.ATTEMPTED, 2, true, false, null, null));
            assertThat(d).isEqualTo(new Disposition.BuildAttempted("timed out (after 75 s, stage build)", FailureCategory.NONE));
        }
        for (String f : List.of("sbuild-cancel", "pbuilder-cancel")) {
            Disposition d = Dispositions.of(result(fixture(f), BuildStatus.FAILED, 143, false, true, null, null));
            assertThat(d).isEqualTo(new Disposition.GiveBack("cancelled: cancelled (stage build)"));
        }
    }

    @Test
    void skippedIsAttemptedForAHumanToLookAt() {
        Disposition d = of(fixture("sbuild-hello"), BuildStatus.SKIPPED, 0);
        assertThat(d.kind()).isEqualTo(Disposition.Kind.ATTEMPTED);
        assertThat(d.message()).startsWith("skipped: ");
    }

    @Test
    void everyOutcomeHasADisposition() {
        List<String> fixtures = List.of("sbuild-hello", "sbuild-broken", "sbuild-uninst", "sbuild-timeout", "sbuild-cancel",
                "pbuilder-hello", "pbuilder-failtest", "pbuilder-uninst");
        for (String f : fixtures) {
            LogAnalysis a = fixture(f);
            for (BuildStatus s : BuildStatus.values()) {
                for (int flags = 0; flags < 8; flags++) {
                    boolean timedOut = (flags & 1) != 0;
                    boolean cancelled = (flags & 2) != 0;
                    String startError = (flags & 4) != 0 ? "cannot start" : null;
                    Disposition d = Dispositions.of(result(a, s, 1, timedOut, cancelled, startError, (flags & 1) == 0 ? CHANGES : null));
                    assertThat(d.message()).isNotBlank();
                    if (startError != null) {
                        assertThat(d.kind()).isEqualTo(Disposition.Kind.GIVE_BACK);
                    } else if (timedOut) {
                        assertThat(d.kind()).isEqualTo(Disposition.Kind.ATTEMPTED);
                        assertThat(d.message()).startsWith("timed out");
                    } else if (cancelled) {
                        assertThat(d.kind()).isEqualTo(Disposition.Kind.GIVE_BACK);
                    } else if (d.kind() == Disposition.Kind.BUILT) {
                        assertThat(s).isEqualTo(BuildStatus.SUCCESSFUL);
                    }
                }
            }
        }
    }
}
