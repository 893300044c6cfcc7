package io.jenkins.plugins.debianbuildd.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.debianbuildd.exec.Command;
import io.jenkins.plugins.debianbuildd.exec.LocalExec;
import io.jenkins.plugins.debianbuildd.relation.Alternatives;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our analyzer against Debian's reference, python3-buildlog-consultant (run for real): on every failed
 * build log of the real builds it must name the same failing line.
 *
 * <ul>
 *   <li>sbuild logs: {@code buildlog_consultant.sbuild} (its sbuild-aware analysis). When it names no line
 *       (unsatisfiable build-dependencies) it names the unsatisfied relations, which we must extract too.</li>
 *   <li>pbuilder logs, which it has no dedicated parser for: {@code buildlog_consultant.common} on the whole
 *       log, for failures in the build stage. (At install-deps it points at apt's "E: Unable to correct
 *       problems" summary; we point at the unmet-dependency line above it, which names the package.)</li>
 * </ul>
 */
class BuildlogConsultantTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final Pattern LINENO = Pattern.compile("\"lineno\":\\s*(null|\\d+)");
    private static final Pattern KIND = Pattern.compile("\"kind\":\\s*\"([^\"]+)\"");
    private static final Pattern RELATION_NAME = Pattern.compile("\"name\":\\s*\"([^\"]+)\"");

    static Stream<String> failedSbuildLogs() {
        return LogFixtures.SBUILD.stream().filter(BuildlogConsultantTest::failed);
    }

    static Stream<String> pbuilderBuildStageFailures() {
        return Stream.of("pbuilder-broken", "pbuilder-failtest", "pbuilder-timeout", "pbuilder-cancel");
    }

    private static boolean failed(String fixture) {
        return !fixture.endsWith("hello") && !fixture.endsWith("libfoo") && !fixture.endsWith("usesfoo");
    }

    private static String consultant(String module, Path log) {
        return LocalExec.run(Command.of(PYTHON, "-m", module, "--json", log.toString()), Duration.ofMinutes(2))
                .orThrow().stdout();
    }

    @ParameterizedTest
    @MethodSource("failedSbuildLogs")
    void sameFailingLineAsBuildlogConsultantOnSbuildLogs(String fixture) {
        Path log = LogFixtures.path(fixture);
        String json = consultant("buildlog_consultant.sbuild", log);
        Matcher m = LINENO.matcher(json);
        assertThat(m.find()).as(json).isTrue();
        Diagnosis ours = LogFiles.analyze(log).diagnosis();
        if (!m.group(1).equals("null")) {
            assertThat(ours.keyLine()).as("buildlog-consultant says line " + m.group(1) + ": " + json).isNotNull();
            assertThat(ours.keyLine().line()).as(ours.keyLine().text()).isEqualTo(Long.parseLong(m.group(1)));
            return;
        }
        Matcher k = KIND.matcher(json);
        if (k.find()) {
            // It names the problem without a line: unsatisfied dependencies, which we must find too.
            assertThat(k.group(1)).isEqualTo("unsatisfied-apt-dependencies");
            List<String> names = new ArrayList<>();
            Matcher n = RELATION_NAME.matcher(json);
            while (n.find()) {
                names.add(n.group(1));
            }
            assertThat(names).isNotEmpty();
            assertThat(ours.failureClass()).isEqualTo(FailureClass.UNSATISFIABLE_BUILD_DEPENDENCIES);
            List<String> ourNames = ours.missingDependencies().alternatives().stream().map(Alternatives::first)
                    .map(r -> r.name()).toList();
            assertThat(ourNames).containsAll(names);
        } else {
            // No summary, no line (a build stopped before sbuild could write its summary): nothing to compare
            // but that we do say why.
            assertThat(ours.failureClass()).isIn(FailureClass.CANCELLED, FailureClass.TIMEOUT);
        }
    }

    @ParameterizedTest
    @MethodSource("pbuilderBuildStageFailures")
    void sameFailingLineAsBuildlogConsultantOnPbuilderBuildFailures(String fixture) {
        Path log = LogFixtures.path(fixture);
        String json = consultant("buildlog_consultant.common", log);
        Matcher m = LINENO.matcher(json);
        assertThat(m.find()).as(json).isTrue();
        Diagnosis ours = LogFiles.analyze(log).diagnosis();
        assertThat(ours.keyLine().line()).as(ours.keyLine().text() + " vs " + json).isEqualTo(Long.parseLong(m.group(1)));
    }
}
