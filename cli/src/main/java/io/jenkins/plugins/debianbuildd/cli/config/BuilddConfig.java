package io.jenkins.plugins.debianbuildd.cli.config;

import io.jenkins.plugins.debianbuildd.arch.ArchTable;
import io.jenkins.plugins.debianbuildd.formats.Deb822;
import io.jenkins.plugins.debianbuildd.formats.FormatException;
import io.jenkins.plugins.debianbuildd.formats.Names;
import io.jenkins.plugins.debianbuildd.formats.Paragraph;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The standalone buildd's configuration: {@code buildd.conf} in its data directory, in deb822 syntax
 * (the first paragraph is the instance, each further one a suite), as documented in
 * {@link #TEMPLATE}. Unknown fields are errors naming the file and line, so that a typo does not pass
 * silently.
 */
public record BuilddConfig(Path dataDir, Instance instance, List<Suite> suites) {
    public static final String FILE_NAME = "buildd.conf";
    /** Chroots are kept apart from the data directory, so that a new data directory reuses them. */
    public static final String DEFAULT_CHROOT_DIRECTORY = "~/.cache/debian-buildd/chroots";

    /** The instance paragraph. */
    public record Instance(String builderName, String database, String databaseUser, String databasePasswordFile,
                           String builder, Duration buildTimeout, URI mirror, Path mirrorKeyring,
                           String chrootDistribution, Path chrootDirectory, List<String> chrootInclude,
                           Path uploadersKeyring, String repositoryKey, List<String> buildProfiles,
                           boolean versionEnforcement) {
        /** Whether the database is the embedded SQLite file in the data directory. */
        public boolean embeddedDatabase() {
            return database.equals("embedded");
        }
    }

    /** A suite paragraph. */
    public record Suite(String name, List<String> architectures, String archAll, List<String> components,
                        String buildAgainst, String description) {
    }

    private static final Set<String> INSTANCE_FIELDS = Set.of("builder-name", "database", "database-user",
            "database-password-file", "builder", "build-timeout", "mirror", "mirror-keyring", "chroot-distribution",
            "chroot-directory", "chroot-include", "uploaders-keyring", "repository-key", "build-profiles", "version-enforcement");
    private static final Set<String> SUITE_FIELDS = Set.of("suite", "architectures", "arch-all", "components",
            "build-against", "description");

    public Path file() {
        return dataDir.resolve(FILE_NAME);
    }

    public Path repositoryDir() {
        return dataDir.resolve("repository");
    }

    public Path incomingDir() {
        return dataDir.resolve("incoming");
    }

    public Path logDir() {
        return dataDir.resolve("logs");
    }

    public Path gnupgHome() {
        return dataDir.resolve("gnupg");
    }

    /** Where the chroots are: Chroot-Directory, outside the data directory by default (see {@link #DEFAULT_CHROOT_DIRECTORY}). */
    public Path chrootDir() {
        return instance.chrootDirectory();
    }

    /** Build work directories (one per build, removed once its results are published). */
    public Path buildDir() {
        return dataDir.resolve("build");
    }

    public Path cacheDir() {
        return dataDir.resolve("cache");
    }

    public Suite suite(String name) {
        for (Suite s : suites) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown suite '" + name + "' (configured: "
                + String.join(", ", suites.stream().map(Suite::name).toList()) + ")");
    }

    /** Reads {@code <dataDir>/buildd.conf}; a missing file says to run {@code buildd init}. */
    public static BuilddConfig load(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new IOException("no " + file + ": run 'buildd init --data " + dataDir + "' first");
        }
        return parse(dataDir, Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    public static BuilddConfig parse(Path dataDir, String text, String source) {
        List<Paragraph> ps = Deb822.parse(text, source);
        if (ps.isEmpty()) {
            throw new FormatException(source, 0, "empty configuration");
        }
        Paragraph inst = ps.get(0);
        if (inst.has("Suite")) {
            throw inst.error("Suite", "the first paragraph configures the instance; suites come after it");
        }
        checkFields(inst, INSTANCE_FIELDS, "instance");
        String timeout = inst.get("Build-Timeout", "180m");
        Instance instance = new Instance(
                inst.get("Builder-Name", defaultBuilderName()),
                inst.get("Database", "embedded"),
                inst.get("Database-User"),
                inst.get("Database-Password-File"),
                oneOf(inst, "Builder", "sbuild", "sbuild", "pbuilder"),
                duration(inst, "Build-Timeout", timeout),
                URI.create(inst.get("Mirror", "http://deb.debian.org/debian")),
                path(dataDir, inst.get("Mirror-Keyring", "/usr/share/keyrings/debian-archive-keyring.gpg")),
                suiteName(inst, "Chroot-Distribution", inst.get("Chroot-Distribution", "bookworm")),
                path(dataDir, inst.get("Chroot-Directory", DEFAULT_CHROOT_DIRECTORY)),
                packages(inst, "Chroot-Include", inst.get("Chroot-Include", "debhelper")),
                path(dataDir, inst.get("Uploaders-Keyring", "keys/uploaders.gpg")),
                inst.get("Repository-Key", "generate"),
                words(inst.get("Build-Profiles")),
                yesNo(inst, "Version-Enforcement", true));
        if (!instance.repositoryKey().matches("generate|none|(0x)?([0-9A-Fa-f]{8}|[0-9A-Fa-f]{16}|[0-9A-Fa-f]{40}|[0-9A-Fa-f]{64})")) {
            throw inst.error("Repository-Key", "Repository-Key must be generate, none or a key id (hex), not '"
                    + instance.repositoryKey() + "'");
        }
        if (!instance.database().equals("embedded") && !instance.database().startsWith("jdbc:postgresql:")) {
            throw inst.error("Database", "Database must be 'embedded' or a jdbc:postgresql: URL, not '" + instance.database() + "'");
        }
        List<Suite> suites = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        ArchTable archs = ArchTable.system();
        for (Paragraph p : ps.subList(1, ps.size())) {
            checkFields(p, SUITE_FIELDS, "suite");
            String name = suiteName(p, "Suite", p.require("Suite"));
            if (!names.add(name)) {
                throw p.error("Suite", "suite '" + name + "' is configured twice");
            }
            List<String> architectures = words(p.require("Architectures"));
            for (String a : architectures) {
                if (!archs.isKnown(a) || a.equals("all")) {
                    throw p.error("Architectures", "unknown architecture '" + a + "' for suite " + name);
                }
            }
            String archAll = p.get("Arch-All", architectures.contains("amd64") ? "amd64" : architectures.get(0));
            if (!architectures.contains(archAll)) {
                throw p.error("Arch-All", "Arch-All '" + archAll + "' is not one of the suite's architectures " + architectures);
            }
            List<String> components = words(p.get("Components", "main"));
            suites.add(new Suite(name, List.copyOf(architectures), archAll, List.copyOf(components),
                    suiteName(p, "Build-Against", p.get("Build-Against", instance.chrootDistribution())),
                    p.get("Description", "debian-buildd suite " + name)));
        }
        if (suites.isEmpty()) {
            throw new FormatException(source, 0, "no suite configured (add a paragraph with Suite: and Architectures:)");
        }
        return new BuilddConfig(dataDir, instance, List.copyOf(suites));
    }

    private static void checkFields(Paragraph p, Set<String> allowed, String what) {
        for (String n : p.names()) {
            if (!allowed.contains(n.toLowerCase(Locale.ROOT))) {
                throw p.error(n, "unknown " + what + " field '" + n + "' (known: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
    }

    private static String oneOf(Paragraph p, String field, String fallback, String... allowed) {
        String v = p.get(field, fallback);
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw p.error(field, field + " must be one of " + String.join(", ", allowed) + ", not '" + v + "'");
    }

    private static String suiteName(Paragraph p, String field, String v) {
        if (!Names.isSuiteName(v)) {
            throw p.error(field, "invalid suite name '" + v + "' in " + field);
        }
        return v;
    }

    private static boolean yesNo(Paragraph p, String field, boolean fallback) {
        String v = p.get(field);
        if (v == null) {
            return fallback;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "yes", "true" -> true;
            case "no", "false" -> false;
            default -> throw p.error(field, field + " must be yes or no, not '" + v + "'");
        };
    }

    /** {@code 90s}, {@code 45m}, {@code 3h}. */
    static Duration duration(Paragraph p, String field, String v) {
        try {
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw p.error(field, field + " must be a number followed by s, m or h (like 90m), not '" + v + "'");
        }
    }

    private static List<String> words(String v) {
        return v == null || v.isBlank() ? List.of() : List.of(v.trim().split("[\\s,]+"));
    }

    private static List<String> packages(Paragraph p, String field, String v) {
        List<String> out = words(v);
        for (String name : out) {
            if (!Names.isPackageName(name)) {
                throw p.error(field, "invalid package name '" + name + "' in " + field);
            }
        }
        return out;
    }

    /** A path as written in the file: {@code ~/} is the home directory, a relative path is under the data directory. */
    private static Path path(Path dataDir, String v) {
        if (v.equals("~") || v.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + v.substring(1));
        }
        Path p = Path.of(v);
        return p.isAbsolute() ? p : dataDir.resolve(p);
    }

    private static String defaultBuilderName() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "localhost";
            }
        }
        return "buildd-" + host.replaceAll("[^A-Za-z0-9.-]", "-");
    }

    /** The documented file {@code buildd init} writes. */
    public static final String TEMPLATE = """
            # debian-buildd configuration (deb822 syntax: "Field: value", paragraphs separated by
            # empty lines, '#' starts a comment line). The first paragraph configures this buildd;
            # every further paragraph configures one suite. Relative paths are relative to this
            # data directory.

            # The name this buildd takes packages under in wanna-build (shown by --list, --info).
            Builder-Name: %BUILDER%
            # "embedded" (an SQLite database in this directory, nothing to set up) or a PostgreSQL URL
            # such as jdbc:postgresql://db.example.org/wannabuild (with Database-User and
            # Database-Password-File) for several controllers sharing one queue.
            Database: embedded
            # The build driver: sbuild (Debian's buildds, unshare mode) or pbuilder.
            Builder: sbuild
            # A build running longer than this is stopped and recorded as Build-Attempted ("timed out").
            Build-Timeout: 180m
            # Where build chroots and build-dependencies come from, and the key that signs it.
            Mirror: %MIRROR%
            Mirror-Keyring: /usr/share/keyrings/debian-archive-keyring.gpg
            # The Debian distribution build chroots are made of (mmdebstrap --variant=buildd).
            Chroot-Distribution: %CHROOT%
            # Where the chroots are kept ("~/" is the home directory). Outside this data directory
            # on purpose: a new data directory reuses them, and several can share them.
            Chroot-Directory: %CHROOTDIR%
            # Packages installed into every chroot when it is made, so that builds need not
            # install them each time.
            Chroot-Include: debhelper
            # Keys allowed to upload to incoming/ (.changes must be signed by one of them).
            Uploaders-Keyring: keys/uploaders.gpg
            # The key signing the repository's Release files: "generate" makes one in gnupg/ on
            # first use, a key id uses that key of gnupg/, "none" publishes unsigned.
            Repository-Key: generate
            # Refuse uploads whose version is not newer than the suite's (dak and reprepro do).
            Version-Enforcement: yes

            # A suite of this buildd's own repository (repository/), built for each architecture.
            Suite: %SUITE%
            Architectures: %ARCHS%
            # arch:all packages are built once, on this architecture.
            Arch-All: %ARCHALL%
            Components: main
            # The Debian distribution packages of this suite build against (with this suite itself).
            Build-Against: %CHROOT%
            Description: debian-buildd suite %SUITE%
            """;

    /** The template filled in, for {@code buildd init}. */
    public static String render(String builder, String mirror, String chroot, String suite, List<String> archs, String archAll) {
        return render(builder, mirror, chroot, DEFAULT_CHROOT_DIRECTORY, suite, archs, archAll);
    }

    /** The template filled in, with the chroot directory as written in the file ({@code ~/...} or a path). */
    public static String render(String builder, String mirror, String chroot, String chrootDirectory, String suite,
                                List<String> archs, String archAll) {
        return TEMPLATE.replace("%CHROOTDIR%", chrootDirectory).replace("%BUILDER%", builder).replace("%MIRROR%", mirror).replace("%CHROOT%", chroot)
                .replace("%SUITE%", suite).replace("%ARCHS%", String.join(" ", archs)).replace("%ARCHALL%", archAll);
    }

    public static String defaultBuilder() {
        return defaultBuilderName();
    }
}
