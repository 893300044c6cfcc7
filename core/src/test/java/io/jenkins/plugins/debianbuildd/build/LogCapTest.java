package io.jenkins.plugins.debianbuildd.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.debianbuildd.chroot.BuilderKind;
import io.jenkins.plugins.debianbuildd.chroot.Chroot;
import io.jenkins.plugins.debianbuildd.chroot.ChrootLease;
import io.jenkins.plugins.debianbuildd.exec.Cancellation;
import io.jenkins.plugins.debianbuildd.exec.Command;
import io.jenkins.plugins.debianbuildd.log.FailureClass;
import io.jenkins.plugins.debianbuildd.log.LineKind;
import io.jenkins.plugins.debianbuildd.log.LogAnalysis;
import io.jenkins.plugins.debianbuildd.log.LogFiles;
import io.jenkins.plugins.debianbuildd.testsupport.TestChroots;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build whose log is far over the cap: the log file keeps its head and its end (the failure, sbuild's
 * summary) with a note of what was left out, the listener sees what the file holds, and the analysis
 * (of the whole output, and of the capped file alike) still finds the failure.
 *
 * <p>The builder here is a stand-in, named as such: {@link ReplayDriver} replays a 40 MB sbuild log (the
 * real dbt-broken log with 400 000 compiler lines added to its build) through the real executor with
 * {@code cat}, because making sbuild print 40 MB would cost minutes for nothing the test looks at.
 */
class LogCapTest {
    private static final long CAP = 1 << 20;
    private static final long TAIL = 256 << 10;

    /** Stand-in builder: its "build" prints a given log. Status as sbuild's (from the log's summary). */
    static final class ReplayDriver implements BuildDriver {
        private final Path log;

        ReplayDriver(Path log) {
            this.log = log;
        }

        @Override
        public BuilderKind kind() {
            return BuilderKind.SBUILD;
        }

        @Override
        public BuildPlan plan(BuildRequest request, Chroot chroot, Path work, Instant start) {
            return new BuildPlan(request, BuilderKind.SBUILD, Command.of("cat", log.toString()).in(work), List.of(),
                    List.of("result", "scratch"), work, work.resolve("result"), work.resolve(WorkLayout.logName(request, start)),
                    List.of("scratch"));
        }

        @Override
        public BuildStatus status(int exitCode, LogAnalysis analysis) {
            return new SbuildDriver().status(exitCode, analysis);
        }
    }

    @Test
    void hugeLogIsCappedAndStillDiagnosed(@TempDir Path dir) throws Exception {
        Path huge = dir.resolve("huge.build");
        long hugeSize = writeHugeLog(huge);
        assertThat(hugeSize).isGreaterThan(40L << 20);

        AtomicLong listened = new AtomicLong();
        AtomicLong listenedLines = new AtomicLong();
        BuildListener listener = (line, kind) -> {
            listened.addAndGet(line.getBytes(StandardCharsets.UTF_8).length + 1L);
            listenedLines.incrementAndGet();
        };
        LocalBuildExecutor executor = new LocalBuildExecutor(dir.resolve("work"),
                LocalBuildExecutor.Options.defaults().withLogCap(CAP, TAIL));
        BuildRequest request = BuildRequest.of(new SourceRef.Dsc(Path.of("/srv/dbt-broken_1.0.dsc"), "dbt-broken",
                io.jenkins.plugins.debianbuildd.version.DebianVersion.parse("1.0")), TestChroots.suite(), TestChroots.architecture());
        BuildResult r;
        try (ChrootLease lease = TestChroots.manager().acquire(TestChroots.get(BuilderKind.SBUILD).id(), java.time.Duration.ofMinutes(5))) {
            r = executor.run(new ReplayDriver(huge), request, lease, listener, Cancellation.none());
        }

        assertThat(r.logTruncated()).isTrue();
        long logSize = Files.size(r.logFile());
        assertThat(logSize).isBetween(CAP - 64 * 1024, CAP + TAIL + 1024);
        assertThat(listened.get()).as("the listener sees what the file holds, plus the notice at the cut")
                .isBetween(logSize, logSize + 1024);
        List<String> capped = Files.readAllLines(r.logFile(), StandardCharsets.UTF_8);
        List<String> original = Files.readAllLines(huge, StandardCharsets.UTF_8);
        assertThat(capped.get(0)).isEqualTo(original.get(0));
        assertThat(capped.get(capped.size() - 1)).isEqualTo(original.get(original.size() - 1));
        assertThat(capped).anyMatch(l -> l.matches("\\[debian-buildd: \\d+ lines \\(\\d+ bytes\\) left out here: .*"));

        // The whole output was analysed: the failure at its end, sbuild's summary, every line counted.
        assertThat(r.analysis().lines()).isEqualTo(original.size());
        assertThat(r.status()).isEqualTo(BuildStatus.ATTEMPTED);
        assertThat(r.diagnosis().failureClass()).isEqualTo(FailureClass.COMPILE_ERROR);
        assertThat(r.diagnosis().keyLine().text()).startsWith("prog.c:6:9: error:");
        assertThat(r.analysis().warningCount()).isGreaterThanOrEqualTo(40_000);
        assertThat(Dispositions.of(r)).isInstanceOf(Disposition.BuildAttempted.class);
        // And the capped file alone still tells the same story.
        LogAnalysis ofFile = LogFiles.analyze(r.logFile());
        assertThat(ofFile.diagnosis().failureClass()).isEqualTo(FailureClass.COMPILE_ERROR);
        assertThat(ofFile.diagnosis().keyLine().text()).isEqualTo(r.diagnosis().keyLine().text());
        assertThat(ofFile.summary()).isEqualTo(r.summary());
    }

    @Test
    void smallLogIsNotTouched() throws IOException {
        Path out = Files.createTempFile("capped-", ".build");
        StringBuilder seen = new StringBuilder();
        try (CappedLog log = new CappedLog(out, CAP, TAIL, (line, kind) -> seen.append(line).append('\n'))) {
            log.line("one", LineKind.PLAIN);
            log.line("two é", LineKind.ERROR);
            assertThat(log.truncated()).isFalse();
        }
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).isEqualTo("one\ntwo é\n").isEqualTo(seen.toString());
        Files.delete(out);
    }

    /** The real dbt-broken sbuild log with 400 000 lines of compiler output added to its build. */
    private static long writeHugeLog(Path out) throws IOException, URISyntaxException {
        Path fixture = Path.of(LogCapTest.class.getResource("/io/jenkins/plugins/debianbuildd/log/fixtures/sbuild-broken.build").toURI());
        List<String> lines = Files.readAllLines(fixture, StandardCharsets.UTF_8);
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (String l : lines) {
                if (l.startsWith("cc -Wdate-time")) {
                    for (int i = 0; i < 400_000; i++) {
                        w.write("cc -Wdate-time -D_FORTIFY_SOURCE=2 -g -O2 -Wformat -Werror=format-security -c src/unit" + i
                                + ".c -o unit" + i + ".o\n");
                        if (i % 10 == 0) {
                            w.write("src/unit" + i + ".c:12:5: warning: unused variable 'x' [-Wunused-variable]\n");
                        }
                    }
                }
                w.write(l);
                w.write('\n');
            }
        }
        return Files.size(out);
    }
}
