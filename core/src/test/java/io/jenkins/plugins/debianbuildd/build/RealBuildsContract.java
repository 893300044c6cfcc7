package io.jenkins.plugins.debianbuildd.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.debianbuildd.chroot.BuilderKind;
import io.jenkins.plugins.debianbuildd.exec.Command;
import io.jenkins.plugins.debianbuildd.exec.LocalExec;
import io.jenkins.plugins.debianbuildd.log.FailureCategory;
import io.jenkins.plugins.debianbuildd.log.FailureClass;
import io.jenkins.plugins.debianbuildd.log.FindingKind;
import io.jenkins.plugins.debianbuildd.log.LineKind;
import io.jenkins.plugins.debianbuildd.log.LogFiles;
import io.jenkins.plugins.debianbuildd.relation.RelationList;
import io.jenkins.plugins.debianbuildd.testsupport.RealBuilds;
import io.jenkins.plugins.debianbuildd.testsupport.TestChroots;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every builder must do with the test packages, asserted on real builds in real chroots (see
 * {@link RealBuilds}): the results gathered, the log written and streamed, and each outcome mapped to the
 * right wanna-build disposition. Subclasses name the builder.
 */
abstract class RealBuildsContract {
    abstract BuilderKind kind();

    private RealBuilds.Run run(String name) {
        return RealBuilds.get().run(kind(), name);
    }

    @Test
    void successfulBuildGathersItsResultsAndIsBuilt() throws IOException {
        RealBuilds.Run run = run("hello");
        BuildResult r = run.result();
        assertThat(r.status()).isEqualTo(BuildStatus.SUCCESSFUL);
        assertThat(r.exitCode()).isZero();
        assertThat(r.failStage()).isNull();
        String arch = TestChroots.architecture();
        assertThat(r.changes()).isRegularFile().hasFileName("dbt-hello_1.0_" + arch + ".changes");
        assertThat(r.binaries()).extracting(p -> p.getFileName().toString())
                .contains("dbt-hello_1.0_" + arch + ".deb", "dbt-hello-doc_1.0_all.deb");
        assertThat(r.buildinfo()).isRegularFile().hasFileName("dbt-hello_1.0_" + arch + ".buildinfo");
        // The package really holds the program that was built.
        Path deb = r.binaries().stream().filter(p -> p.getFileName().toString().startsWith("dbt-hello_")).findFirst().orElseThrow();
        String contents = LocalExec.run(Command.of("dpkg-deb", "--contents", deb.toString()), Duration.ofSeconds(30)).orThrow().stdout();
        assertThat(contents).contains("./usr/bin/dbt-hello");

        assertThat(r.logFile().getFileName().toString())
                .matches("dbt-hello_1\\.0_" + arch + "-\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\.build");
        assertThat(r.logTruncated()).isFalse();
        List<String> fileLines = Files.readAllLines(r.logFile(), StandardCharsets.UTF_8);
        assertThat(run.listenedLines()).as("the listener sees the log as written").isEqualTo(fileLines);
        assertThat(run.listenedKinds()).contains(LineKind.SECTION);
        assertThat(r.diagnosis().successful()).isTrue();
        assertThat(LogFiles.analyze(r.logFile()).diagnosis()).isEqualTo(r.diagnosis());
        assertThat(r.workDirectory().resolve("scratch")).doesNotExist();

        Disposition d = Dispositions.of(r);
        assertThat(d).isInstanceOf(Disposition.Built.class);
        assertThat(((Disposition.Built) d).changes()).isEqualTo(r.changes());
    }

    @Test
    void compileErrorIsAttemptedWithTheCompilerLine() {
        BuildResult r = run("broken").result();
        assertThat(r.status()).isEqualTo(BuildStatus.ATTEMPTED);
        assertThat(r.failStage()).isEqualTo("build");
        assertThat(r.changes()).isNull();
        assertThat(r.diagnosis().failureClass()).isEqualTo(FailureClass.COMPILE_ERROR);
        assertThat(r.diagnosis().keyLine().kind()).isEqualTo(FindingKind.COMPILER_ERROR);
        assertThat(r.diagnosis().keyLine().file()).isEqualTo("prog.c");
        assertThat(r.diagnosis().keyLine().fileLine()).isEqualTo(6);

        Disposition d = Dispositions.of(r);
        assertThat(d).isInstanceOf(Disposition.BuildAttempted.class);
        assertThat(d.message()).startsWith("prog.c:6:9: error: expected");
        assertThat(((Disposition.BuildAttempted) d).category()).isEqualTo(FailureCategory.MEDIUM);
    }

    @Test
    void failingTestSuiteIsAttemptedAsATestFailure() {
        BuildResult r = run("failtest").result();
        assertThat(r.status()).isEqualTo(BuildStatus.ATTEMPTED);
        assertThat(r.failStage()).isEqualTo("build");
        assertThat(r.diagnosis().failureClass()).isEqualTo(FailureClass.TEST_FAILURE);
        assertThat(r.diagnosis().details()).anyMatch(l -> l.contains("Failed test 'addition works'"));
        Disposition d = Dispositions.of(r);
        assertThat(d).isInstanceOf(Disposition.BuildAttempted.class);
        assertThat(d.message()).startsWith("test suite failed");
    }

    @Test
    void uninstallableBuildDependenciesAreADepWaitOnThem() {
        BuildResult r = run("uninst").result();
        assertThat(r.status()).isEqualTo(BuildStatus.GIVEN_BACK);
        assertThat(r.failStage()).isEqualTo("install-deps");
        Disposition d = Dispositions.of(r);
        assertThat(d).isInstanceOf(Disposition.DepWait.class);
        assertThat(((Disposition.DepWait) d).dependencies())
                .isEqualTo(RelationList.parse("dbt-no-such-package (>= 1.0), debhelper (>= 99)"));
    }

    @Test
    void buildDependencyPublishedByAnotherBuildIsFoundInTheExtraRepository() throws IOException {
        BuildResult lib = RealBuilds.get().result(RealBuilds.PUBLISHER, "libfoo");
        assertThat(lib.status()).isEqualTo(BuildStatus.SUCCESSFUL);
        assertThat(Dispositions.of(lib).kind()).isEqualTo(Disposition.Kind.BUILT);

        BuildResult r = run("usesfoo").result();
        assertThat(r.request().extraRepositories()).hasSize(1);
        assertThat(r.status()).as(r.diagnosis().message()).isEqualTo(BuildStatus.SUCCESSFUL);
        assertThat(Dispositions.of(r).kind()).isEqualTo(Disposition.Kind.BUILT);
        String log = Files.readString(r.logFile(), StandardCharsets.UTF_8);
        assertThat(log).contains("libdbt-foo-dev");
        assertThat(log).contains(r.request().extraRepositories().get(0).localPath().toString());
    }

    @Test
    void timedOutBuildIsAttemptedAndLeavesNothingRunning() throws IOException {
        RealBuilds.Run run = run("timeout");
        BuildResult r = run.result();
        assertThat(r.timedOut()).isTrue();
        assertThat(r.cancelled()).isFalse();
        Duration limit = RealBuilds.TIMEOUT.get(kind());
        assertThat(r.elapsed()).isBetween(limit, limit.plusSeconds(45));
        assertThat(run.leftoverProcesses()).as("processes of the build still running").isEmpty();
        assertThat(run.leftoverMounts()).as("mounts left in the work directory").isEmpty();
        assertThat(r.workDirectory().resolve("scratch")).doesNotExist();
        List<String> lines = Files.readAllLines(r.logFile(), StandardCharsets.UTF_8);
        assertThat(lines.get(lines.size() - 1)).startsWith("E: debian-buildd: build timed out after");
        assertThat(r.diagnosis().failureClass()).isEqualTo(FailureClass.TIMEOUT);

        Disposition d = Dispositions.of(r);
        assertThat(d).isInstanceOf(Disposition.BuildAttempted.class);
        assertThat(d.message()).startsWith("timed out");
    }

    @Test
    void cancelledBuildIsGivenBackAndLeavesNothingRunning() {
        RealBuilds.Run run = run("cancel");
        BuildResult r = run.result();
        assertThat(r.cancelled()).isTrue();
        assertThat(r.timedOut()).isFalse();
        assertThat(run.cancelToEnd()).as("time from cancel to the end of the build").isLessThan(Duration.ofSeconds(30));
        assertThat(run.leftoverProcesses()).as("processes of the build still running").isEmpty();
        assertThat(run.leftoverMounts()).as("mounts left in the work directory").isEmpty();
        assertThat(r.workDirectory().resolve("scratch")).doesNotExist();
        assertThat(r.diagnosis().failureClass()).isEqualTo(FailureClass.CANCELLED);
        Disposition d = Dispositions.of(r);
        assertThat(d).isInstanceOf(Disposition.GiveBack.class);
        assertThat(d.message()).startsWith("cancelled");
    }
}
