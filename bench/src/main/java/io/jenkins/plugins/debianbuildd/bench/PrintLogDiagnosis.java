package io.jenkins.plugins.debianbuildd.bench;

import io.jenkins.plugins.debianbuildd.log.Diagnosis;
import io.jenkins.plugins.debianbuildd.log.LogFiles;
import java.nio.file.Path;

/** Prints our analyzer's failing line of a log, for bench/run-log-analysis to set beside buildlog-consultant's. */
public final class PrintLogDiagnosis {
    private PrintLogDiagnosis() {
    }

    public static void main(String[] args) {
        Diagnosis d = LogFiles.analyze(Path.of(args[0])).diagnosis();
        System.out.println("stage=" + d.stage() + " line=" + (d.keyLine() == null ? "None" : d.keyLine().line())
                + " class=" + d.failureClass() + " text=" + (d.keyLine() == null ? "" : d.keyLine().text()));
    }
}
