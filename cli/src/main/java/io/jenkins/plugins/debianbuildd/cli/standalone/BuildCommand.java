package io.jenkins.plugins.debianbuildd.cli.standalone;

import io.jenkins.plugins.debianbuildd.build.BuildListener;
import io.jenkins.plugins.debianbuildd.build.BuildPlan;
import io.jenkins.plugins.debianbuildd.build.BuildRequest;
import io.jenkins.plugins.debianbuildd.build.BuildResult;
import io.jenkins.plugins.debianbuildd.build.Disposition;
import io.jenkins.plugins.debianbuildd.buildd.BuildJob;
import io.jenkins.plugins.debianbuildd.buildd.OutcomeRecorder;
import io.jenkins.plugins.debianbuildd.buildd.Worker;
import io.jenkins.plugins.debianbuildd.cli.config.BuilddConfig;
import io.jenkins.plugins.debianbuildd.exec.Cancellation;
import io.jenkins.plugins.debianbuildd.log.Diagnosis;
import io.jenkins.plugins.debianbuildd.log.LineKind;
import io.jenkins.plugins.debianbuildd.version.DebianVersion;
import io.jenkins.plugins.debianbuildd.wannabuild.IllegalTransitionException;
import io.jenkins.plugins.debianbuildd.wannabuild.OperationResult;
import io.jenkins.plugins.debianbuildd.wannabuild.PackageArg;
import io.jenkins.plugins.debianbuildd.wannabuild.WannaBuildStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code buildd build}: one build, by hand. */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = {"Build one source package: PACKAGE[_VERSION] of the repository's suite (the newest version when"
                + " none is given), or a .dsc file. The log goes to the terminal and to logs/; the disposition"
                + " (Built, Build-Attempted, Dep-Wait, Give-Back) and the log analysis's diagnosis are printed at the end.",
                "Without --record nothing else changes: wanna-build is not told and nothing is published; the results"
                        + " stay in the build's directory under build/.",
                "With --record the build is what the daemon does: the package is taken in wanna-build (it must be"
                        + " Needs-Build, or --override), built, published into the repository when it built, and"
                        + " wanna-build is told how it went (built+uploaded, failed with the diagnosis, dep-wait or give-back), by the daemon's own code.",
                "Ctrl-C stops the build (and with --record gives the package back)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:built (and, with --record, published and recorded)",
                "1:error (no such package or chroot, wanna-build refused the take, ...)", "2:invalid usage",
                "3:the build did not build (Build-Attempted, Dep-Wait or Give-Back), or could not be published"})
public final class BuildCommand extends StandaloneCommand {
    @Parameters(index = "0", paramLabel = "PACKAGE[_VERSION]|DSC",
            description = "A source package of the repository (hello, hello_1.0-1), or a .dsc file.")
    String what;

    @Option(names = {"--arch", "-A"}, required = true, paramLabel = "ARCH", description = "The architecture to build for.")
    String arch;

    @Option(names = {"--suite", "-d", "--dist"}, paramLabel = "SUITE",
            description = "The suite (default: the configured one, when there is only one).")
    String suite;

    @Option(names = "--record", description = "Take the package in wanna-build, publish the result and record the outcome.")
    boolean record;

    @Option(names = "--override", description = "With --record: take the package even if it is not Needs-Build (wanna-build's --override).")
    boolean override;

    @Option(names = {"--quiet", "-q"}, description = "Do not print the log's lines, only the sections as they start and the outcome.")
    boolean quiet;

    private final Cancellation cancellation = new Cancellation();

    @Override
    int run(Instance instance) throws Exception {
        // Covers the whole command: after a Ctrl-C the cancelled build is still recorded (given back) before the JVM ends.
        try (Interrupts i = Interrupts.cancelOnSignal(cancellation, Duration.ofSeconds(120))) {
            return buildAndRecord(instance);
        }
    }

    private int buildAndRecord(Instance instance) throws Exception {
        PrintWriter out = out();
        String s = suite(instance.config());
        if (!instance.config().suite(s).architectures().contains(arch)) {
            throw usage("suite " + s + " is not built for " + arch + " (Architectures: "
                    + String.join(" ", instance.config().suite(s).architectures()) + ")");
        }
        if (override && !record) {
            throw usage("--override goes with --record");
        }
        BuildCycle cycle = new BuildCycle(instance);
        if (!record) {
            BuildRequest request = instance.buildRequest(s, arch, dsc(instance, s));
            BuildCycle.FinishedBuild b = build(instance, cycle, request);
            report(b);
            if (b.disposition() instanceof Disposition.Built) {
                out.println("results: " + b.result().changes().getParent());
            } else {
                cycle.discard(b);
            }
            return b.disposition() instanceof Disposition.Built ? ExitCodes.OK : ExitCodes.UNSUCCESSFUL;
        }

        if (what.endsWith(".dsc")) {
            throw usage("--record builds what wanna-build has registered: give PACKAGE[_VERSION], not a .dsc file");
        }
        try {
            PackageArg.parse(what);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        // Before the take: a build that cannot run must not leave the package taken.
        instance.checkReachableByBuilds();
        instance.chroots().require(instance.chrootId(s, arch));
        WannaBuildStore store = instance.store();
        String user = instance.builderName();
        OperationResult take;
        try {
            take = override ? store.override(s, arch, what, user) : store.take(s, arch, what, user);
        } catch (IllegalTransitionException e) {
            // wanna-build's words ("hello: NOT OK!" and the reason), on one line.
            String m = e.wannaBuildMessage() == null ? e.getMessage()
                    : String.join(" ", e.wannaBuildMessage().strip().lines().map(String::strip).toList());
            throw new IllegalStateException(m + " (" + s + "/" + arch + ")");
        }
        take.messages().forEach(out::println);
        BuildJob job = BuildJob.of(take.after());
        String where = take.after().where();
        out.println(where + ": taken by " + user);

        // The daemon's own code for the rest: core's Worker builds through our backend and records.
        AtomicReference<Exception> notStarted = new AtomicReference<>();
        AtomicReference<BuildResult> built = new AtomicReference<>();
        Console.Progress p = new Console.Progress(out, Console.interactive());
        Worker worker = instance.worker(arch, new Worker.Events() {
            @Override
            public BuildListener listener(BuildJob j) {
                try {
                    BuildRequest r = instance.buildRequest(j);
                    out.printf("Building %s for %s (%s) in chroot %s%n", r.buildName(), r.suite(), parts(r),
                            instance.chrootId(s, arch).name());
                } catch (java.io.IOException | RuntimeException e) {
                    // The backend meets the same problem and reports it.
                }
                return consoleListener(p);
            }

            @Override
            public void failedToStart(BuildJob j, Exception e) {
                notStarted.set(e);
            }

            @Override
            public void recorded(OutcomeRecorder.Recorded recorded, BuildResult result) {
                built.set(result);
            }
        });
        cancellation.onCancel(() -> worker.stop("interrupted (SIGINT or SIGTERM)"));
        OutcomeRecorder.Recorded recorded = worker.buildOne(job);
        p.done();
        if (notStarted.get() != null) {
            out.println(where + ": given back, the build could not start");
            Exception e = notStarted.get();
            throw e instanceof RuntimeException re ? re : new java.io.IOException(e.getMessage(), e);
        }
        BuildCycle.FinishedBuild b = cycle.finished(built.get());
        report(b);
        recorded.messages().forEach(out::println);
        if (recorded.published()) {
            out.println("published into " + s);
        }
        out.println(where + ": " + recorded.state() + " in wanna-build");
        if (recorded.published() || !(b.disposition() instanceof Disposition.Built)) {
            // The log is in logs/; only unpublished binaries are worth keeping (the job journal points at them).
            cycle.discard(b);
        }
        return recorded.published() ? ExitCodes.OK : ExitCodes.UNSUCCESSFUL;
    }

    private String suite(BuilddConfig config) {
        if (suite != null) {
            if (config.suites().stream().noneMatch(x -> x.name().equals(suite))) {
                throw usage("unknown suite '" + suite + "' (configured: "
                        + String.join(", ", config.suites().stream().map(BuilddConfig.Suite::name).toList()) + ")");
            }
            return suite;
        }
        if (config.suites().size() > 1) {
            throw usage("several suites are configured (" + String.join(", ", config.suites().stream()
                    .map(BuilddConfig.Suite::name).toList()) + "): give --suite");
        }
        return config.suites().get(0).name();
    }

    /** The .dsc to build: a file given as such, else the version (or the newest) in the repository's suite. */
    private Path dsc(Instance instance, String s) throws Exception {
        if (what.endsWith(".dsc")) {
            Path p = Path.of(what).toAbsolutePath();
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("no such .dsc file: " + what);
            }
            return p;
        }
        PackageArg arg;
        try {
            arg = PackageArg.parse(what);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        DebianVersion v = arg.version();
        if (v == null) {
            v = instance.sourceVersion(s, arg.name()).orElseThrow(() -> new IllegalArgumentException(
                    arg.name() + " is not in suite " + s + " of the repository"));
        }
        return instance.dscPath(s, arg.name(), v);
    }

    private BuildCycle.FinishedBuild build(Instance instance, BuildCycle cycle, BuildRequest request) throws Exception {
        PrintWriter out = out();
        var chroot = instance.chrootId(request.suite(), request.buildArchitecture());
        out.printf("Building %s for %s (%s) in chroot %s%n", request.buildName(), request.suite(), parts(request), chroot.name());
        Console.Progress p = new Console.Progress(out, Console.interactive());
        try {
            return cycle.build(request, consoleListener(p), cancellation);
        } finally {
            p.done();
        }
    }

    /** The log on the terminal: every line (or, with --quiet, a status line), sections with the elapsed time. */
    private BuildListener consoleListener(Console.Progress p) {
        PrintWriter out = out();
        return new BuildListener() {
            @Override
            public void started(BuildPlan plan) {
                p.line("log: " + plan.logFile());
            }

            @Override
            public void line(String line, LineKind kind) {
                if (kind == LineKind.SECTION) {
                    // sbuild boxes its section titles: "| Build    |".
                    p.line(line.replaceAll("^[|\\s]+|[|\\s]+$", ""));
                } else if (!quiet) {
                    p.clearStatus();
                    out.println(line);
                } else {
                    p.status(line, false);
                }
            }
        };
    }

    private static String parts(BuildRequest r) {
        String p = r.archAny() && r.archAll() ? "arch:any and arch:all" : r.archAll() ? "arch:all" : "arch:any";
        return r.binNmu() == null ? p : p + ", binNMU +b" + r.binNmu().number();
    }

    private void report(BuildCycle.FinishedBuild b) {
        PrintWriter out = out();
        BuildResult r = b.result();
        Diagnosis d = r.diagnosis();
        out.println();
        out.printf("%s: %s in %s%s%n", r.request().buildName(), r.status().sbuildName(), Console.elapsed(r.elapsed()),
                r.failStage() == null ? "" : " (failed stage: " + r.failStage() + ")");
        Disposition disp = b.disposition();
        String dispText = switch (disp.kind()) {
            case BUILT -> "Built (" + ((Disposition.Built) disp).changes().getFileName() + ")";
            case ATTEMPTED -> "Build-Attempted [" + ((Disposition.BuildAttempted) disp).category().wannaBuildName() + "]: " + disp.message();
            case DEP_WAIT -> "Dep-Wait on " + ((Disposition.DepWait) disp).dependencies() + ": " + disp.message();
            case GIVE_BACK -> "Give-Back: " + disp.message();
        };
        out.println("disposition: " + dispText);
        if (!d.successful()) {
            out.println("diagnosis: " + d.failureClass() + ", category " + d.category().wannaBuildName() + ": " + d.message());
            if (d.keyLine() != null) {
                out.println("  log line " + d.keyLine().line() + ": " + d.keyLine().text());
            }
            d.details().forEach(x -> out.println("  " + x));
        }
        out.println("log: " + b.log());
    }
}
