package io.jenkins.plugins.debianbuildd.cli.standalone;

import io.jenkins.plugins.debianbuildd.chroot.Chroot;
import io.jenkins.plugins.debianbuildd.chroot.ChrootProgress;
import io.jenkins.plugins.debianbuildd.cli.Main;
import io.jenkins.plugins.debianbuildd.cli.config.BuilddConfig;
import io.jenkins.plugins.debianbuildd.cli.config.Instances;
import io.jenkins.plugins.debianbuildd.exec.Cancellation;
import io.jenkins.plugins.debianbuildd.incoming.SourceUpload;
import io.jenkins.plugins.debianbuildd.openpgp.GnupgHome;
import io.jenkins.plugins.debianbuildd.wannabuild.PackageRecord;
import io.jenkins.plugins.debianbuildd.wannabuild.State;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code buildd demo}: the whole mission in miniature. A fresh data directory (chroots are kept and
 * reused), the three example source packages uploaded through incoming, the daemon run until nothing is
 * left to do, then wanna-build's list, the repository and the apt line. libgreet builds; hello-greet
 * waits in Dep-Wait for libgreet-dev until libgreet is published, then builds; broken-calc fails to
 * compile and lands in Failed with the compiler error the log analysis found.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the whole buildd on this machine with the three example packages of examples/: upload through"
                + " incoming, build with sbuild, publish with reprepro, record in wanna-build; then show the results.",
            "Rerunnable: the demo's data directory is made anew each time; its chroot is kept and reused."})
public final class DemoCommand implements Callable<Integer> {
    static final String MARKER = ".debian-buildd-demo";
    static final List<String> EXAMPLES = List.of("libgreet", "hello-greet", "broken-calc");

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR",
            description = "The demo's data directory, made anew (default: the default data directory with -demo appended).")
    Path data;

    @Option(names = "--examples", paramLabel = "DIR", description = "The example source packages (default: examples/ of this project).")
    Path examples;

    @Option(names = "--mirror", paramLabel = "URL", defaultValue = "http://deb.debian.org/debian",
            description = "The Debian mirror. Default: ${DEFAULT-VALUE}.")
    String mirror;

    @Option(names = "--verbose", description = "Print the build logs as they are written.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = (data != null ? data : Path.of(Instances.dataDir(null) + "-demo")).toAbsolutePath();
        Path examplesDir = examples != null ? examples : defaultExamples();
        for (String e : EXAMPLES) {
            if (!Files.isDirectory(examplesDir.resolve(e).resolve("debian"))) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no example package " + e + " in " + examplesDir
                        + " (use --examples DIR)");
            }
        }
        Console.Progress p = new Console.Progress(out, false);
        step(out, "1/6", "A fresh data directory: " + dir);
        fresh(dir);
        String arch = InitCommand.hostArchitecture();
        String dist = InitCommand.hostCodename();
        Files.writeString(dir.resolve(BuilddConfig.FILE_NAME), BuilddConfig.render("buildd-demo", mirror, dist,
                BuilddConfig.DEFAULT_CHROOT_DIRECTORY, "unstable", List.of(arch), arch), StandardCharsets.UTF_8);
        BuilddConfig config = BuilddConfig.load(dir);
        Instance.createLayout(config);

        // An uploader, whose key the buildd accepts uploads from.
        GnupgHome uploader = new GnupgHome(dir.resolve("demo-uploader"));
        String uploaderKey = uploader.generateSigningKey("debian-buildd demo uploader <uploader@example.org>");
        uploader.exportPublicKey(uploaderKey, config.instance().uploadersKeyring(), false);
        p.line("uploader key " + uploaderKey + " -> " + config.instance().uploadersKeyring());

        try (Instance instance = Instance.of(config)) {
            step(out, "2/6", "The build chroot: " + instance.chrootId("unstable", arch).name() + " in " + config.chrootDir());
            Chroot chroot = instance.chroots().find(instance.chrootId("unstable", arch)).orElse(null);
            if (chroot != null) {
                p.line("reusing " + chroot.path() + ", made " + chroot.created());
            } else {
                p.line("creating it with mmdebstrap (about a minute; kept for the next runs)");
                Cancellation cancellation = new Cancellation();
                try (Interrupts i = Interrupts.cancelOnSignal(cancellation, Duration.ofSeconds(60))) {
                    instance.chroots().ensure(instance.chrootSpec("unstable", arch), new ChrootProgress() {
                        @Override
                        public void line(String line) {
                            if (line.startsWith("I: ")) {
                                p.line(line);
                            }
                        }
                    }, cancellation);
                }
            }

            step(out, "3/6", "A signed reprepro repository: " + config.repositoryDir());
            instance.repository();
            p.line("signed by " + instance.signingKey().orElse("(unsigned)"));

            step(out, "4/6", "Three uploads into incoming/, as dput puts them");
            Path sources = dir.resolve("demo-sources");
            for (String e : EXAMPLES) {
                Path tree = sources.resolve(e).resolve(e);
                copyTree(examplesDir.resolve(e), tree);
                SourceUpload upload = SourceUpload.build(tree, uploader, uploaderKey);
                upload.put(config.incomingDir().resolve("incoming"));
                p.line("uploaded " + upload.changes().getFileName());
            }
        } finally {
            uploader.stopAgent();
        }

        step(out, "5/6", "The buildd daemon, until nothing is left to do");
        List<String> daemon = new ArrayList<>(List.of("daemon", "--data", dir.toString(), "--until-idle", "--poll", "5s"));
        if (verbose) {
            daemon.add("--verbose");
        }
        int rc = sub().execute(daemon.toArray(new String[0]));
        if (rc != 0) {
            out.println("the daemon ended with exit code " + rc);
            return ExitCodes.UNSUCCESSFUL;
        }

        step(out, "6/6", "What happened");
        out.println("$ wanna-build --list=all");
        out.flush();
        sub("wanna-build").execute("--data", dir.toString(), "--list=all", "-d", "unstable", "-A", arch);
        out.println();
        out.println("$ buildd repo list unstable");
        out.flush();
        sub().execute("--data", dir.toString(), "repo", "list", "unstable");
        try (Instance instance = Instance.open(dir)) {
            out.println();
            out.println("apt line for what was published (its key: " + instance.repositoryKeyFile().orElse(null) + "):");
            out.println("  " + instance.aptLine("unstable"));
            out.println();
            return verdict(out, instance, arch);
        }
    }

    /** Checks the demo ended as it should: two packages built and installed, one failed with the compiler's error. */
    private int verdict(PrintWriter out, Instance instance, String arch) throws IOException {
        Map<String, State> expected = new LinkedHashMap<>();
        expected.put("libgreet", State.INSTALLED);
        expected.put("hello-greet", State.INSTALLED);
        expected.put("broken-calc", State.FAILED);
        boolean ok = true;
        for (Map.Entry<String, State> e : expected.entrySet()) {
            PackageRecord r = instance.store().get("unstable", arch, e.getKey()).orElse(null);
            State s = r == null ? null : r.state();
            boolean good = s == e.getValue();
            ok &= good;
            out.printf("  %-12s %-12s %s%n", e.getKey(), s, good ? "as expected" : "EXPECTED " + e.getValue());
            if (r != null && s == State.FAILED) {
                out.println("               " + r.failed().lines().findFirst().orElse(""));
            }
        }
        boolean waited = instance.store().transactions("unstable", arch, "hello-greet").stream()
                .anyMatch(t -> t.newState() == State.DEP_WAIT);
        out.printf("  hello-greet %s in Dep-Wait for libgreet-dev before it was built%n", waited ? "waited" : "did NOT wait");
        ok &= waited;
        out.println(ok ? "The demo ended as expected." : "The demo did NOT end as expected: see the log above and logs/.");
        out.flush();
        return ok ? ExitCodes.OK : ExitCodes.UNSUCCESSFUL;
    }

    private CommandLine sub() {
        return sub("buildd");
    }

    /** {@code buildd} or {@code wanna-build} in this process, printing where the demo prints. */
    private CommandLine sub(String program) {
        CommandLine cl = Main.commandLine(program);
        cl.setOut(spec.commandLine().getOut());
        cl.setErr(spec.commandLine().getErr());
        return cl;
    }

    private static void step(PrintWriter out, String n, String what) {
        out.println();
        out.println("== " + n + " " + what);
        out.flush();
    }

    /** Makes {@code dir} empty, refusing to empty a directory that is not a demo's. */
    static void fresh(Path dir) throws IOException {
        if (Files.exists(dir)) {
            boolean empty;
            try (Stream<Path> s = Files.list(dir)) {
                empty = s.findAny().isEmpty();
            }
            if (!empty && !Files.exists(dir.resolve(MARKER))) {
                throw new IllegalStateException(dir + " exists and is not a demo's data directory (no " + MARKER
                        + "); give another --data, or remove it");
            }
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                    if (!f.equals(dir)) {
                        Files.delete(f);
                    }
                }
            }
        }
        Files.createDirectories(dir);
        // sbuild's unprivileged build user reads the repository below it.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dir.resolve(MARKER), "made by 'buildd demo'; emptied by the next run\n");
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path f : s.toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** examples/ of the project this command runs from (bin/buildd sets buildd.home), or of the working directory. */
    static Path defaultExamples() {
        String home = System.getProperty("buildd.home");
        Path base = home != null ? Path.of(home) : Path.of("").toAbsolutePath();
        return base.resolve("examples");
    }
}
