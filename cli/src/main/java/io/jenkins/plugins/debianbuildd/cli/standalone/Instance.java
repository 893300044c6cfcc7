package io.jenkins.plugins.debianbuildd.cli.standalone;

import io.jenkins.plugins.debianbuildd.archive.BuildScope;
import io.jenkins.plugins.debianbuildd.archive.SourcePackage;
import io.jenkins.plugins.debianbuildd.build.BinNmu;
import io.jenkins.plugins.debianbuildd.build.BuildRequest;
import io.jenkins.plugins.debianbuildd.build.LocalBuildExecutor;
import io.jenkins.plugins.debianbuildd.buildd.BuildBackend;
import io.jenkins.plugins.debianbuildd.buildd.BuildJob;
import io.jenkins.plugins.debianbuildd.buildd.JobJournal;
import io.jenkins.plugins.debianbuildd.buildd.OutcomeRecorder;
import io.jenkins.plugins.debianbuildd.buildd.Publisher;
import io.jenkins.plugins.debianbuildd.buildd.Worker;
import io.jenkins.plugins.debianbuildd.chroot.AptSource;
import io.jenkins.plugins.debianbuildd.chroot.BuilderKind;
import io.jenkins.plugins.debianbuildd.chroot.ChrootId;
import io.jenkins.plugins.debianbuildd.chroot.ChrootManager;
import io.jenkins.plugins.debianbuildd.chroot.ChrootSpec;
import io.jenkins.plugins.debianbuildd.cli.config.BuilddConfig;
import io.jenkins.plugins.debianbuildd.cli.config.Instances;
import io.jenkins.plugins.debianbuildd.exec.Command;
import io.jenkins.plugins.debianbuildd.exec.ExecResult;
import io.jenkins.plugins.debianbuildd.exec.LocalExec;
import io.jenkins.plugins.debianbuildd.formats.Deb822;
import io.jenkins.plugins.debianbuildd.formats.Paragraph;
import io.jenkins.plugins.debianbuildd.incoming.IncomingConfig;
import io.jenkins.plugins.debianbuildd.incoming.IncomingQueue;
import io.jenkins.plugins.debianbuildd.openpgp.ClearSigned;
import io.jenkins.plugins.debianbuildd.openpgp.GnupgHome;
import io.jenkins.plugins.debianbuildd.repo.PackageRecord;
import io.jenkins.plugins.debianbuildd.repo.RepreproRepository;
import io.jenkins.plugins.debianbuildd.repo.SuiteConfig;
import io.jenkins.plugins.debianbuildd.version.DebianVersion;
import io.jenkins.plugins.debianbuildd.wannabuild.WannaBuildStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything a standalone buildd has, opened from its data directory and {@code buildd.conf}: the
 * configuration, the wanna-build store, the reprepro repository (made, and its signing key generated,
 * on first use), the chroots, the incoming queue, and what a build needs (chroot, .dsc, request, log
 * directory). The commands and the daemon share it; parts are opened when first asked for and closed
 * by {@link #close()}.
 *
 * <p>Layout of a data directory:
 * <pre>
 *   buildd.conf   the configuration (BuilddConfig.TEMPLATE)
 *   db/           the embedded wanna-build database (Database: embedded)
 *   repository/   the reprepro repository: conf/, db/, dists/, pool/, archive-keyring.gpg|.asc
 *   gnupg/        the repository's signing key (Repository-Key: generate)
 *   keys/         uploaders.gpg: the keys allowed to upload
 *   incoming/     the upload queue: incoming/ (dput's target), work/, accepted/, rejected/
 *   build/        one work directory per running build (removed once its result is recorded)
 *   journal/      where a Built package's .changes is, until it is published (JobJournal)
 *   logs/         every build's log, <source>_<version>_<arch>-<UTC time>.build
 * </pre>
 * Chroots live in Chroot-Directory, {@code ~/.cache/debian-buildd/chroots} by default: outside the data
 * directory, so a new data directory reuses them.
 *
 * <p>Thread-safe: the daemon's workers may share one instance.
 */
public final class Instance implements AutoCloseable {
    /** The user id of the key {@code Repository-Key: generate} makes in gnupg/. */
    public static final String GENERATED_KEY_UID = "debian-buildd archive signing key <debian-buildd@localhost>";
    /** The keyring mmdebstrap and apt use when none is given: a chroot spec names no other. */
    static final Path DEBIAN_KEYRING = Path.of("/usr/share/keyrings/debian-archive-keyring.gpg");
    /** How long a build waits for its chroot while the chroot is being upgraded. */
    public static final Duration CHROOT_WAIT = Duration.ofMinutes(30);

    private final BuilddConfig config;
    private final Map<String, Boolean> runnable = new ConcurrentHashMap<>();
    private WannaBuildStore store;
    private GnupgHome gnupg;
    private String signingKey;
    private RepreproRepository repository;
    private ChrootManager chroots;
    private String hostArchitecture;

    private Instance(BuilddConfig config) {
        this.config = config;
    }

    /** Reads {@code <dataDir>/buildd.conf}; nothing else is opened yet. */
    public static Instance open(Path dataDir) throws IOException {
        return new Instance(BuilddConfig.load(dataDir));
    }

    public static Instance of(BuilddConfig config) {
        return new Instance(config);
    }

    /** Creates the directories of a data directory (idempotent). */
    public static void createLayout(BuilddConfig config) throws IOException {
        Path data = config.dataDir();
        Path queue = config.incomingDir();
        for (Path d : List.of(data, config.repositoryDir(), config.logDir(), config.buildDir(), queue.resolve("incoming"),
                queue.resolve("work"), queue.resolve("accepted"), queue.resolve("rejected"), data.resolve("keys"))) {
            Files.createDirectories(d);
        }
        // sbuild's unshared user reads the repository (bind-mounted into the build) and unpacks the chroot
        // under build/: both must be reachable by a user without privileges.
        for (Path d : List.of(data, config.repositoryDir(), config.buildDir())) {
            worldReadable(d);
        }
        new GnupgHome(config.gnupgHome());
    }

    private static void worldReadable(Path dir) throws IOException {
        try {
            var perms = Files.getPosixFilePermissions(dir);
            perms.add(PosixFilePermission.OTHERS_EXECUTE);
            perms.add(PosixFilePermission.OTHERS_READ);
            perms.add(PosixFilePermission.GROUP_EXECUTE);
            perms.add(PosixFilePermission.GROUP_READ);
            Files.setPosixFilePermissions(dir, perms);
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: nothing to set.
        }
    }

    public BuilddConfig config() {
        return config;
    }

    public Path dataDir() {
        return config.dataDir();
    }

    /** The name this buildd takes packages under in wanna-build (Builder-Name). */
    public String builderName() {
        return config.instance().builderName();
    }

    /** The configured build driver (Builder: sbuild or pbuilder). */
    public BuilderKind builderKind() {
        return BuilderKind.fromId(config.instance().builder());
    }

    // ------------------------------------------------------------------------------------ wanna-build

    /** The wanna-build store, its suites those of the configuration (opened on first use). */
    public synchronized WannaBuildStore store() throws IOException {
        if (store == null) {
            store = Instances.openStore(config);
        }
        return store;
    }

    // ------------------------------------------------------------------------------------ repository

    public synchronized GnupgHome gnupg() throws IOException {
        if (gnupg == null) {
            gnupg = new GnupgHome(config.gnupgHome());
        }
        return gnupg;
    }

    /**
     * The fingerprint (or id) of the key signing the repository, generated in gnupg/ on first use when
     * Repository-Key is {@code generate}; empty when it is {@code none}.
     */
    public synchronized Optional<String> signingKey() throws IOException {
        String k = config.instance().repositoryKey();
        if (k.equals("none")) {
            return Optional.empty();
        }
        if (signingKey == null) {
            if (k.equals("generate")) {
                String fpr = gnupg().fingerprint(GENERATED_KEY_UID);
                signingKey = fpr != null ? fpr : gnupg().generateSigningKey(GENERATED_KEY_UID);
            } else {
                if (gnupg().fingerprint(k) == null) {
                    throw new IOException("Repository-Key " + k + " is not a secret key of " + config.gnupgHome()
                            + " (import it there: gpg --homedir " + config.gnupgHome() + " --import KEYFILE)");
                }
                signingKey = k;
            }
        }
        return Optional.of(signingKey);
    }

    /** The distributions the configuration asks of the repository: one per suite, source plus its architectures. */
    public List<SuiteConfig> repositorySuites() throws IOException {
        String key = signingKey().orElse(null);
        List<SuiteConfig> out = new ArrayList<>();
        for (BuilddConfig.Suite s : config.suites()) {
            out.add(SuiteConfig.of(s.name(), null, s.architectures(), s.components())
                    .withDescription(s.description())
                    .withOriginAndLabel("debian-buildd", s.name())
                    .withSignWith(key));
        }
        return out;
    }

    /**
     * The reprepro repository in {@code repository/}: created on first use, and reconfigured when the
     * configuration's suites, architectures, components or key changed. A suite removed from the
     * configuration stays in reprepro's database until {@code reprepro clearvanished}.
     */
    public synchronized RepreproRepository repository() throws IOException {
        if (repository == null) {
            createLayout(config);
            List<SuiteConfig> wanted = repositorySuites();
            Path base = config.repositoryDir();
            RepreproRepository r = null;
            if (Files.isRegularFile(base.resolve("conf/distributions"))) {
                r = RepreproRepository.open(base, gnupg());
                if (!r.suites().equals(wanted)) {
                    r = null;
                }
            }
            repository = r != null ? r : RepreproRepository.create(base, wanted, gnupg());
        }
        return repository;
    }

    /** The public key apt verifies the repository with (armored), or empty when it is unsigned. */
    public Optional<Path> repositoryKeyFile() throws IOException {
        if (signingKey().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(repository().base().resolve(RepreproRepository.KEYRING_ARMORED));
    }

    /** The repository's suite as an apt source ({@code file:} URI, signed by our key): what builds build against. */
    public AptSource repositorySource(String suite) throws IOException {
        BuilddConfig.Suite s = config.suite(suite);
        Optional<Path> key = repositoryKeyFile();
        return new AptSource("deb", repository().base().toUri(), s.name(), s.components(), key.orElse(null), key.isEmpty());
    }

    /** The sources.list line a user of this machine puts into apt to install what was published in {@code suite}. */
    public String aptLine(String suite) throws IOException {
        return repositorySource(suite).toSourcesLine();
    }

    // ------------------------------------------------------------------------------------ chroots

    public synchronized ChrootManager chroots() {
        if (chroots == null) {
            chroots = new ChrootManager(config.chrootDir());
        }
        return chroots;
    }

    /** The chroot that builds {@code suite} on {@code arch}: its Build-Against distribution, the configured builder. */
    public ChrootId chrootId(String suite, String arch) {
        checkArchitecture(suite, arch);
        return new ChrootId(config.suite(suite).buildAgainst(), arch, builderKind());
    }

    /** The spec of {@link #chrootId}: Build-Against from the Mirror, with Chroot-Include. */
    public ChrootSpec chrootSpec(String suite, String arch) {
        ChrootId id = chrootId(suite, arch);
        return chrootSpec(id.suite(), id.architecture(), id.kind());
    }

    /**
     * A chroot of any distribution from the configured mirror. Our own repository is not part of it: it
     * is added to each build ({@link #repositorySource}), so that one chroot serves every suite that
     * builds against the same distribution and always sees what was published a moment ago.
     */
    public ChrootSpec chrootSpec(String distribution, String arch, BuilderKind kind) {
        BuilddConfig.Instance i = config.instance();
        ChrootSpec spec = ChrootSpec.of(distribution, arch, kind).withMirror(i.mirror());
        // Debian's keyring is mmdebstrap's default: naming it would make an otherwise identical chroot differ.
        if (!i.mirrorKeyring().equals(DEBIAN_KEYRING)) {
            spec = spec.withKeyring(i.mirrorKeyring());
        }
        if (!i.chrootInclude().isEmpty()) {
            spec = spec.withInclude(i.chrootInclude().toArray(new String[0]));
        }
        return spec;
    }

    /** Every chroot the configuration needs (each suite's Build-Against on each of its architectures), in order. */
    public List<ChrootSpec> configuredChroots() {
        Map<ChrootId, ChrootSpec> out = new LinkedHashMap<>();
        for (BuilddConfig.Suite s : config.suites()) {
            for (String a : s.architectures()) {
                ChrootSpec spec = chrootSpec(s.name(), a);
                out.putIfAbsent(spec.id(), spec);
            }
        }
        return List.copyOf(out.values());
    }

    /** This machine's architecture ({@code dpkg --print-architecture}). */
    public synchronized String hostArchitecture() {
        if (hostArchitecture == null) {
            hostArchitecture = LocalExec.run(Command.of("dpkg", "--print-architecture"), Duration.ofSeconds(30))
                    .orThrow().stdout().strip();
        }
        return hostArchitecture;
    }

    /** Whether this machine runs {@code arch} binaries (natively or through qemu-user and binfmt): {@code arch-test}. */
    public boolean canRun(String arch) {
        if (arch.equals(hostArchitecture())) {
            return true;
        }
        return runnable.computeIfAbsent(arch, a -> {
            ExecResult r = LocalExec.run(Command.of("arch-test", a), Duration.ofSeconds(60));
            return r.succeeded();
        });
    }

    /** The architectures of {@code suite} this machine can build (what the daemon starts a worker for). */
    public List<String> buildableArchitectures(String suite) {
        return config.suite(suite).architectures().stream().filter(this::canRun).toList();
    }

    // ------------------------------------------------------------------------------------ incoming

    /** The queue's settings: {@code incoming/}, the uploaders keyring, Version-Enforcement, each suite's Arch-All. */
    public IncomingConfig incomingConfig() {
        IncomingConfig c = IncomingConfig.of(config.incomingDir(), config.instance().uploadersKeyring())
                .withEnforceNewerVersion(config.instance().versionEnforcement());
        for (BuilddConfig.Suite s : config.suites()) {
            c = c.withArchAllArchitecture(s.name(), s.archAll());
        }
        return c;
    }

    /**
     * The incoming queue, handing accepted uploads to {@code handler} (usually {@link #needsBuildHandler()}).
     *
     * @throws IOException when the uploaders keyring is missing (every upload would be rejected)
     */
    public IncomingQueue incoming(io.jenkins.plugins.debianbuildd.incoming.AcceptedUploadHandler handler) throws IOException {
        Path keyring = config.instance().uploadersKeyring();
        if (!Files.isRegularFile(keyring)) {
            throw new IOException("no uploaders keyring " + keyring + ": put the public keys allowed to upload there"
                    + " (gpg --export KEYID > " + keyring + ", or buildd init --uploaders-keyring FILE)");
        }
        return new IncomingQueue(incomingConfig(), repository(), handler);
    }

    /** Enters accepted uploads into wanna-build as Needs-Build on each architecture of their plan (idempotent). */
    public NeedsBuildRegistrar needsBuildHandler() throws IOException {
        return new NeedsBuildRegistrar(store(), builderName());
    }

    // ------------------------------------------------------------------------------------ builds

    /**
     * Checks that sbuild's unprivileged user (unshare mode) can reach the repository (bind-mounted into each
     * build) and the build directory: every directory above them must be searchable by others. Otherwise
     * every build would end given back at apt-get update, so the daemon checks this before taking anything.
     *
     * @throws IllegalStateException naming the directory that is closed and what to do
     */
    public void checkReachableByBuilds() {
        if (builderKind() != BuilderKind.SBUILD) {
            return;
        }
        for (Path target : List.of(config.repositoryDir(), config.buildDir())) {
            for (Path p = target.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
                try {
                    if (Files.exists(p) && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                        throw new IllegalStateException("sbuild's unprivileged build user cannot reach " + target + ": " + p
                                + " is closed to others; use a data directory elsewhere (buildd init --data /srv/buildd)"
                                + " or open it (chmod o+x " + p + ")");
                    }
                } catch (IOException | UnsupportedOperationException e) {
                    return;
                }
            }
        }
    }

    /** Where builds run ({@code build/}); each gets its own directory there. */
    public LocalBuildExecutor executor() {
        return new LocalBuildExecutor(config.buildDir());
    }

    /** Where build logs are kept ({@code logs/}). */
    public Path logDir() {
        return config.logDir();
    }

    /** The .dsc of {@code source} at {@code version} in the repository's pool. */
    public Path dscPath(String suite, String source, DebianVersion version) throws IOException {
        config.suite(suite);
        List<PackageRecord> dscs = repository().listSource(suite, source).stream().filter(PackageRecord::isSource).toList();
        for (PackageRecord r : dscs) {
            // A version without epoch, as in file names, names the version with its epoch.
            if (r.version().equals(version) || (version.epoch() == 0 && r.version().withoutEpoch().equals(version.toString()))) {
                return repository().base().resolve(r.fileKey());
            }
        }
        throw new IllegalArgumentException(source + " " + version + " is not in suite " + suite + " of the repository"
                + (dscs.isEmpty() ? "" : " (it has " + String.join(", ", dscs.stream().map(r -> r.version().toString()).toList()) + ")"));
    }

    /** The newest version of {@code source} in the repository's suite. */
    public Optional<DebianVersion> sourceVersion(String suite, String source) throws IOException {
        config.suite(suite);
        return repository().sourceVersion(suite, source);
    }

    /** Reads a .dsc (signed or not) as a source package. */
    public static SourcePackage readDsc(Path dsc) throws IOException {
        String text = Files.readString(dsc, StandardCharsets.UTF_8);
        if (ClearSigned.isClearSigned(text)) {
            text = ClearSigned.parse(text, dsc.toString()).text();
        }
        Paragraph p = Deb822.parseSingle(text, dsc.toString());
        return SourcePackage.of(p);
    }

    /**
     * The build of {@code source_version} from the repository for {@code suite} on {@code arch}: arch:all
     * packages too when {@code arch} is the suite's Arch-All (the same {@link BuildScope} rule as upload
     * intake and the merge), our repository's suite as an extra repository, the configured time limit and
     * profiles.
     */
    public BuildRequest buildRequest(String suite, String arch, String source, DebianVersion version) throws IOException {
        return buildRequest(suite, arch, dscPath(suite, source, version));
    }

    /** The build of a package a worker took: its version, and its binNMU when one is scheduled. */
    public BuildRequest buildRequest(BuildJob job) throws IOException {
        BuildRequest r = buildRequest(job.suite(), job.arch(), job.packageName(), job.version());
        if (job.binNmu() > 0) {
            if (!r.archAny()) {
                throw new IllegalArgumentException(job + ": a binNMU rebuilds architecture-dependent packages,"
                        + " and this source has none on " + job.arch());
            }
            String changelog = job.binNmuChangelog() == null || job.binNmuChangelog().isBlank()
                    ? "Rebuild on " + job.arch() : job.binNmuChangelog().strip().lines().findFirst().orElse("Rebuild");
            r = r.withArchAll(false).withBinNmu(new BinNmu(job.binNmu(), changelog, null));
        }
        return r;
    }

    // ------------------------------------------------------------------------------------ the daemon's parts

    /** Publishes a successful build's .changes into the job's suite of the repository. */
    public Publisher publisher() {
        return (job, changes) -> repository().include(job.suite(), changes);
    }

    /**
     * Runs a taken job here: its request ({@link #buildRequest(BuildJob)}), in its chroot (held shared), with
     * the log kept in logs/ ({@link BuildCycle#build}). The work directory stays until {@link BuildCycle#discard}.
     */
    public BuildBackend buildBackend() {
        BuildCycle cycle = new BuildCycle(this);
        return (job, listener, cancellation) -> cycle.build(buildRequest(job), listener, cancellation).result();
    }

    /** wanna-build told how builds went, auto-fail on (no administrator in between): core's one mapping. */
    public OutcomeRecorder outcomeRecorder() throws IOException {
        return new OutcomeRecorder(store(), builderName(), publisher(), true);
    }

    /** Where a Built package's .changes is remembered until it is published ({@code journal/}). */
    public JobJournal jobJournal() {
        return new JobJournal(dataDir().resolve("journal"));
    }

    /**
     * A worker for {@code arch}: takes from the suites built for it (in the configuration's order), builds
     * here, publishes, records. The daemon runs one per {@link #buildableArchitectures} entry.
     */
    public Worker worker(String arch, Worker.Events events) throws IOException {
        List<String> suites = config.suites().stream().filter(s -> s.architectures().contains(arch))
                .map(BuilddConfig.Suite::name).toList();
        if (suites.isEmpty()) {
            throw new IllegalArgumentException("no configured suite is built for " + arch);
        }
        return new Worker(store(), buildBackend(), outcomeRecorder(), jobJournal(), builderName(), arch, suites, events);
    }

    /** The build of a .dsc file (from the repository's pool or anywhere else) for {@code suite} on {@code arch}. */
    public BuildRequest buildRequest(String suite, String arch, Path dsc) throws IOException {
        BuilddConfig.Suite s = config.suite(suite);
        checkArchitecture(suite, arch);
        if (!Files.isRegularFile(dsc)) {
            throw new IllegalArgumentException("no such .dsc file: " + dsc);
        }
        SourcePackage sp = readDsc(dsc);
        List<String> archs = sp.effectiveArchitectures();
        BuildScope scope = BuildScope.of(archs, arch, s.archAll());
        BuildRequest r = BuildRequest.of(dsc.toAbsolutePath().normalize(), s.name(), arch);
        switch (scope) {
            case ARCH_DEPENDENT -> r = r.withArchAll(scope.buildsArchAll(archs, arch, s.archAll()));
            case ARCH_ALL_ONLY -> r = r.archAllOnly();
            case AUTO_NOT_FOR_US -> throw new IllegalArgumentException(sp + " has only arch:all packages, which suite "
                    + s.name() + " builds on " + s.archAll() + ", not " + arch);
            case NOT_FOR_THIS_ARCH -> throw new IllegalArgumentException(sp + " is not built on " + arch
                    + " (Architecture: " + String.join(" ", sp.architectures()) + ")");
        }
        r = r.withTimeout(config.instance().buildTimeout()).withExtraRepository(repositorySource(s.name()));
        if (!config.instance().buildProfiles().isEmpty()) {
            r = r.withProfiles(config.instance().buildProfiles().toArray(new String[0]));
        }
        return r;
    }

    private void checkArchitecture(String suite, String arch) {
        BuilddConfig.Suite s = config.suite(suite);
        if (!s.architectures().contains(arch)) {
            throw new IllegalArgumentException("suite " + suite + " is not built for " + arch + " (Architectures: "
                    + String.join(" ", s.architectures()) + ")");
        }
    }

    // ------------------------------------------------------------------------------------ closing

    @Override
    public synchronized void close() {
        try {
            if (store != null) {
                store.close();
            }
        } finally {
            store = null;
            if (gnupg != null) {
                // reprepro's and our gpg calls start an agent in gnupg/; it must not outlive the command.
                gnupg.stopAgent();
                gnupg = null;
            }
        }
    }

}
