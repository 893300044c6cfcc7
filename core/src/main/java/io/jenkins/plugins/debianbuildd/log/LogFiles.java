package io.jenkins.plugins.debianbuildd.log;

import io.jenkins.plugins.debianbuildd.exec.LineSplitter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Analyses whole logs (a finished build's, an archived one) with the same analyzer as live consoles. */
public final class LogFiles {
    private LogFiles() {
    }

    public static LogAnalysis analyze(Path log) {
        try (InputStream in = Files.newInputStream(log)) {
            return analyze(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read build log " + log + ": " + e.getMessage(), e);
        }
    }

    public static LogAnalysis analyze(InputStream in) throws IOException {
        BuildLogAnalyzer analyzer = new BuildLogAnalyzer();
        LineSplitter splitter = new LineSplitter(analyzer::accept, 1 << 20);
        byte[] buf = new byte[1 << 20];
        int n;
        while ((n = in.read(buf)) > 0) {
            splitter.feed(buf, 0, n);
        }
        splitter.finish();
        return analyzer.finish();
    }
}
