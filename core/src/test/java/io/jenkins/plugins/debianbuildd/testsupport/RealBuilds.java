package io.jenkins.plugins.debianbuildd.testsupport;

import io.jenkins.plugins.debianbuildd.build.BuildDriver;
import io.jenkins.plugins.debianbuildd.build.BuildListener;
import io.jenkins.plugins.debianbuildd.build.BuildPlan;
import io.jenkins.plugins.debianbuildd.build.BuildRequest;
import io.jenkins.plugins.debianbuildd.build.BuildResult;
import io.jenkins.plugins.debianbuildd.build.BuildStatus;
import io.jenkins.plugins.debianbuildd.build.LocalBuildExecutor;
import io.jenkins.plugins.debianbuildd.chroot.BuilderKind;
import io.jenkins.plugins.debianbuildd.chroot.Chroot;
import io.jenkins.plugins.debianbuildd.chroot.ChrootLease;
import io.jenkins.plugins.debianbuildd.exec.Cancellation;
import io.jenkins.plugins.debianbuildd.exec.Mounts;
import io.jenkins.plugins.debianbuildd.exec.ProcessTree;
import io.jenkins.plugins.debianbuildd.log.LineKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real builds the builder tests assert on, each run once per test run and shared: sbuild and
 * pbuilder each build every test package (see {@link TestSources}) in the cached chroots of
 * {@link TestChroots}. The two builders run side by side (one build at a time each: the machine has two
 * cores and other users), in a fixed order per builder:
 *
 * <ol>
 *   <li>libfoo (pbuilder only: it builds first, and its libdbt-foo-dev is published to a local signed
 *       repository that both builders' usesfoo builds use)</li>
 *   <li>hello (builds, with the arch:all package)</li>
 *   <li>broken (fails to compile)</li>
 *   <li>failtest (its test suite fails)</li>
 *   <li>uninst (uninstallable build-dependencies)</li>
 *   <li>usesfoo (build-depends on libdbt-foo-dev, found in the local repository passed as an extra repository)</li>
 *   <li>timeout (dbt-slow with a short time limit)</li>
 *   <li>cancel (dbt-slow cancelled once its build step has started)</li>
 * </ol>
 *
 * After the timeout and cancel builds the process table and mount table are read for anything left
 * behind. With {@code -Ddebianbuildd.captureFixtures=DIR} the logs are copied to DIR as log fixtures.
 */
public final class RealBuilds {
    public static final List<String> CASES = List.of("libfoo", "hello", "broken", "failtest", "uninst", "usesfoo", "timeout", "cancel");
    /** The builder that builds libfoo and publishes it for everyone. */
    public static final BuilderKind PUBLISHER = BuilderKind.PBUILDER;
    /** Short time limits: each build step of dbt-slow starts within about 20 s (sbuild) or 15 s (pbuilder). */
    public static final Map<BuilderKind, Duration> TIMEOUT = Map.of(BuilderKind.SBUILD, Duration.ofSeconds(75),
            BuilderKind.PBUILDER, Duration.ofSeconds(60));

    private static RealBuilds instance;

    private final Path base;
    private final Map<BuilderKind, Lane> lanes = new EnumMap<>(BuilderKind.class);
    private final CompletableFuture<LocalAptRepository> repository = new CompletableFuture<>();

    /** One finished build with what the test infrastructure observed around it. */
    public record Run(BuildResult result, List<String> listenedLines, List<LineKind> listenedKinds,
                      List<String> leftoverProcesses, List<Path> leftoverMounts, Duration cancelToEnd) {
    }

    private RealBuilds() throws IOException {
        base = Files.createTempDirectory("debian-buildd-builds-");
        // sbuild's unshared user and pbuilder's build user read repositories and unpack chroots below it.
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        // Results and logs are kept for the run (a failed assertion names them), then removed.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> Mounts.deleteTree(base)));
    }

    public static synchronized RealBuilds get() {
        if (instance == null) {
            try {
                instance = new RealBuilds();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // Both builders start at once, whichever test asks first, so their builds overlap.
            instance.lane(BuilderKind.SBUILD);
            instance.lane(BuilderKind.PBUILDER);
        }
        return instance;
    }

    /** The build {@code name} ({@link #CASES}) of builder {@code kind}, waiting for it (and starting its lane) if needed. */
    public Run run(BuilderKind kind, String name) {
        if (!CASES.contains(name) || (name.equals("libfoo") && kind != PUBLISHER)) {
            throw new IllegalArgumentException(kind.id() + " does not build " + name);
        }
        return lane(kind).futures.get(name).join();
    }

    private Lane lane(BuilderKind kind) {
        synchronized (lanes) {
            return lanes.computeIfAbsent(kind, k -> new Lane(k, base.resolve(k.id()), repository));
        }
    }

    public BuildResult result(BuilderKind kind, String name) {
        return run(kind, name).result();
    }

    /** All builds of one builder, run one after the other on a thread of their own. */
    private static final class Lane {
        final BuilderKind kind;
        final Path dir;
        final Map<String, CompletableFuture<Run>> futures = new ConcurrentHashMap<>();
        final ExecutorService thread;
        final CompletableFuture<LocalAptRepository> repository;

        Lane(BuilderKind kind, Path dir, CompletableFuture<LocalAptRepository> repository) {
            this.kind = kind;
            this.dir = dir;
            this.repository = repository;
            this.thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, kind.id() + " builds");
                t.setDaemon(true);
                return t;
            });
            for (String c : CASES) {
                if (c.equals("libfoo") && kind != PUBLISHER) {
                    continue;
                }
                CompletableFuture<Run> f = CompletableFuture.supplyAsync(() -> build(c), thread);
                if (c.equals("libfoo")) {
                    f.whenComplete((run, error) -> {
                        if (error != null) {
                            repository.completeExceptionally(error);
                        } else if (run.result().status() != BuildStatus.SUCCESSFUL) {
                            repository.completeExceptionally(new IllegalStateException("dbt-libfoo did not build: "
                                    + run.result().diagnosis().message()));
                        }
                    });
                }
                futures.put(c, f);
            }
            thread.shutdown();
        }

        private Run build(String name) {
            try {
                Files.createDirectories(dir);
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
                Chroot chroot = TestChroots.get(kind);
                BuildRequest request = request(name);
                LocalBuildExecutor executor = new LocalBuildExecutor(dir.resolve("work"));
                List<String> lines = Collections.synchronizedList(new ArrayList<>());
                List<LineKind> kinds = Collections.synchronizedList(new ArrayList<>());
                Cancellation cancellation = new Cancellation();
                AtomicLong cancelledAt = new AtomicLong();
                BuildListener listener = new BuildListener() {
                    @Override
                    public void started(BuildPlan plan) {
                        System.out.println("[" + kind.id() + " " + name + "] " + plan.command());
                    }

                    @Override
                    public void line(String line, LineKind k) {
                        lines.add(line);
                        kinds.add(k);
                        if (name.equals("cancel") && line.startsWith("dbt-slow: sleeping")) {
                            cancelledAt.set(System.nanoTime());
                            cancellation.cancel("test cancels the build once dbt-slow sleeps");
                        }
                    }

                    @Override
                    public void finished(BuildResult r) {
                        System.out.printf("[%s %s] %s (exit %d, %.1f s) %s%n", kind.id(), name, r.status(), r.exitCode(),
                                r.elapsed().toMillis() / 1000.0, r.diagnosis().message());
                    }
                };
                BuildResult r;
                try (ChrootLease lease = TestChroots.manager().acquire(chroot.id(), Duration.ofMinutes(10))) {
                    r = executor.run(BuildDriver.forKind(kind), request, lease, listener, cancellation);
                }
                Duration cancelToEnd = cancelledAt.get() == 0 ? null : Duration.ofNanos(System.nanoTime() - cancelledAt.get());
                List<String> leftovers = leftovers(r);
                List<Path> mounts = Mounts.under(r.workDirectory());
                if (name.equals("libfoo") && r.status() == BuildStatus.SUCCESSFUL) {
                    LocalAptRepository repo = LocalAptRepository.create(dir.resolve("archive"));
                    repo.publish(r.binaries());
                    repository.complete(repo);
                }
                capture(kind, name, r);
                return new Run(r, List.copyOf(lines), List.copyOf(kinds), leftovers, mounts, cancelToEnd);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private BuildRequest request(String name) {
            return switch (name) {
                case "hello" -> BuildRequest.of(TestSources.dsc("dbt-hello"), TestChroots.suite(), TestChroots.architecture())
                        .withArchAll(true);
                case "usesfoo" -> BuildRequest.of(TestSources.dsc("dbt-usesfoo"), TestChroots.suite(), TestChroots.architecture())
                        .withExtraRepository(repository.join().source());
                case "timeout" -> BuildRequest.of(TestSources.dsc("dbt-slow"), TestChroots.suite(), TestChroots.architecture())
                        .withTimeout(TIMEOUT.get(kind));
                case "cancel" -> BuildRequest.of(TestSources.dsc("dbt-slow"), TestChroots.suite(), TestChroots.architecture());
                default -> BuildRequest.of(TestSources.dsc("dbt-" + name), TestChroots.suite(), TestChroots.architecture());
            };
        }
    }

    /**
     * Processes still running that belong to the build: in its session, or naming its work directory in
     * their command line, working directory or environment.
     */
    public static List<String> leftovers(BuildResult r) {
        List<String> out = new ArrayList<>();
        if (r.processId() > 0) {
            for (ProcessHandle h : ProcessTree.sessionMembers(r.processId())) {
                out.add(h.pid() + " (session " + r.processId() + "): " + ProcessTree.commandLine(h.pid()).orElse("?"));
            }
        }
        String work = r.workDirectory().toString();
        ProcessHandle.allProcesses().forEach(h -> {
            if (h.pid() == ProcessHandle.current().pid()) {
                return;
            }
            Path proc = Path.of("/proc", Long.toString(h.pid()));
            String cmd = ProcessTree.commandLine(h.pid()).orElse("");
            String cwd = "";
            String env = "";
            try {
                cwd = Files.readSymbolicLink(proc.resolve("cwd")).toString();
                env = new String(Files.readAllBytes(proc.resolve("environ")), StandardCharsets.UTF_8);
            } catch (IOException | UnsupportedOperationException e) {
                // gone, or not ours to read
            }
            if (cmd.contains(work) || cwd.startsWith(work) || env.contains(work)) {
                out.add(h.pid() + ": " + cmd + " (cwd " + cwd + ")");
            }
        });
        return out;
    }

    private static void capture(BuilderKind kind, String name, BuildResult r) throws IOException {
        String dir = System.getProperty("debianbuildd.captureFixtures");
        if (dir == null || dir.isBlank()) {
            return;
        }
        Path target = Path.of(dir).resolve(kind.id() + "-" + name + ".build");
        Files.createDirectories(target.getParent());
        Files.copy(r.logFile(), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
