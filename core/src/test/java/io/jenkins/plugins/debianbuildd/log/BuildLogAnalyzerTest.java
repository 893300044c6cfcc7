package io.jenkins.plugins.debianbuildd.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.debianbuildd.exec.LineSplitter;
import io.jenkins.plugins.debianbuildd.relation.RelationList;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The analyzer's patterns, on lines the real builds of the tests did not produce (other compilers'
 * failures, other test frameworks, crashes), placed in the Build section of a real sbuild log so that
 * the diagnosis is made as it would be on a real failure. The lines are written as the tools print them.
 */
class BuildLogAnalyzerTest {

    /** The real sbuild-broken log with its compiler error line replaced by {@code lines}. */
    private static LogAnalysis brokenWith(String... lines) throws IOException {
        List<String> out = new ArrayList<>();
        for (String l : BuildLogFixturesTest.lines("sbuild-broken")) {
            if (l.startsWith("prog.c:6:9: error:")) {
                out.addAll(List.of(lines));
            } else {
                out.add(l);
            }
        }
        BuildLogAnalyzer a = new BuildLogAnalyzer();
        out.forEach(a::accept);
        return a.finish();
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', value = {
        "foo.cc:12:3: error: 'bar' was not declared in this scope | COMPILER_ERROR | COMPILE_ERROR | medium",
        "src/x.c:4:10: fatal error: zlib.h: No such file or directory | MISSING_HEADER | MISSING_BUILD_DEPENDENCY | easy",
        "/usr/bin/ld: main.o: in function `main': undefined reference to `deflate' | LINKER_ERROR | LINK_ERROR | medium",
        "collect2: error: ld returned 1 exit status | LINKER_ERROR | LINK_ERROR | medium",
        "/usr/bin/ld: cannot find -lfoo: No such file or directory | LINKER_ERROR | LINK_ERROR | medium",
        "during RTL pass: expand; x.c:3:1: internal compiler error: Segmentation fault | INTERNAL_COMPILER_ERROR | COMPILER_CRASH | compiler-error",
        "cc: fatal error: Killed signal terminated program cc1 | KILLED | KILLED | none",
        "cp: error writing 'out/big.bin': No space left on device | DISK_FULL | DISK_FULL | none",
        "/bin/bash: line 1: 4242 Segmentation fault      ./generate-tables | SEGFAULT | SEGFAULT | hard",
        "/bin/sh: 1: help2man: not found | MISSING_BUILD_TOOL | MISSING_BUILD_DEPENDENCY | easy",
        "Can't locate Test/Deep.pm in @INC (you may need to install the Test::Deep module) (@INC contains: /etc/perl) at t/a.t line 3. | MISSING_BUILD_TOOL | MISSING_BUILD_DEPENDENCY | easy",
        "ModuleNotFoundError: No module named 'setuptools' | MISSING_BUILD_TOOL | MISSING_BUILD_DEPENDENCY | easy",
        "No package 'glib-2.0' found | MISSING_BUILD_TOOL | MISSING_BUILD_DEPENDENCY | easy",
        "error[E0425]: cannot find value `x` in this scope | COMPILER_ERROR | COMPILE_ERROR | medium",
        "Foo.java:12: error: cannot find symbol | COMPILER_ERROR | COMPILE_ERROR | medium",
        "dpkg-source: error: cannot represent change to foo.o: binary file contents changed | DPKG_SOURCE_ERROR | SOURCE_ERROR | easy",
    })
    void causeLinesExplainTheFailure(String line, FindingKind kind, FailureClass failureClass, String category) throws IOException {
        LogAnalysis a = brokenWith(line);
        Diagnosis d = a.diagnosis();
        assertThat(d.keyLine()).as(d.toString()).isNotNull();
        assertThat(d.keyLine().text()).isEqualTo(line);
        assertThat(d.keyLine().kind()).isEqualTo(kind);
        assertThat(d.failureClass()).isEqualTo(failureClass);
        assertThat(d.category().wannaBuildName()).isEqualTo(category);
        assertThat(d.message()).isEqualTo(line);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "FAIL: test_parse (tests.test_parser.ParserTest)",
        "FAILED tests/test_io.py::test_roundtrip - AssertionError: assert 1 == 2",
        "--- FAIL: TestRoundTrip (0.00s)",
        "not ok 3 - parses empty input",
        "The following tests FAILED:",
        "50% tests passed, 1 tests failed out of 2",
        "test result: FAILED. 41 passed; 1 failed; 0 ignored",
        "[ERROR] Tests run: 12, Failures: 1, Errors: 0, Skipped: 0",
        "# FAIL:  2",
        "Fail:              1",
    })
    void testFrameworkFailuresMakeATestFailure(String line) throws IOException {
        // A test line, then make reporting the failed check target, as dh_auto_test shows them.
        LogAnalysis a = brokenWith(line, "make[1]: *** [Makefile:10: check] Error 1");
        assertThat(a.errors()).anyMatch(f -> f.kind() == FindingKind.TEST_FAILURE && f.text().equals(line));
        Diagnosis d = a.diagnosis();
        assertThat(d.failureClass()).isEqualTo(FailureClass.TEST_FAILURE);
        assertThat(d.keyLine().text()).isEqualTo("make[1]: *** [Makefile:10: check] Error 1");
        assertThat(d.details()).contains(line.strip());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ok 1 - parses",
        "# FAIL:  0",
        "not ok 2 - frobnicates # TODO not yet",
        "Tests run: 5, Failures: 0, Errors: 0, Skipped: 0",
        "100% tests passed, 0 tests failed out of 7",
        "Fail:              0",
        "cc -Werror=format-security -o x x.c",
        "make[1]: Entering directory '/<<PKGBUILDDIR>>'",
        "dpkg-buildpackage: info: source package foo",
    })
    void passingLinesAreNotFindings(String line) {
        BuildLogAnalyzer a = new BuildLogAnalyzer();
        assertThat(a.accept(line)).isEqualTo(LineKind.PLAIN);
        assertThat(a.finish().errorCount()).isZero();
    }

    @Test
    void warningsAreCountedAndKeptWithTheirFile() {
        BuildLogAnalyzer a = new BuildLogAnalyzer();
        assertThat(a.accept("src/a.c:10:5: warning: unused variable 'x' [-Wunused-variable]")).isEqualTo(LineKind.WARNING);
        assertThat(a.accept("dpkg-shlibdeps: warning: package could avoid a useless dependency")).isEqualTo(LineKind.WARNING);
        assertThat(a.accept("W: cgroups are not available on the host, not using them.")).isEqualTo(LineKind.WARNING);
        LogAnalysis r = a.finish();
        assertThat(r.warningCount()).isEqualTo(3);
        assertThat(r.warnings().get(0).kind()).isEqualTo(FindingKind.COMPILER_WARNING);
        assertThat(r.warnings().get(0).file()).isEqualTo("src/a.c");
        assertThat(r.warnings().get(0).fileLine()).isEqualTo(10);
        assertThat(r.errorCount()).isZero();
    }

    @Test
    void theFirstCauseInTheTailWinsOverLaterOnes() throws IOException {
        LogAnalysis a = brokenWith("a.c:1:1: error: first", "b.c:2:2: error: second");
        assertThat(a.diagnosis().keyLine().text()).isEqualTo("a.c:1:1: error: first");
    }

    @Test
    void errorsLongBeforeTheEndOfTheBuildDoNotExplainIt() throws IOException {
        // An error a test suite printed on purpose, 300 lines before the real failure.
        List<String> lines = new ArrayList<>();
        lines.add("conftest.c:3:1: error: expected this in a configure check");
        for (int i = 0; i < 300; i++) {
            lines.add("checking for feature " + i + "... yes");
        }
        lines.add("make[1]: *** [Makefile:4: prog] Error 1");
        LogAnalysis a = brokenWith(lines.toArray(new String[0]));
        assertThat(a.diagnosis().keyLine().text()).startsWith("make[1]: *** [Makefile:4: prog] Error 1");
        assertThat(a.diagnosis().failureClass()).isEqualTo(FailureClass.BUILD_ERROR);
    }

    @Test
    void aptAlternativesAreNotTakenApartAndIndirectDependenciesAreNotDepWaits() throws IOException {
        List<String> out = new ArrayList<>();
        for (String l : BuildLogFixturesTest.lines("sbuild-uninst")) {
            if (l.contains(": Depends: dbt-no-such-package")) {
                out.add(" sbuild-build-depends-main-dummy : Depends: libfoo-dev but it is not installable or");
                out.add("                                            libbar-dev but it is not installable");
                out.add("                                   Depends: libqux-dev (>= 2) but it is not going to be installed");
                out.add(" libqux-dev : Depends: libqux2 (= 2.1) but it is not installable");
            } else if (l.contains("Depends: debhelper (>= 99)") || l.contains("unsat-dependency:")) {
                continue;
            } else {
                out.add(l);
            }
        }
        BuildLogAnalyzer a = new BuildLogAnalyzer();
        out.forEach(a::accept);
        Diagnosis d = a.finish().diagnosis();
        assertThat(d.failureClass()).isEqualTo(FailureClass.UNSATISFIABLE_BUILD_DEPENDENCIES);
        // Only direct, definite misses of the build's dummy package: not the alternatives apt splits over
        // lines, not "not going to be installed", not a dependency of a dependency.
        assertThat(d.missingDependencies()).isEqualTo(RelationList.EMPTY);
    }

    @Test
    void doseAlternativesAreKeptWhole() throws IOException {
        List<String> out = new ArrayList<>();
        for (String l : BuildLogFixturesTest.lines("sbuild-uninst")) {
            if (l.contains("unsat-dependency:")) {
                out.add("      unsat-dependency: libfoo-dev:amd64 (>= 2) | libfoo2-dev:amd64");
            } else if (!l.contains(" Depends: ")) {
                out.add(l);
            }
        }
        BuildLogAnalyzer a = new BuildLogAnalyzer();
        out.forEach(a::accept);
        assertThat(a.finish().diagnosis().missingDependencies()).isEqualTo(RelationList.parse("libfoo-dev (>= 2) | libfoo2-dev"));
    }

    @Test
    void coloursAndCarriageReturnsAreIgnored() {
        BuildLogAnalyzer a = new BuildLogAnalyzer();
        assertThat(a.accept("\u001b[0;31mE: pbuilder-satisfydepends failed.\u001b[0m")).isEqualTo(LineKind.ERROR);
        assertThat(a.accept("x.c:1:2: error: oops\r")).isEqualTo(LineKind.ERROR);
        LogAnalysis r = a.finish();
        assertThat(r.errors()).extracting(Finding::text).containsExactly("E: pbuilder-satisfydepends failed.", "x.c:1:2: error: oops");
    }

    @Test
    void memoryStaysBoundedOnEndlessErrors() {
        BuildLogAnalyzer a = new BuildLogAnalyzer();
        for (int i = 0; i < 50_000; i++) {
            a.accept("x.c:" + (i + 1) + ":1: error: again");
            a.accept("x.c:" + (i + 1) + ":1: warning: again");
        }
        LogAnalysis r = a.finish();
        assertThat(r.errorCount()).isEqualTo(50_000);
        assertThat(r.warningCount()).isEqualTo(50_000);
        assertThat(r.errors()).hasSize(BuildLogAnalyzer.MAX_KEPT);
        assertThat(r.warnings()).hasSize(BuildLogAnalyzer.MAX_KEPT);
    }

    // ---------------------------------------------------------------- the fast file path

    @Provide
    Arbitrary<List<String>> logs() throws IOException {
        List<String> real = new ArrayList<>();
        for (String f : LogFixtures.SBUILD) {
            real.addAll(BuildLogFixturesTest.lines(f));
        }
        for (String f : LogFixtures.PBUILDER) {
            real.addAll(BuildLogFixturesTest.lines(f));
        }
        Arbitrary<String> realLine = Arbitraries.of(real);
        Arbitrary<String> noise = Arbitraries.strings().withChars("abcdeEIWrro:-+|  \t\r\u001b[0mdéü‘’").ofMaxLength(40);
        Arbitrary<String> fragment = Arbitraries.of("error:", "warning:", "Killed", ": not found", "undefined reference to",
                "Segmentation fault", "No space left on device", "-", "--------", "Build finished at x", "| Build |",
                "+------------------------------------------------------------------------------+", "Status: attempted",
                "Fail-Stage: build", "make: *** [x] Error 2", "dh_auto_test: error: x", "I: Building the package",
                "FAIL: t", "not ok 1", "#   Failed test 'x'", "Result: FAIL", "Dubious, test returned 1", "test result: FAILED.",
                "[ERROR] Tests run: 1, Failures: 1", "[INFO] ok", "50% tests passed, 1 tests failed out of 2", "1/5 Test #1: ok",
                "In file included from x.c:1:", "error[E0001]: x", "E: x", "W: y", "ninja: build stopped: x", "make[2]: *** [x] Killed",
                "gmake: *** x", "Can't locate X.pm in @INC", "No package 'x' found", "Package 'x', required by 'y', not found",
                "CMake Error at x", "--- FAIL: T", "The following tests FAILED:", "Tests run: 3, Failures: 1", "Fail:   1",
                "dpkg-source: error: x", "dh: error: y", "/bin/sh: 1: x: not found", "Killed", "x Terminated", "FAILED: y.o",
                "test_x (m.C) ... ok", "dpkg-buildpackage: info: x", "ModuleNotFoundError: No module named 'x'");
        Arbitrary<String> mixed = Arbitraries.oneOf(realLine, realLine, realLine, noise, fragment,
                Arbitraries.strings().ofMaxLength(3).flatMap(a -> fragment.map(f -> a + f)));
        return mixed.list().ofMaxSize(400);
    }

    @Property(tries = 100)
    void fileAnalysisEqualsLineByLineAnalysis(@ForAll("logs") List<String> lines) throws IOException {
        String text = String.join("\n", lines) + (lines.isEmpty() ? "" : "\n");
        BuildLogAnalyzer live = new BuildLogAnalyzer();
        LineSplitter split = new LineSplitter(live::accept, 1 << 20);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        split.feed(bytes, 0, bytes.length);
        split.finish();
        LogAnalysis expected = live.finish();
        assertThat(LogFiles.analyze(new ByteArrayInputStream(bytes))).isEqualTo(expected);
    }

    @Property(tries = 100)
    void lineSplittingDoesNotDependOnHowTheStreamIsCut(@ForAll("logs") List<String> lines,
                                                      @ForAll("cuts") List<Integer> cuts) {
        byte[] bytes = (String.join("\n", lines)).getBytes(StandardCharsets.UTF_8);
        List<String> whole = new ArrayList<>();
        LineSplitter a = new LineSplitter(whole::add, 1 << 20);
        a.feed(bytes, 0, bytes.length);
        a.finish();
        List<String> pieces = new ArrayList<>();
        LineSplitter b = new LineSplitter(pieces::add, 1 << 20);
        int pos = 0;
        for (int c : cuts) {
            int n = Math.min(c, bytes.length - pos);
            b.feed(bytes, pos, n);
            pos += n;
        }
        b.feed(bytes, pos, bytes.length - pos);
        b.finish();
        // Lines end at '\n'; a last line without one is still a line, an empty last one is not.
        List<String> expected = new ArrayList<>(List.of(String.join("\n", lines).split("\n", -1)));
        if (expected.get(expected.size() - 1).isEmpty()) {
            expected.remove(expected.size() - 1);
        }
        assertThat(whole).isEqualTo(expected);
        assertThat(pieces).isEqualTo(whole);
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(0, 100).list().ofMaxSize(50);
    }
}
