package io.jenkins.plugins.debianbuildd.build;

import io.jenkins.plugins.debianbuildd.chroot.BuilderKind;
import io.jenkins.plugins.debianbuildd.log.Diagnosis;
import io.jenkins.plugins.debianbuildd.log.LogAnalysis;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a finished build left.
 *
 * @param request what was built
 * @param builder which builder built it
 * @param status how it ended (sbuild's summary, or derived from the exit status and the log)
 * @param failStage the stage that failed ({@code install-deps}, {@code build}, ...), or null
 * @param exitCode the builder's exit status (-1 when it did not start or was stopped)
 * @param timedOut whether the time limit stopped it
 * @param cancelled whether it was cancelled
 * @param startError why it could not start, or null
 * @param workDirectory the build's directory
 * @param logFile the log (capped: see {@code logTruncated})
 * @param logTruncated whether the log exceeded its cap and lost its middle
 * @param changes the .changes file, or null
 * @param binaries the .deb and .udeb files
 * @param buildinfo the .buildinfo file, or null
 * @param analysis what the log says
 * @param started when the build started
 * @param elapsed how long it ran
 * @param processId the builder's process id (its session id too), 0 when it did not start
 */
public record BuildResult(BuildRequest request, BuilderKind builder, BuildStatus status, String failStage, int exitCode,
                          boolean timedOut, boolean cancelled, String startError, Path workDirectory, Path logFile,
                          boolean logTruncated, Path changes, List<Path> binaries, Path buildinfo, LogAnalysis analysis,
                          Instant started, Duration elapsed, long processId) {
    public BuildResult {
        binaries = List.copyOf(binaries);
    }

    public Diagnosis diagnosis() {
        return analysis.diagnosis();
    }

    /** sbuild's summary fields: {@code Status}, {@code Fail-Stage}, {@code Build-Time}, {@code Build-Space}, ... */
    public Map<String, String> summary() {
        return analysis.summary();
    }

    public Optional<String> summaryField(String name) {
        return Optional.ofNullable(analysis.summary().get(name));
    }

    public boolean failedToStart() {
        return startError != null;
    }
}
