package io.jenkins.plugins.debianbuildd.bench;

import io.jenkins.plugins.debianbuildd.exec.LineSplitter;
import io.jenkins.plugins.debianbuildd.log.BuildLogAnalyzer;
import io.jenkins.plugins.debianbuildd.log.LogAnalysis;
import io.jenkins.plugins.debianbuildd.log.LogFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Build-log analysis of a 110+ MiB sbuild log ({@link LogCorpus}): the whole-file path
 * ({@link LogFiles#analyze}, used for finished builds) and the live path (every line through
 * {@link BuildLogAnalyzer#accept}, as a Jenkins console annotator does). bench/run-log-analysis runs it
 * together with Debian's buildlog-consultant on the same file and prints MB/s and the ratio.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class LogAnalysisBenchmark {
    private Path log;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        log = LogCorpus.ensure(LogCorpus.defaultPath());
        // The answer must be the real failure at the end, or the benchmark measures nothing useful.
        LogAnalysis a = LogFiles.analyze(log);
        if (a.diagnosis().keyLine() == null || !a.diagnosis().keyLine().text().startsWith("prog.c:6:9: error:")) {
            throw new IllegalStateException("unexpected diagnosis of the corpus: " + a.diagnosis());
        }
    }

    @Benchmark
    public LogAnalysis analyzeFile() {
        return LogFiles.analyze(log);
    }

    @Benchmark
    public LogAnalysis analyzeLineByLine() throws IOException {
        BuildLogAnalyzer analyzer = new BuildLogAnalyzer();
        LineSplitter splitter = new LineSplitter(analyzer::accept, 1 << 20);
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(log)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                splitter.feed(buf, 0, n);
            }
        }
        splitter.finish();
        return analyzer.finish();
    }
}
