package io.jenkins.plugins.debianbuildd.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.debianbuildd.relation.RelationList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The analyzer on logs captured from real sbuild and pbuilder builds: sections, error lines, diagnosis. */
class BuildLogFixturesTest {
    private static final List<String> SBUILD_SECTIONS_OK = List.of("Update chroot", "Fetch source files",
            "Install package build dependencies", "Check architectures", "Build environment", "Build", "Changes", "Buildinfo",
            "Package contents", "Post Build", "Cleanup", "Summary");
    private static final List<String> PBUILDER_PHASES = List.of("Building the build Environment", "Copying source file",
            "Extracting source", "Installing the build-deps", "Building the package", "cleaning the build env");

    /** The log's lines as builders and buildlog-consultant count them: split at '\n' only. */
    static List<String> lines(String fixture) throws IOException {
        String text = Files.readString(LogFixtures.path(fixture), StandardCharsets.UTF_8);
        List<String> out = new java.util.ArrayList<>(List.of(text.split("\n", -1)));
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    private static LogAnalysis analyze(String fixture) {
        return LogFiles.analyze(LogFixtures.path(fixture));
    }

    static Stream<String> allFixtures() {
        return Stream.concat(LogFixtures.SBUILD.stream(), LogFixtures.PBUILDER.stream());
    }

    @Test
    void successfulSbuildLogHasItsSectionsAndSummary() {
        LogAnalysis a = analyze("sbuild-hello");
        assertThat(a.format()).isEqualTo(LogFormat.SBUILD);
        assertThat(a.sectionTitles()).isEqualTo(SBUILD_SECTIONS_OK);
        LogSection install = a.topSections().get(2);
        assertThat(install.stage()).isEqualTo("install-deps");
        assertThat(install.startLine()).isLessThan(install.endLine());
        assertThat(a.sections()).anyMatch(s -> s.level() == 2 && s.title().equals("Unpack source"));
        assertThat(a.sections()).anyMatch(s -> s.level() == 2 && s.title().equals("dpkg-buildpackage"));
        assertThat(a.summary()).containsEntry("Status", "successful").containsEntry("Package", "dbt-hello")
                .containsKeys("Build-Time", "Build-Space");
        assertThat(a.errorCount()).isZero();
        assertThat(a.diagnosis().successful()).isTrue();
        assertThat(a.diagnosis().failureClass()).isEqualTo(FailureClass.NONE);
    }

    @Test
    void sectionsFollowEachOtherWithoutOverlap() {
        for (String f : LogFixtures.SBUILD) {
            List<LogSection> top = analyze(f).topSections();
            for (int i = 1; i < top.size(); i++) {
                assertThat(top.get(i).startLine()).as(f).isGreaterThan(top.get(i - 1).endLine());
            }
        }
    }

    @Test
    void pbuilderLogHasItsPhases() {
        LogAnalysis a = analyze("pbuilder-hello");
        assertThat(a.format()).isEqualTo(LogFormat.PBUILDER);
        assertThat(a.sectionTitles()).isEqualTo(PBUILDER_PHASES);
        assertThat(a.topSections()).extracting(LogSection::stage)
                .containsExactly("create-session", "fetch-src", "unpack", "install-deps", "build", "cleanup");
        assertThat(a.diagnosis().status()).isEqualTo("successful");
        assertThat(a.warningCount()).isPositive(); // pbuilder's W: lines
    }

    @ParameterizedTest
    @MethodSource("compileErrors")
    void compileErrorIsTheKeyLine(String fixture) {
        LogAnalysis a = analyze(fixture);
        Diagnosis d = a.diagnosis();
        assertThat(d.status()).isEqualTo("attempted");
        assertThat(d.stage()).isEqualTo("build");
        assertThat(d.failureClass()).isEqualTo(FailureClass.COMPILE_ERROR);
        assertThat(d.category()).isEqualTo(FailureCategory.MEDIUM);
        assertThat(d.keyLine().kind()).isEqualTo(FindingKind.COMPILER_ERROR);
        assertThat(d.keyLine().text()).startsWith("prog.c:6:9: error: expected ");
        assertThat(d.keyLine().file()).isEqualTo("prog.c");
        assertThat(d.keyLine().fileLine()).isEqualTo(6);
        assertThat(d.keyLine().section()).isIn("Build", "Building the package");
        assertThat(a.errors()).extracting(Finding::kind).contains(FindingKind.MAKE_ERROR, FindingKind.DH_ERROR,
                FindingKind.DPKG_ERROR);
        assertThat(a.errors()).anyMatch(f -> f.kind() == FindingKind.DH_ERROR && f.text().startsWith("dh_auto_build: error:"));
        assertThat(a.errors()).anyMatch(f -> f.kind() == FindingKind.DPKG_ERROR && f.text().startsWith("dpkg-buildpackage: error:"));
    }

    static Stream<String> compileErrors() {
        return Stream.of("sbuild-broken", "pbuilder-broken");
    }

    @ParameterizedTest
    @MethodSource("testFailures")
    void failedTestSuiteIsATestFailure(String fixture) {
        LogAnalysis a = analyze(fixture);
        Diagnosis d = a.diagnosis();
        assertThat(d.failureClass()).isEqualTo(FailureClass.TEST_FAILURE);
        assertThat(d.keyLine().text()).isEqualTo("make[1]: *** [Makefile:10: check] Error 1");
        assertThat(d.details()).contains("#   Failed test 'addition works'", "Result: FAIL");
        assertThat(d.message()).isEqualTo("test suite failed: #   Failed test 'addition works'");
        assertThat(a.count(FindingKind.TEST_FAILURE)).isEqualTo(4);
    }

    static Stream<String> testFailures() {
        return Stream.of("sbuild-failtest", "pbuilder-failtest");
    }

    @ParameterizedTest
    @MethodSource("uninstallable")
    void uninstallableBuildDependenciesAreExtracted(String fixture) {
        LogAnalysis a = analyze(fixture);
        Diagnosis d = a.diagnosis();
        assertThat(d.status()).isEqualTo("given-back");
        assertThat(d.stage()).isEqualTo("install-deps");
        assertThat(d.failureClass()).isEqualTo(FailureClass.UNSATISFIABLE_BUILD_DEPENDENCIES);
        assertThat(d.missingDependencies()).isEqualTo(RelationList.parse("dbt-no-such-package (>= 1.0), debhelper (>= 99)"));
        assertThat(d.keyLine().text()).contains("Depends: dbt-no-such-package (>= 1.0) but it is not installable");
        assertThat(d.message()).isEqualTo("unsatisfiable build-dependencies: dbt-no-such-package (>= 1.0), debhelper (>= 99)");
    }

    static Stream<String> uninstallable() {
        return Stream.of("sbuild-uninst", "pbuilder-uninst");
    }

    @Test
    void doseExplanationIsReadToo() {
        // sbuild's dose3 explainer names the unsatisfiable dependency of the dummy package.
        LogAnalysis a = analyze("sbuild-uninst");
        assertThat(a.errors()).anyMatch(f -> f.kind() == FindingKind.UNSATISFIABLE_DEPENDENCY
                && f.text().strip().equals("unsat-dependency: dbt-no-such-package:amd64 (>= 1.0)"));
    }

    @ParameterizedTest
    @MethodSource("stopped")
    void stoppedBuildsSayHow(String fixture) {
        Diagnosis d = analyze(fixture).diagnosis();
        assertThat(d.stage()).isEqualTo("build");
        if (fixture.endsWith("timeout")) {
            assertThat(d.failureClass()).isEqualTo(FailureClass.TIMEOUT);
            assertThat(d.message()).isEqualTo("timed out (stage build)");
        } else {
            assertThat(d.failureClass()).isEqualTo(FailureClass.CANCELLED);
            assertThat(d.message()).isEqualTo("cancelled (stage build)");
        }
        if (fixture.startsWith("sbuild")) {
            assertThat(d.keyLine().text()).isEqualTo("E: ABORT: Received TERM signal (requesting cleanup and shutdown)");
        } else {
            assertThat(d.keyLine().text()).startsWith("E: debian-buildd: build ");
        }
    }

    static Stream<String> stopped() {
        return Stream.of("sbuild-timeout", "sbuild-cancel", "pbuilder-timeout", "pbuilder-cancel");
    }

    @ParameterizedTest
    @MethodSource("allFixtures")
    void liveAnalysisLineByLineEqualsFileAnalysis(String fixture) throws IOException {
        BuildLogAnalyzer live = new BuildLogAnalyzer();
        for (String line : lines(fixture)) {
            live.accept(line);
        }
        assertThat(live.finish()).isEqualTo(analyze(fixture));
    }

    @ParameterizedTest
    @MethodSource("allFixtures")
    void everyErrorLineIsAnnotatedAsAnError(String fixture) throws IOException {
        BuildLogAnalyzer live = new BuildLogAnalyzer();
        List<String> lines = lines(fixture);
        LineKind[] kinds = new LineKind[lines.size() + 1];
        for (int i = 0; i < lines.size(); i++) {
            kinds[i + 1] = live.accept(lines.get(i));
        }
        LogAnalysis a = live.finish();
        for (Finding f : a.errors()) {
            assertThat(kinds[(int) f.line()]).as(f.toString()).isEqualTo(LineKind.ERROR);
        }
        for (LogSection s : a.topSections()) {
            assertThat(kinds[(int) s.startLine()]).as(s.toString()).isEqualTo(LineKind.SECTION);
        }
    }
}
