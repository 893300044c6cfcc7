package io.jenkins.plugins.debianbuildd.cli.standalone;

import io.jenkins.plugins.debianbuildd.arch.ArchTable;
import io.jenkins.plugins.debianbuildd.chroot.ChrootSpec;
import io.jenkins.plugins.debianbuildd.cli.config.BuilddConfig;
import io.jenkins.plugins.debianbuildd.cli.config.Instances;
import io.jenkins.plugins.debianbuildd.exec.LocalExec;
import io.jenkins.plugins.debianbuildd.formats.Names;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code buildd init}: a data directory with a documented buildd.conf, its layout and its repository. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Create a standalone buildd's data directory: a documented buildd.conf (edit it afterwards),"
                + " the directory layout, and the signed reprepro repository (its key generated in gnupg/).",
                "Refuses to overwrite an existing buildd.conf unless --force is given."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:initialised", "1:the data directory has a buildd.conf already (without --force), or a step failed",
                "2:invalid usage"})
public final class InitCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR",
            description = "The data directory to create (default: $DEBIAN_BUILDD_DATA, else ~/.local/share/debian-buildd; /var/lib/debian-buildd for root).")
    Path data;

    @Option(names = "--suite", paramLabel = "SUITE", defaultValue = "unstable",
            description = "The suite of the repository to build (default: ${DEFAULT-VALUE}).")
    String suite;

    @Option(names = {"--arch", "-A"}, paramLabel = "ARCH", split = ",",
            description = "Architectures to build for, comma-separated (default: this machine's).")
    List<String> architectures;

    @Option(names = "--arch-all", paramLabel = "ARCH",
            description = "The architecture that builds arch:all packages (default: amd64 when built, else the first).")
    String archAll;

    @Option(names = "--mirror", paramLabel = "URL", defaultValue = "http://deb.debian.org/debian",
            description = "The Debian mirror chroots and build-dependencies come from (default: ${DEFAULT-VALUE}).")
    URI mirror;

    @Option(names = "--chroot-distribution", paramLabel = "DIST",
            description = "The Debian distribution the chroots are made of and packages build against"
                    + " (default: this machine's, from /etc/os-release).")
    String chrootDistribution;

    @Option(names = "--chroot-dir", paramLabel = "DIR", defaultValue = BuilddConfig.DEFAULT_CHROOT_DIRECTORY,
            description = "Where chroots are kept, outside the data directory so that they are reused (default: ${DEFAULT-VALUE}).")
    String chrootDir;

    @Option(names = "--builder-name", paramLabel = "NAME",
            description = "The name this buildd takes packages under in wanna-build (default: buildd-<host name>).")
    String builderName;

    @Option(names = "--database", paramLabel = "URL",
            description = "embedded (default: an SQLite database in the data directory) or a jdbc:postgresql: URL.")
    String database;

    @Option(names = "--uploaders-keyring", paramLabel = "FILE",
            description = "Public keys allowed to upload (a keyring or exported keys), copied to keys/uploaders.gpg.")
    Path uploadersKeyring;

    @Option(names = "--force", description = "Overwrite an existing buildd.conf (the rest of the data directory is kept).")
    boolean force;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path option = data;
        if (option == null && spec.parent() != null && spec.parent().userObject() instanceof io.jenkins.plugins.debianbuildd.cli.BuilddCommand b) {
            option = b.dataOption();
        }
        Path dataDir = Instances.dataDir(option);
        String text = render();
        Path conf = dataDir.resolve(BuilddConfig.FILE_NAME);
        if (Files.exists(conf) && !force) {
            throw new IOException(conf + " exists already: this data directory is initialised"
                    + " (edit it, or give --force to write a new one)");
        }
        BuilddConfig config = BuilddConfig.parse(dataDir, text, conf.toString());
        if (uploadersKeyring != null && !Files.isRegularFile(uploadersKeyring)) {
            throw usage("no such keyring file: " + uploadersKeyring);
        }
        Files.createDirectories(dataDir);
        Path tmp = conf.resolveSibling(BuilddConfig.FILE_NAME + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, conf, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Instance.createLayout(config);
        if (uploadersKeyring != null) {
            Files.copy(uploadersKeyring, config.instance().uploadersKeyring(), StandardCopyOption.REPLACE_EXISTING);
        }
        out.println("Wrote " + conf);
        try (Instance instance = Instance.of(config)) {
            long t0 = System.nanoTime();
            var repo = instance.repository();
            out.printf("Repository %s ready in %s%n", repo.base(), Console.elapsed(Duration.ofNanos(System.nanoTime() - t0)));
            out.println("  signed by: " + instance.signingKey().map(k -> k + " (" + config.gnupgHome() + ")").orElse("nobody (Repository-Key: none)"));
            for (BuilddConfig.Suite s : config.suites()) {
                out.printf("  suite %s: %s (arch:all on %s), building against %s from %s%n", s.name(),
                        String.join(" ", s.architectures()), s.archAll(), s.buildAgainst(), config.instance().mirror());
                out.println("  apt: " + instance.aptLine(s.name()));
            }
            out.println("Chroots in " + config.chrootDir() + ":");
            for (ChrootSpec c : instance.configuredChroots()) {
                boolean present = instance.chroots().find(c.id()).isPresent();
                out.println("  " + c.id().name() + (present ? ": present, reused" : ": missing (buildd chroot create)"));
            }
            Path keyring = config.instance().uploadersKeyring();
            out.println("Uploads: dput to " + instance.incomingConfig().incoming() + ", signed by a key of " + keyring
                    + (Files.isRegularFile(keyring) ? "" : " (missing: put the uploaders' public keys there)"));
        }
        out.println("Next: edit " + conf + " if needed, then 'buildd chroot create'.");
        out.flush();
        return ExitCodes.OK;
    }

    private String render() {
        if (!Names.isSuiteName(suite)) {
            throw usage("invalid suite name '" + suite + "'");
        }
        List<String> archs = architectures == null || architectures.isEmpty() ? List.of(hostArchitecture()) : architectures;
        ArchTable table = ArchTable.system();
        for (String a : archs) {
            if (!table.isKnown(a) || a.equals("all") || a.equals("any")) {
                throw usage("unknown architecture '" + a + "'");
            }
        }
        String all = archAll != null ? archAll : archs.contains("amd64") ? "amd64" : archs.get(0);
        if (!archs.contains(all)) {
            throw usage("--arch-all " + all + " is not one of the architectures " + String.join(",", archs));
        }
        String dist = chrootDistribution != null ? chrootDistribution : hostCodename();
        if (!Names.isSuiteName(dist)) {
            throw usage("invalid distribution name '" + dist + "'");
        }
        String scheme = mirror.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) && !"file".equals(scheme)) {
            throw usage("the mirror must be an http, https or file URL, not '" + mirror + "'");
        }
        if (chrootDir.isBlank() || chrootDir.contains("\n")) {
            throw usage("invalid chroot directory '" + chrootDir + "'");
        }
        String name = builderName != null ? builderName : BuilddConfig.defaultBuilder();
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._@+-]*")) {
            throw usage("invalid builder name '" + name + "' (letters, digits and . _ @ + -)");
        }
        String text = BuilddConfig.render(name, mirror.toString(), dist, chrootDir, suite, archs, all);
        if (database != null) {
            if (!database.equals("embedded") && !database.startsWith("jdbc:postgresql:")) {
                throw usage("--database must be embedded or a jdbc:postgresql: URL, not '" + database + "'");
            }
            text = text.replace("\nDatabase: embedded\n", "\nDatabase: " + database + "\n");
        }
        return text;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    static String hostArchitecture() {
        return LocalExec.run(io.jenkins.plugins.debianbuildd.exec.Command.of("dpkg", "--print-architecture"), Duration.ofSeconds(30)).orThrow().stdout().strip();
    }

    /** VERSION_CODENAME of /etc/os-release (bookworm on the project's machines). */
    static String hostCodename() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("VERSION_CODENAME=")) {
                    String v = line.substring("VERSION_CODENAME=".length()).replace("\"", "").strip();
                    if (!v.isEmpty()) {
                        return v;
                    }
                }
            }
        } catch (IOException e) {
            // No os-release: not Debian-like; fall back below.
        }
        return "bookworm";
    }
}
