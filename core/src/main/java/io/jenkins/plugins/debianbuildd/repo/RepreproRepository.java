package io.jenkins.plugins.debianbuildd.repo;

import io.jenkins.plugins.debianbuildd.archive.Changes;
import io.jenkins.plugins.debianbuildd.archive.Hashes;
import io.jenkins.plugins.debianbuildd.exec.Command;
import io.jenkins.plugins.debianbuildd.exec.CommandRunner;
import io.jenkins.plugins.debianbuildd.exec.ExecException;
import io.jenkins.plugins.debianbuildd.exec.ExecResult;
import io.jenkins.plugins.debianbuildd.formats.Deb822;
import io.jenkins.plugins.debianbuildd.formats.Deb822Writer;
import io.jenkins.plugins.debianbuildd.formats.FileEntry;
import io.jenkins.plugins.debianbuildd.formats.FormatException;
import io.jenkins.plugins.debianbuildd.formats.Names;
import io.jenkins.plugins.debianbuildd.formats.Paragraph;
import io.jenkins.plugins.debianbuildd.openpgp.GnupgHome;
import io.jenkins.plugins.debianbuildd.version.DebianVersion;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * An apt repository managed with reprepro: its configuration, publishing (include, includedeb,
 * includedsc), removal, migration between suites (copy, copysrc), listing, export and checks.
 *
 * <p>Every reprepro run is a {@link Command} from {@link RepreproCommands}, run by a {@link CommandRunner}.
 * Operations of this class are serialised per repository (within the JVM and, through a lock file next to
 * conf/, between processes), so that a version check and the include that follows it see the same
 * repository. reprepro's own lock ({@code db/lockfile}, held by any reprepro run, including one an
 * administrator started) is waited for up to a bound, then {@link RepreproException.Reason#LOCKED}.
 *
 * <p>Failed operations leave the repository unchanged: the version rule (reprepro would silently skip
 * an older version and include the rest) and the architectures are checked before reprepro runs, and
 * reprepro itself checks every file of an include before it changes the database.
 */
public final class RepreproRepository {
    /** The public keys of the signing keys, for apt's Signed-By, written next to dists/ and pool/. */
    public static final String KEYRING = "archive-keyring.gpg";
    public static final String KEYRING_ARMORED = "archive-keyring.asc";

    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
    private static final String LOCK_FILE = ".debian-buildd.lock";
    private static final Duration RETRY = Duration.ofMillis(200);

    private final RepreproCommands commands;
    private final GnupgHome gnupg;
    private final List<SuiteConfig> suites;
    private final CommandRunner runner;
    private final Duration lockWait;
    private final Duration timeout;

    private RepreproRepository(Path base, GnupgHome gnupg, List<SuiteConfig> suites, CommandRunner runner,
                               Duration lockWait, Duration timeout) {
        this.commands = new RepreproCommands(base, gnupg == null ? null : gnupg.dir());
        this.gnupg = gnupg;
        this.suites = List.copyOf(suites);
        this.runner = runner;
        this.lockWait = lockWait;
        this.timeout = timeout;
    }

    /**
     * Creates (or reconfigures) a repository: writes conf/distributions and conf/options, exports every
     * distribution (so that apt finds empty but valid indices), and for signed distributions writes the
     * public keys as {@value #KEYRING} and {@value #KEYRING_ARMORED} in the base directory. Suite aliases get
     * their dists/ symbolic link (dists/unstable to sid).
     *
     * @param gnupg the GnuPG home holding the secret keys named by SignWith; may be null when nothing is signed
     */
    public static RepreproRepository create(Path base, List<SuiteConfig> suites, GnupgHome gnupg) throws IOException {
        checkSuites(suites, gnupg);
        Path b = base.toAbsolutePath().normalize();
        Path conf = b.resolve("conf");
        Files.createDirectories(conf);
        StringWriter w = new StringWriter();
        try (Deb822Writer out = new Deb822Writer(w)) {
            for (SuiteConfig s : suites) {
                out.write(s.toParagraph());
            }
        }
        writeAtomically(conf.resolve("distributions"), w.toString());
        StringBuilder options = new StringBuilder("# Written by debian-buildd; one reprepro option per line.\n");
        if (gnupg != null) {
            // Lets an administrator's manual reprepro run sign like ours do.
            options.append("gnupghome ").append(gnupg.dir()).append('\n');
        }
        writeAtomically(conf.resolve("options"), options.toString());
        RepreproRepository repo = new RepreproRepository(b, gnupg, suites, CommandRunner.LOCAL, Duration.ofSeconds(60),
                Duration.ofMinutes(30));
        repo.export();
        repo.locked(() -> {
            repo.mutate(repo.commands.createSymlinks(), "createsymlinks", null);
            return null;
        });
        if (suites.stream().anyMatch(s -> s.signWith() != null)) {
            repo.exportPublicKeys(b.resolve(KEYRING), false);
            repo.exportPublicKeys(b.resolve(KEYRING_ARMORED), true);
        }
        return repo;
    }

    /** Opens an existing repository, reading its distributions from conf/distributions. */
    public static RepreproRepository open(Path base, GnupgHome gnupg) throws IOException {
        Path b = base.toAbsolutePath().normalize();
        Path dist = b.resolve("conf/distributions");
        if (!Files.isRegularFile(dist)) {
            throw new IOException(b + " is not a reprepro repository (no conf/distributions)");
        }
        List<SuiteConfig> suites = new ArrayList<>();
        for (Paragraph p : Deb822.parse(Files.readString(dist, StandardCharsets.UTF_8), dist.toString())) {
            suites.add(SuiteConfig.fromParagraph(p));
        }
        checkSuites(suites, gnupg);
        return new RepreproRepository(b, gnupg, suites, CommandRunner.LOCAL, Duration.ofSeconds(60), Duration.ofMinutes(30));
    }

    private static void checkSuites(List<SuiteConfig> suites, GnupgHome gnupg) {
        if (suites.isEmpty()) {
            throw new IllegalArgumentException("a repository needs at least one distribution");
        }
        Set<String> names = new HashSet<>();
        for (SuiteConfig s : suites) {
            if (!names.add(s.codename()) || (s.suite() != null && !s.suite().equals(s.codename()) && !names.add(s.suite()))) {
                throw new IllegalArgumentException("distribution name " + s.codename() + "/" + s.suite() + " is used twice");
            }
            if (s.signWith() != null) {
                if (gnupg == null) {
                    throw new IllegalArgumentException(s.codename() + " is signed with " + s.signWith()
                            + " but the repository has no GnuPG home");
                }
                if (gnupg.fingerprint(s.signWith()) == null) {
                    throw new IllegalArgumentException(s.codename() + ": no secret key " + s.signWith() + " in " + gnupg.dir());
                }
            }
        }
    }

    /** The same repository with commands run by {@code r} (a Jenkins launcher, for instance). */
    public RepreproRepository withRunner(CommandRunner r) {
        return new RepreproRepository(commands.base(), gnupg, suites, r, lockWait, timeout);
    }

    /** The same repository waiting at most {@code wait} for a lock held by another process. */
    public RepreproRepository withLockWait(Duration wait) {
        return new RepreproRepository(commands.base(), gnupg, suites, runner, wait, timeout);
    }

    public Path base() {
        return commands.base();
    }

    public RepreproCommands commands() {
        return commands;
    }

    public List<SuiteConfig> suites() {
        return suites;
    }

    /** The distribution with this codename or suite alias. */
    public Optional<SuiteConfig> suite(String name) {
        return suites.stream().filter(s -> s.isNamed(name)).findFirst();
    }

    private SuiteConfig requireSuite(String name, String packageName) {
        return suite(name).orElseThrow(() -> new RepreproException(RepreproException.Reason.UNKNOWN_DISTRIBUTION,
                packageName, (packageName == null ? "" : packageName + ": ") + "unknown distribution '" + name
                + "' (configured: " + suites.stream().map(SuiteConfig::codename).toList() + ")", ""));
    }

    // ---------------------------------------------------------------------------------------------
    // Publishing

    /**
     * Publishes everything a .changes lists into a distribution (the path after a build, and for accepted
     * uploads). Repeating a publish that already happened (same files) succeeds with
     * {@link PublishResult#alreadyPresent()}; so a step replayed after a crash is harmless.
     *
     * @throws RepreproException naming the package and the reason; the repository is then unchanged
     */
    public PublishResult include(String distribution, Path changesFile) throws IOException {
        Changes changes;
        try {
            changes = Changes.read(changesFile);
        } catch (FormatException e) {
            throw new RepreproException(RepreproException.Reason.FAILED, null, "cannot include " + changesFile + ": "
                    + e.getMessage(), "");
        }
        SuiteConfig suite = requireSuite(distribution, changes.source());
        if (changes.distributions().stream().noneMatch(suite::isNamed)) {
            throw new RepreproException(RepreproException.Reason.WRONG_DISTRIBUTION, changes.source(), changes.source()
                    + " " + changes.version() + ": " + changesFile.getFileName() + " is for " + changes.distributions()
                    + ", not " + suite.codename() + (suite.suite() == null ? "" : " (" + suite.suite() + ")"), "");
        }
        Path dir = changesFile.toAbsolutePath().getParent();
        List<Item> items = new ArrayList<>();
        for (FileEntry f : changes.files()) {
            Path p = dir.resolve(f.name());
            if (f.name().endsWith(".dsc") || f.name().endsWith(".deb") || f.name().endsWith(".udeb")) {
                if (!Files.isRegularFile(p)) {
                    throw new RepreproException(RepreproException.Reason.MISSING_FILE, changes.source(), changes.source()
                            + ": missing file " + p + " listed in " + changesFile, "");
                }
                items.add(item(suite, p, f.sha256(), changes.source()));
            }
        }
        if (items.isEmpty()) {
            throw new RepreproException(RepreproException.Reason.FAILED, changes.source(), changes.source() + ": "
                    + changesFile + " lists no .dsc, .deb or .udeb to include", "");
        }
        String what = "include " + suite.codename() + " " + changesFile.getFileName();
        Command command = commands.include(suite.codename(), changesFile);
        return publish(suite, changes.source(), changes.sourceVersion(), changes.architectures(), items, command, what);
    }

    /** Publishes one binary package; component/section/priority override the package's (each may be null). */
    public PublishResult includeDeb(String distribution, Path deb, String component, String section, String priority)
            throws IOException {
        SuiteConfig suite = requireSuite(distribution, null);
        Item item = item(suite, deb, Hashes.sha256(deb), null);
        return publish(suite, null, null, List.of(item.arch), List.of(item),
                commands.includeDeb(suite.codename(), deb, component, section, priority),
                "includedeb " + suite.codename() + " " + deb.getFileName());
    }

    /** Publishes one source package (the .dsc and the files it lists, which must be next to it or in the pool). */
    public PublishResult includeDsc(String distribution, Path dsc, String component, String section, String priority)
            throws IOException {
        SuiteConfig suite = requireSuite(distribution, null);
        Item item = item(suite, dsc, Hashes.sha256(dsc), null);
        return publish(suite, item.name, item.version, List.of("source"), List.of(item),
                commands.includeDsc(suite.codename(), dsc, component, section, priority),
                "includedsc " + suite.codename() + " " + dsc.getFileName());
    }

    /** One .dsc/.deb of a publish: what reprepro will add, and where. */
    private record Item(String fileName, String sha256, String name, DebianVersion version, String arch, boolean source) {
    }

    private Item item(SuiteConfig suite, Path file, String sha256, String uploadSource) throws IOException {
        String fileName = file.getFileName().toString();
        if (fileName.endsWith(".dsc")) {
            Paragraph p;
            try {
                p = Deb822.parseSingle(Changes.readText(file), file.toString());
                String name = p.require("Source").strip();
                Names.checkPackageName(name);
                return new Item(fileName, sha256, name, DebianVersion.parse(p.require("Version").strip()), "source", true);
            } catch (RuntimeException e) {
                throw new RepreproException(RepreproException.Reason.FAILED, uploadSource, "cannot read " + file + ": "
                        + e.getMessage(), "");
            }
        }
        ExecResult r = run(RepreproCommands.debFields(file));
        if (!r.succeeded()) {
            throw new RepreproException(RepreproException.Reason.FAILED, uploadSource, "cannot read " + file + ": "
                    + r.stderr().strip(), r.stderr());
        }
        Paragraph p = Deb822.parseSingle(r.stdout(), file + " (control)");
        String name = p.require("Package").strip();
        String arch = p.require("Architecture").strip();
        if (!Names.isPackageName(name) || !Names.isArchitectureName(arch)) {
            throw new RepreproException(RepreproException.Reason.FAILED, uploadSource, file + ": invalid package name '"
                    + name + "' or architecture '" + arch + "'", "");
        }
        if (!arch.equals("all") && !suite.architectures().contains(arch)) {
            throw new RepreproException(RepreproException.Reason.WRONG_ARCHITECTURE, name, name + ": " + fileName
                    + " is for " + arch + ", which " + suite.codename() + " does not have (" + suite.architectures() + ")", "");
        }
        return new Item(fileName, sha256, name, DebianVersion.parse(p.require("Version").strip()), arch, false);
    }

    private PublishResult publish(SuiteConfig suite, String source, DebianVersion sourceVersion, List<String> archs,
                                  List<Item> items, Command command, String what) {
        String named = source != null ? source : items.get(0).name;
        return locked(() -> {
            List<String> names = items.stream().map(Item::name).distinct().toList();
            List<PackageRecord> existing = records(commands.listPackages(suite.codename(), names), what, named);
            Set<String> present = new HashSet<>();
            for (Item item : items) {
                if (alreadyThere(item, existing, suite)) {
                    present.add(item.fileName);
                }
            }
            boolean all = present.size() == items.size();
            if (!all) {
                ExecResult r = run(command);
                String output = r.stdout() + r.stderr();
                if (!r.succeeded()) {
                    throw RepreproException.from(what, named, output);
                }
                Set<String> skippable = new HashSet<>();
                for (Item item : items) {
                    if (present.contains(item.fileName)) {
                        skippable.add("Skipping inclusion of '" + item.name + "' '" + item.version + "' in ");
                    }
                }
                for (String line : output.split("\n")) {
                    // reprepro skips what is already there (checked above to be these very files); anything else
                    // skipped can only come from a foreign reprepro run that added a newer version meanwhile.
                    if (line.startsWith("Skipping inclusion of ")
                            && skippable.stream().noneMatch(p -> line.startsWith(p) && sameVersionSkipped(line))) {
                        throw RepreproException.from(what, named, line);
                    }
                }
            }
            Set<String> fileNames = new HashSet<>();
            items.forEach(i -> fileNames.add(i.fileName));
            List<PackageRecord> published = records(commands.listPackages(suite.codename(), names), what, named).stream()
                    .filter(rec -> fileNames.contains(rec.fileName())).toList();
            // A single .deb names its source only in its control file; the repository read it from there.
            boolean fromIndex = source == null && !published.isEmpty();
            return new PublishResult(suite.codename(), fromIndex ? published.get(0).source() : source,
                    fromIndex ? published.get(0).sourceVersion() : sourceVersion, archs, published, all);
        });
    }

    /** Whether a "Skipping inclusion of 'p' 'v' in 't', as it has already 'w'." line has v equal to w. */
    private static boolean sameVersionSkipped(String line) {
        String[] q = line.split("'", -1);
        return q.length >= 9 && q[3].equals(q[7]);
    }

    /**
     * Whether the distribution already has this very file (a repeated publish), checked before reprepro runs;
     * a version that is not newer than what an index holds, with other content, is refused here because
     * reprepro would only skip it with a warning and include the rest of the upload.
     */
    private boolean alreadyThere(Item item, List<PackageRecord> existing, SuiteConfig suite) {
        boolean same = false;
        for (PackageRecord rec : existing) {
            if (!rec.name().equals(item.name) || rec.isSource() != item.source) {
                continue;
            }
            boolean sameIndex = item.source || item.arch.equals("all") || rec.architecture().equals(item.arch);
            if (!sameIndex) {
                continue;
            }
            int cmp = item.version.compareTo(rec.version());
            if (cmp > 0) {
                continue;
            }
            if (cmp == 0 && rec.fileName().equals(item.fileName) && sameContent(rec, item.sha256)) {
                same = true;
                continue;
            }
            throw new RepreproException(RepreproException.Reason.VERSION_NOT_NEWER, item.name, item.name + " "
                    + item.version + " (" + item.arch + "): not newer than " + rec.version() + " already in "
                    + rec.target() + (cmp == 0 ? " with other content" : ""), "");
        }
        return same;
    }

    private boolean sameContent(PackageRecord rec, String sha256) {
        try {
            Path f = base().resolve(rec.fileKey());
            return Files.isRegularFile(f) && Hashes.sha256(f).equals(sha256);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Removal and migration

    /**
     * Removes a source package and the binaries built from it from a distribution; returns what was removed.
     *
     * @param version only this version, or null for any
     */
    public List<PackageRecord> removeSource(String distribution, String source, String version) {
        SuiteConfig suite = requireSuite(distribution, source);
        return locked(() -> {
            String what = "removesrc " + suite.codename() + " " + source;
            List<PackageRecord> before = records(commands.listSource(suite.codename(), source), what, source).stream()
                    .filter(r -> version == null || r.sourceVersion().toString().equals(version)).toList();
            if (before.isEmpty()) {
                throw new RepreproException(RepreproException.Reason.NOT_FOUND, source, source
                        + (version == null ? "" : " " + version) + " is not in " + suite.codename(), "");
            }
            mutate(commands.removeSource(suite.codename(), source, version), what, source);
            return before;
        });
    }

    /**
     * Copies a source package and its binaries from one distribution to another (migration, unstable to
     * testing); returns the target's entries of that source afterwards. A version older than the target's
     * is refused.
     */
    public List<PackageRecord> copySource(String to, String from, String source) {
        SuiteConfig target = requireSuite(to, source);
        SuiteConfig origin = requireSuite(from, source);
        return locked(() -> {
            String what = "copysrc " + target.codename() + " " + origin.codename() + " " + source;
            List<PackageRecord> candidates = records(commands.listSource(origin.codename(), source), what, source);
            if (candidates.isEmpty()) {
                throw new RepreproException(RepreproException.Reason.NOT_FOUND, source, source + " is not in "
                        + origin.codename(), "");
            }
            refuseDowngrade(target, candidates, what);
            mutate(commands.copySource(target.codename(), origin.codename(), source), what, source);
            return records(commands.listSource(target.codename(), source), what, source);
        });
    }

    /** Copies packages by name (sources or binaries) between distributions; returns the target's entries of them. */
    public List<PackageRecord> copy(String to, String from, List<String> packages) {
        SuiteConfig target = requireSuite(to, null);
        SuiteConfig origin = requireSuite(from, null);
        return locked(() -> {
            String what = "copy " + target.codename() + " " + origin.codename() + " " + String.join(" ", packages);
            List<PackageRecord> candidates = records(commands.listPackages(origin.codename(), packages), what, null);
            for (String p : packages) {
                if (candidates.stream().noneMatch(r -> r.name().equals(p))) {
                    throw new RepreproException(RepreproException.Reason.NOT_FOUND, p, p + " is not in " + origin.codename(), "");
                }
            }
            refuseDowngrade(target, candidates, what);
            mutate(commands.copy(target.codename(), origin.codename(), packages), what, null);
            return records(commands.listPackages(target.codename(), packages), what, null);
        });
    }

    private void refuseDowngrade(SuiteConfig target, List<PackageRecord> candidates, String what) {
        List<String> names = candidates.stream().map(PackageRecord::name).distinct().toList();
        for (PackageRecord have : records(commands.listPackages(target.codename(), names), what, null)) {
            for (PackageRecord c : candidates) {
                if (c.name().equals(have.name()) && c.type().equals(have.type()) && c.architecture().equals(have.architecture())
                        && c.version().compareTo(have.version()) < 0) {
                    throw new RepreproException(RepreproException.Reason.VERSION_NOT_NEWER, c.name(), c.name() + " "
                            + c.version() + ": " + what + " would downgrade " + have.target() + ", which has " + have.version(), "");
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Queries, export, checks

    /** Every entry of a distribution. */
    public List<PackageRecord> list(String distribution) {
        SuiteConfig suite = requireSuite(distribution, null);
        return locked(() -> records(commands.list(suite.codename()), "list " + suite.codename(), null));
    }

    /** The entries of one source package (its .dsc and binaries) in a distribution. */
    public List<PackageRecord> listSource(String distribution, String source) {
        SuiteConfig suite = requireSuite(distribution, source);
        return locked(() -> records(commands.listSource(suite.codename(), source), "list " + suite.codename(), source));
    }

    /** The highest version of a source package in a distribution (what version enforcement compares against). */
    public Optional<DebianVersion> sourceVersion(String distribution, String source) {
        return listSource(distribution, source).stream().filter(PackageRecord::isSource).map(PackageRecord::version)
                .max(DebianVersion::compareTo);
    }

    /**
     * Where reprepro keeps a source package's files ({@code pool/main/h/hello}, {@code pool/main/libf/libfoo}),
     * where files an upload does not carry (an .orig.tar already uploaded) are found.
     */
    public Path poolDirectory(String component, String source) {
        Names.checkPackageName(source);
        String prefix = source.startsWith("lib") && source.length() > 3 ? source.substring(0, 4) : source.substring(0, 1);
        return base().resolve("pool").resolve(component).resolve(prefix).resolve(source);
    }

    /** Regenerates the indices and Release files of the given distributions (all when none is given). */
    public void export(String... distributions) {
        String[] codenames = new String[distributions.length];
        for (int i = 0; i < distributions.length; i++) {
            codenames[i] = requireSuite(distributions[i], null).codename();
        }
        locked(() -> {
            mutate(commands.export(codenames), "export", null);
            return null;
        });
    }

    /**
     * Checks that every package's files are registered ({@code check}) and that the pool holds them with
     * their checksums ({@code checkpool}).
     *
     * @throws RepreproException with {@link RepreproException.Reason#CHECK_FAILED} and reprepro's findings
     */
    public void check() {
        locked(() -> {
            for (Command c : List.of(commands.check(), commands.checkPool())) {
                ExecResult r = run(c);
                if (!r.succeeded()) {
                    String output = r.stdout() + r.stderr();
                    throw new RepreproException(RepreproException.Reason.CHECK_FAILED, null, "repository " + base()
                            + " is inconsistent (" + c.argv().get(c.argv().size() - 1) + "): " + output.strip(), output);
                }
            }
            return null;
        });
    }

    /** Writes the public keys of the signing keys (what apt users put in Signed-By). */
    public void exportPublicKeys(Path target, boolean armored) throws IOException {
        Set<String> keys = new LinkedHashSet<>();
        suites.forEach(s -> {
            if (s.signWith() != null) {
                keys.add(s.signWith());
            }
        });
        if (keys.isEmpty()) {
            throw new IllegalStateException("no distribution of " + base() + " is signed");
        }
        List<String> args = new ArrayList<>();
        if (armored) {
            args.add("--armor");
        }
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        args.addAll(List.of("--yes", "--output", tmp.toAbsolutePath().toString(), "--export"));
        args.addAll(keys);
        run(gnupg.gpg(args.toArray(new String[0]))).orThrow();
        if (Files.size(tmp) == 0) {
            throw new IOException("gpg exported nothing for " + keys);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    // ---------------------------------------------------------------------------------------------
    // Running reprepro

    private List<PackageRecord> records(Command list, String what, String packageName) {
        ExecResult r = run(list);
        if (!r.succeeded()) {
            throw RepreproException.from(what, packageName, r.stdout() + r.stderr());
        }
        List<PackageRecord> out = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            if (!line.isEmpty()) {
                out.add(PackageRecord.parse(line));
            }
        }
        return out;
    }

    private void mutate(Command command, String what, String packageName) {
        ExecResult r = run(command);
        if (!r.succeeded()) {
            throw RepreproException.from(what, packageName, r.stdout() + r.stderr());
        }
    }

    private final ThreadLocal<Long> deadline = new ThreadLocal<>();

    /**
     * Runs a command. A reprepro run that finds db/lockfile (another reprepro at work) changed nothing and
     * is retried until the lock deadline of the current operation.
     */
    private ExecResult run(Command command) {
        while (true) {
            ExecResult r;
            try {
                r = runner.run(command, timeout);
            } catch (ExecException e) {
                throw new RepreproException(RepreproException.Reason.FAILED, null, e.getMessage(), e.output());
            }
            if (r.succeeded() || !command.program().equals("reprepro")) {
                return r;
            }
            RepreproException e = RepreproException.from("reprepro", null, r.stdout() + r.stderr());
            if (e.reason() != RepreproException.Reason.LOCKED) {
                return r;
            }
            Long until = deadline.get();
            if (until == null || System.nanoTime() - until >= 0) {
                throw new RepreproException(RepreproException.Reason.LOCKED, null, e.getMessage() + "; gave up after "
                        + lockWait.toSeconds() + " s", e.output());
            }
            sleep(RETRY);
        }
    }

    /**
     * Runs {@code action} holding the repository: the JVM-wide lock of this base directory and the
     * lock file shared with other processes, both waited for up to the lock wait.
     */
    private <T> T locked(Supplier<T> action) {
        ReentrantLock jvm = JVM_LOCKS.computeIfAbsent(base(), k -> new ReentrantLock());
        if (jvm.isHeldByCurrentThread()) {
            return action.get();
        }
        long until = System.nanoTime() + lockWait.toNanos();
        try {
            if (!jvm.tryLock(lockWait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw lockedByUs(null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RepreproException(RepreproException.Reason.LOCKED, null, "interrupted waiting for " + base(), "");
        }
        Path lockFile = base().resolve(LOCK_FILE);
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock;
            while ((lock = ch.tryLock()) == null) {
                if (System.nanoTime() - until >= 0) {
                    throw lockedByUs(lockFile);
                }
                sleep(RETRY);
            }
            deadline.set(until);
            try {
                return action.get();
            } finally {
                deadline.remove();
                lock.release();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + lockFile, e);
        } finally {
            jvm.unlock();
        }
    }

    private RepreproException lockedByUs(Path lockFile) {
        return new RepreproException(RepreproException.Reason.LOCKED, null, "repository " + base() + " is busy: "
                + (lockFile == null ? "another thread" : "another process holding " + lockFile) + " did not finish within "
                + lockWait.toSeconds() + " s", "");
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RepreproException(RepreproException.Reason.LOCKED, null, "interrupted while waiting for the lock", "");
        }
    }

    private static void writeAtomically(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
