package io.jenkins.plugins.debianbuildd.build;

import io.jenkins.plugins.debianbuildd.chroot.ChrootLease;
import io.jenkins.plugins.debianbuildd.exec.Cancellation;
import io.jenkins.plugins.debianbuildd.exec.Mounts;
import io.jenkins.plugins.debianbuildd.exec.StreamResult;
import io.jenkins.plugins.debianbuildd.exec.StreamingExec;
import io.jenkins.plugins.debianbuildd.formats.Deb822;
import io.jenkins.plugins.debianbuildd.formats.FileEntry;
import io.jenkins.plugins.debianbuildd.formats.Paragraph;
import io.jenkins.plugins.debianbuildd.log.BuildLogAnalyzer;
import io.jenkins.plugins.debianbuildd.log.LineKind;
import io.jenkins.plugins.debianbuildd.log.LogAnalysis;
import io.jenkins.plugins.debianbuildd.openpgp.ClearSigned;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Runs {@link BuildPlan}s on this host: a fresh work directory per build, the builder's output streamed
 * line by line to the log analyzer, a size-capped log file and a {@link BuildListener}; a time limit
 * and cancellation that stop the builder's whole process tree (sbuild's unshare children, pbuilder's
 * chrooted build), then scratch space removed (unmounting what a killed pbuilder left mounted) and the
 * results gathered into a {@link BuildResult}.
 */
public final class LocalBuildExecutor {
    private static final DateTimeFormatter DIR_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /**
     * @param logCapBytes the log is cut beyond this size ...
     * @param logTailBytes ... keeping this much of its end
     * @param killGrace how long a stopped build gets to clean up after SIGTERM before SIGKILL
     */
    public record Options(long logCapBytes, long logTailBytes, Duration killGrace) {
        public Options {
            if (logCapBytes < 1024 || logTailBytes < 1024 || logTailBytes > logCapBytes) {
                throw new IllegalArgumentException("log cap " + logCapBytes + " and tail " + logTailBytes + " make no sense");
            }
        }

        /** 256 MiB of log (sbuild logs reach 100+ MB), the last 8 MiB kept past it, 15 s to clean up. */
        public static Options defaults() {
            return new Options(256L << 20, 8L << 20, Duration.ofSeconds(15));
        }

        public Options withLogCap(long cap, long tail) {
            return new Options(cap, tail, killGrace);
        }
    }

    private final Path workRoot;
    private final Options options;

    public LocalBuildExecutor(Path workRoot) {
        this(workRoot, Options.defaults());
    }

    public LocalBuildExecutor(Path workRoot, Options options) {
        this.workRoot = workRoot.toAbsolutePath().normalize();
        this.options = options;
    }

    public Path workRoot() {
        return workRoot;
    }

    /** Builds {@code request} with {@code driver} in the leased chroot; returns when the build has ended. */
    public BuildResult run(BuildDriver driver, BuildRequest request, ChrootLease chroot, BuildListener listener,
                           Cancellation cancellation) {
        Instant start = Instant.now();
        Path work = newWorkDirectory(request, start);
        BuildPlan plan = driver.plan(request, chroot.chroot(), work, start);
        prepare(plan);
        listener.started(plan);
        BuildLogAnalyzer analyzer = new BuildLogAnalyzer();
        StreamResult r;
        boolean truncated;
        try (CappedLog log = new CappedLog(plan.logFile(), options.logCapBytes(), options.logTailBytes(), listener)) {
            StreamingExec.Options o = StreamingExec.Options.defaults().withTimeout(request.timeout()).withKillGrace(options.killGrace());
            r = StreamingExec.run(plan.command(), o, cancellation, line -> log.line(line, analyzer.accept(line)));
            String end = null;
            if (!r.started()) {
                end = "E: debian-buildd: " + r.startError();
            } else if (r.timedOut()) {
                end = BuildLogAnalyzer.TIMEOUT_MARKER + " after " + request.timeout().toSeconds()
                        + " s; its processes were stopped";
            } else if (r.cancelled()) {
                end = BuildLogAnalyzer.CANCEL_MARKER + ": " + r.cancelReason();
            }
            if (end != null) {
                log.line(end, analyzer.accept(end));
            }
            truncated = log.truncated();
        } catch (RuntimeException e) {
            // The builder has been stopped (StreamingExec stops it when its output cannot be kept).
            cleanScratch(plan);
            throw e;
        }
        LogAnalysis analysis = analyzer.finish();
        String cleanupProblem = cleanScratch(plan);
        if (cleanupProblem != null) {
            appendToLog(plan.logFile(), "E: debian-buildd: " + cleanupProblem);
            listener.line("E: debian-buildd: " + cleanupProblem, LineKind.ERROR);
        }

        BuildStatus status = r.started() ? driver.status(r.exitCode(), analysis) : BuildStatus.FAILED;
        Path changes = findChanges(plan);
        List<Path> binaries = new ArrayList<>();
        Path buildinfo = null;
        if (changes != null) {
            for (String name : filesOf(changes)) {
                Path f = plan.resultDirectory().resolve(name);
                if (!Files.isRegularFile(f)) {
                    continue;
                }
                if (name.endsWith(".deb") || name.endsWith(".udeb")) {
                    binaries.add(f);
                } else if (name.endsWith(".buildinfo")) {
                    buildinfo = f;
                }
            }
        }
        if (status == BuildStatus.SUCCESSFUL && (changes == null || binaries.isEmpty()) && !r.timedOut() && !r.cancelled()) {
            status = BuildStatus.FAILED;
        }
        String failStage = status == BuildStatus.SUCCESSFUL ? null : analysis.diagnosis().stage();
        BuildResult result = new BuildResult(request, plan.builder(), status, failStage, r.exitCode(), r.timedOut(),
                r.cancelled(), r.startError(), work, plan.logFile(), truncated, changes, binaries, buildinfo, analysis, start,
                r.elapsed(), r.pid());
        listener.finished(result);
        return result;
    }

    private Path newWorkDirectory(BuildRequest request, Instant start) {
        try {
            Files.createDirectories(workRoot);
            Path dir = workRoot.resolve(request.buildName() + "-" + DIR_STAMP.format(start) + "-"
                    + UUID.randomUUID().toString().substring(0, 6));
            Files.createDirectory(dir);
            // sbuild's unshared user unpacks the chroot below it.
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work directory under " + workRoot + ": " + e.getMessage(), e);
        }
    }

    /** Creates the plan's directories and files; also what a Jenkins agent does before launching. */
    public static void prepare(BuildPlan plan) {
        Path work = plan.workDirectory();
        try {
            for (String d : plan.directories()) {
                Files.createDirectories(work.resolve(d));
            }
            for (PreparedFile f : plan.files()) {
                Path p = work.resolve(f.relativePath());
                Files.createDirectories(p.getParent());
                Files.writeString(p, f.content(), StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(f.executable() ? "rwxr-xr-x" : "rw-r--r--"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + work + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the scratch directories; returns what went wrong (a mount that would not go), or null. */
    private static String cleanScratch(BuildPlan plan) {
        try {
            for (String d : plan.scratchDirectories()) {
                Mounts.deleteTree(plan.workDirectory().resolve(d));
            }
            List<Path> left = Mounts.unmountAll(plan.workDirectory());
            return left.isEmpty() ? null : "still mounted in " + plan.workDirectory() + " after the build: " + left;
        } catch (RuntimeException e) {
            return "cannot clean " + plan.workDirectory() + ": " + e.getMessage();
        }
    }

    private static void appendToLog(Path log, String line) {
        try {
            Files.writeString(log, line + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write build log " + log + ": " + e.getMessage(), e);
        }
    }

    /** The binary .changes the builder wrote (pbuilder also writes a _source.changes). */
    private static Path findChanges(BuildPlan plan) {
        Path preferred = plan.resultDirectory().resolve(plan.request().buildName() + ".changes");
        if (Files.isRegularFile(preferred)) {
            return preferred;
        }
        if (!Files.isDirectory(plan.resultDirectory())) {
            return null;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(plan.resultDirectory(), "*.changes")) {
            for (Path p : ds) {
                if (!p.getFileName().toString().endsWith("_source.changes")) {
                    return p;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + plan.resultDirectory() + ": " + e.getMessage(), e);
        }
        return null;
    }

    private static List<String> filesOf(Path changes) {
        try {
            String text = Files.readString(changes, StandardCharsets.UTF_8);
            if (ClearSigned.isClearSigned(text)) {
                text = ClearSigned.parse(text, changes.toString()).text();
            }
            Paragraph p = Deb822.parseSingle(text, changes.toString());
            return FileEntry.of(p).stream().map(FileEntry::name).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + changes + ": " + e.getMessage(), e);
        }
    }
}
