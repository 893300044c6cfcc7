package io.jenkins.plugins.debianbuildd.cli.standalone;

import io.jenkins.plugins.debianbuildd.build.BuildListener;
import io.jenkins.plugins.debianbuildd.build.BuildResult;
import io.jenkins.plugins.debianbuildd.build.Disposition;
import io.jenkins.plugins.debianbuildd.log.LineKind;
import io.jenkins.plugins.debianbuildd.buildd.BuildJob;
import io.jenkins.plugins.debianbuildd.buildd.OutcomeRecorder;
import io.jenkins.plugins.debianbuildd.buildd.Recovery;
import io.jenkins.plugins.debianbuildd.buildd.Worker;
import io.jenkins.plugins.debianbuildd.chroot.ChrootId;
import io.jenkins.plugins.debianbuildd.cli.config.BuilddConfig;
import io.jenkins.plugins.debianbuildd.exec.Cancellation;
import io.jenkins.plugins.debianbuildd.incoming.IncomingQueue;
import io.jenkins.plugins.debianbuildd.incoming.ProcessReport;
import io.jenkins.plugins.debianbuildd.merge.ArchiveMerge;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code buildd daemon}: the standalone buildd. One worker per configured architecture this machine can
 * build takes the next package, builds it, publishes it and records the outcome; meanwhile the daemon
 * processes incoming uploads and merges the repository into wanna-build whenever something was
 * published, given back or accepted (so that Uploaded becomes Installed and Dep-Waits are released).
 *
 * <p>On start it recovers from an earlier crash ({@link Recovery}); on SIGTERM or Ctrl-C it stops
 * taking, cancels the builds in progress and gives them back before it exits. One daemon per data
 * directory (a lock).
 */
@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = {"Run the buildd: take -> build -> publish -> record, one worker per architecture this machine can build;"
                + " process incoming/ and merge the repository into wanna-build as work is done.",
            "Stops gracefully on SIGTERM or Ctrl-C, giving back the packages being built. After a crash, the packages it held are"
                + " recovered on the next start: given back (and built once more), or published if they had been built."})
public final class DaemonCommand extends StandaloneCommand {
    @Option(names = "--until-idle", description = "Stop once nothing is left to do: no upload waiting, nothing any worker can take,"
            + " no merge pending.")
    boolean untilIdle;

    @Option(names = "--poll", paramLabel = "DURATION", defaultValue = "30s",
            description = "How often to look at incoming/ and the queue when idle (90s, 5m). Default: ${DEFAULT-VALUE}.")
    String poll;

    @Option(names = "--merge-every", paramLabel = "DURATION", defaultValue = "6h",
            description = "Merge at least this often, for changes of the mirror. Default: ${DEFAULT-VALUE}.")
    String mergeEvery;

    @Option(names = "--verbose", description = "Print every line of the build logs (they are always kept in logs/).")
    boolean verbose;

    private final Object signal = new Object();
    private volatile boolean stopping;
    private volatile boolean mergeWanted = true;
    private long generation;
    private final Map<String, Long> idleAt = new ConcurrentHashMap<>();

    @Override
    int run(Instance instance) throws Exception {
        PrintWriter out = out();
        Duration pollEvery = Console.parseDuration(poll).orElseThrow(() -> usage("--poll must be like 30s, 5m or 1h, not '" + poll + "'"));
        Duration mergeInterval = Console.parseDuration(mergeEvery)
                .orElseThrow(() -> usage("--merge-every must be like 30m or 6h, not '" + mergeEvery + "'"));
        BuilddConfig config = instance.config();
        Files.createDirectories(config.dataDir());
        try (FileChannel lockFile = FileChannel.open(config.dataDir().resolve("daemon.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
             FileLock lock = lockFile.tryLock()) {
            if (lock == null) {
                throw new IllegalStateException("another 'buildd daemon' is running on " + config.dataDir());
            }
            return runLocked(instance, out, pollEvery, mergeInterval);
        }
    }

    private int runLocked(Instance instance, PrintWriter out, Duration pollEvery, Duration mergeInterval) throws Exception {
        BuilddConfig config = instance.config();
        Console.Progress log = new Console.Progress(out, false);
        instance.checkReachableByBuilds();

        // Which architectures, and their chroots.
        Set<String> archs = new LinkedHashSet<>();
        for (BuilddConfig.Suite s : config.suites()) {
            for (String a : instance.buildableArchitectures(s.name())) {
                ChrootId id = instance.chrootId(s.name(), a);
                if (instance.chroots().find(id).isEmpty()) {
                    throw new IllegalStateException("no chroot " + id.name() + " in " + config.chrootDir()
                            + " for " + s.name() + "/" + a + ": run 'buildd chroot create' first");
                }
                archs.add(a);
            }
        }
        if (archs.isEmpty()) {
            throw new IllegalStateException("this machine can build none of the configured architectures");
        }

        for (Recovery.Recovered r : Recovery.recover(instance.store(), instance.builderName(), instance.outcomeRecorder(),
                instance.jobJournal(), instance.executor().workRoot())) {
            log.line("recovered " + r.row().where() + ": " + r.action());
        }
        IncomingQueue incoming = null;
        if (Files.isRegularFile(config.instance().uploadersKeyring())) {
            incoming = instance.incoming(instance.needsBuildHandler());
        } else {
            log.line("no uploaders keyring " + config.instance().uploadersKeyring() + ": incoming/ is not processed");
        }

        return runWorkers(instance, log, archs, incoming, pollEvery, mergeInterval);
    }

    private int runWorkers(Instance instance, Console.Progress log, Set<String> archs, IncomingQueue incoming,
                           Duration pollEvery, Duration mergeInterval) throws Exception {
        BuilddConfig config = instance.config();
        Cancellation cancellation = new Cancellation();
        List<Worker> workers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (String arch : archs) {
            Worker w = instance.worker(arch, events(instance, log, arch, pollEvery));
            workers.add(w);
        }
        cancellation.onCancel(() -> {
            stopping = true;
            workers.forEach(w -> w.stop("buildd is stopping (SIGTERM)"));
            wake();
        });
        log.line("buildd " + instance.builderName() + " started on " + config.dataDir() + ": workers for "
                + String.join(", ", archs) + (untilIdle ? " (until idle)" : ""));
        try (Interrupts interrupts = Interrupts.cancelOnSignal(cancellation, Duration.ofSeconds(180))) {
            for (Worker w : workers) {
                Thread t = new Thread(w, "worker-" + w.arch());
                t.start();
                threads.add(t);
            }
            long lastMerge = 0;
            while (!stopping) {
                boolean accepted = incoming != null && processIncoming(incoming, log);
                boolean due = System.nanoTime() - lastMerge > mergeInterval.toNanos();
                if (accepted || mergeWanted || due) {
                    mergeWanted = false;
                    mergeAll(instance, log);
                    lastMerge = System.nanoTime();
                    newWork();
                }
                if (untilIdle && quiescent(workers, incoming)) {
                    log.line("nothing left to do");
                    break;
                }
                synchronized (signal) {
                    if (!stopping && !mergeWanted) {
                        signal.wait(untilIdle ? 2000 : pollEvery.toMillis());
                    }
                }
            }
            stopping = true;
            workers.forEach(w -> w.stop(untilIdle ? "done" : "buildd is stopping"));
            wake();
            for (Thread t : threads) {
                t.join(Duration.ofMinutes(3).toMillis());
            }
            log.line("buildd stopped");
        }
        return ExitCodes.OK;
    }

    /** All workers wait for work seen after the last merge, no merge is due, and no upload is still arriving. */
    private boolean quiescent(List<Worker> workers, IncomingQueue incoming) throws IOException {
        long g;
        synchronized (signal) {
            g = generation;
        }
        for (Worker w : workers) {
            Long seen = idleAt.get(w.arch());
            if (seen == null || seen < g) {
                return false;
            }
        }
        return !mergeWanted && (incoming == null || noUploadsWaiting(incoming));
    }

    private static boolean noUploadsWaiting(IncomingQueue incoming) throws IOException {
        Path dir = incoming.config().root().resolve("incoming");
        if (!Files.isDirectory(dir)) {
            return true;
        }
        try (var s = Files.list(dir)) {
            return s.noneMatch(p -> p.getFileName().toString().endsWith(".changes"));
        }
    }

    private void newWork() {
        synchronized (signal) {
            generation++;
            signal.notifyAll();
        }
    }

    private void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private boolean processIncoming(IncomingQueue incoming, Console.Progress log) throws IOException {
        ProcessReport report = incoming.processOnce();
        boolean accepted = false;
        for (ProcessReport.Outcome o : report.outcomes()) {
            switch (o.status()) {
                case ACCEPTED -> {
                    accepted = true;
                    log.line("incoming: accepted " + o.changesName());
                }
                case REJECTED -> log.line("incoming: REJECTED " + o.changesName() + ": " + o.message());
                case DEFERRED -> log.line("incoming: deferred " + o.changesName() + ": " + o.message());
                case WAITING -> {
                    // Still arriving; looked at again next time.
                }
            }
        }
        return accepted;
    }

    private void mergeAll(Instance instance, Console.Progress log) {
        for (BuilddConfig.Suite s : instance.config().suites()) {
            try {
                for (ArchiveMerge.Report r : SuiteMerge.merge(instance, s.name(), null, line -> { })) {
                    if (r.changes() > 0) {
                        StringBuilder moves = new StringBuilder();
                        r.summary().moves().entrySet().stream().sorted(Map.Entry.comparingByKey())
                                .filter(e -> e.getKey().from() != e.getKey().to())
                                .forEach(e -> moves.append(moves.length() == 0 ? "" : ", ").append(e.getKey()).append(": ").append(e.getValue()));
                        log.line("merge " + s.name() + "/" + r.arch() + ": " + r.changes() + " change(s)"
                                + (moves.length() == 0 ? "" : " (" + moves + ")"));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // A merge that fails changes nothing; the workers go on with what the database holds.
                log.line("merge " + s.name() + " failed (nothing changed): " + e.getMessage());
            }
        }
    }

    private Worker.Events events(Instance instance, Console.Progress log, String arch, Duration pollEvery) {
        return new Worker.Events() {
            @Override
            public void taken(BuildJob job, List<String> messages) {
                log.line(arch + ": took " + job.packageArg() + " (" + job.suite() + ")");
                messages.forEach(m -> log.line(arch + ":   " + m));
            }

            @Override
            public BuildListener listener(BuildJob job) {
                return new BuildListener() {
                    @Override
                    public void line(String line, LineKind kind) {
                        if (verbose) {
                            log.line(arch + "| " + line);
                        } else if (kind == LineKind.SECTION) {
                            log.line(arch + ": " + job.packageName() + ": " + line.replaceAll("^[|\\s]+|[|\\s]+$", ""));
                        }
                    }
                };
            }

            @Override
            public void recorded(OutcomeRecorder.Recorded r, BuildResult result) {
                Disposition d = r.disposition();
                String took = result == null ? "" : " in " + Console.elapsed(result.elapsed());
                log.line(arch + ": " + r.job().packageArg() + ": " + describe(d) + took + " -> " + r.state());
                r.messages().forEach(m -> log.line(arch + ":   " + m));
                if (result != null && result.logFile() != null) {
                    log.line(arch + ":   log: " + instance.logDir().resolve(result.logFile().getFileName()));
                }
                // Published binaries, released Dep-Waits and given-back packages wait for the next merge.
                mergeWanted = true;
                wake();
            }

            @Override
            public void failedToStart(BuildJob job, Exception e) {
                log.line(arch + ": " + job.packageArg() + ": the build could not start, given back: " + e.getMessage());
                mergeWanted = true;
                wake();
            }

            @Override
            public Duration idle(String a) {
                synchronized (signal) {
                    long g = generation;
                    idleAt.put(arch, g);
                    signal.notifyAll();
                    long deadline = System.nanoTime() + pollEvery.toNanos();
                    while (!stopping && generation == g) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            break;
                        }
                        try {
                            signal.wait(Math.max(1, left / 1_000_000));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return null;
                        }
                    }
                    idleAt.remove(arch);
                    return stopping ? null : Duration.ZERO;
                }
            }
        };
    }

    static String describe(Disposition d) {
        return switch (d.kind()) {
            case BUILT -> "built";
            case ATTEMPTED -> "failed: " + d.message();
            case DEP_WAIT -> "dep-wait: " + ((Disposition.DepWait) d).dependencies();
            case GIVE_BACK -> "given back: " + d.message();
        };
    }
}
