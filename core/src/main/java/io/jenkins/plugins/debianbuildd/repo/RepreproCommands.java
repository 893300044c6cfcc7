package io.jenkins.plugins.debianbuildd.repo;

import io.jenkins.plugins.debianbuildd.exec.Command;
import io.jenkins.plugins.debianbuildd.exec.CommandRunner;
import io.jenkins.plugins.debianbuildd.formats.Names;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The reprepro command lines for one repository, described and not run: argv only, every package and
 * distribution name checked against Policy so that none can be read as an option, files as absolute paths.
 * {@link RepreproRepository} runs them through a {@link CommandRunner}.
 */
public final class RepreproCommands {
    private final Path base;
    private final Path gnupgHome;

    /**
     * @param base the repository's base directory (conf/, db/, dists/, pool/)
     * @param gnupgHome the GnuPG home holding the signing keys (GNUPGHOME for reprepro's gpgme), or null
     */
    public RepreproCommands(Path base, Path gnupgHome) {
        this.base = base.toAbsolutePath().normalize();
        this.gnupgHome = gnupgHome == null ? null : gnupgHome.toAbsolutePath().normalize();
    }

    public Path base() {
        return base;
    }

    private Command reprepro(List<String> options, String action, String... args) {
        List<String> argv = new ArrayList<>(List.of("reprepro", "--basedir", base.toString(), "--waitforlock", "0"));
        argv.addAll(options);
        argv.add(action);
        argv.addAll(Arrays.asList(args));
        // reprepro's messages are matched in English; the plugin's launcher does not add LC_ALL by itself.
        Command c = Command.of(argv).withEnv("LC_ALL", "C.UTF-8");
        return gnupgHome == null ? c : c.withEnv("GNUPGHOME", gnupgHome.toString());
    }

    private static String file(Path p) {
        return p.toAbsolutePath().normalize().toString();
    }

    private static String dist(String codename) {
        return Names.checkSuiteName(codename);
    }

    private static String pkg(String name) {
        return Names.checkPackageName(name);
    }

    /** Writes all index files (and Release/InRelease) of the given distributions, or of all when none is given. */
    public Command export(String... codenames) {
        return reprepro(List.of(), "export", Arrays.stream(codenames).map(RepreproCommands::dist).toArray(String[]::new));
    }

    /** Creates the dists/&lt;suite&gt; symbolic links to dists/&lt;codename&gt; (dists/unstable to sid), for apt lines naming the suite. */
    public Command createSymlinks() {
        return reprepro(List.of(), "createsymlinks");
    }

    /** Includes everything a .changes lists (the path after a build). */
    public Command include(String codename, Path changes) {
        return reprepro(List.of(), "include", dist(codename), file(changes));
    }

    /**
     * Includes one .deb; component, section and priority override what reprepro reads from the package
     * (each may be null).
     */
    public Command includeDeb(String codename, Path deb, String component, String section, String priority) {
        return reprepro(overrides(component, section, priority), "includedeb", dist(codename), file(deb));
    }

    /** Includes one source package (.dsc and the files it lists); a .dsc has no section/priority of its own. */
    public Command includeDsc(String codename, Path dsc, String component, String section, String priority) {
        return reprepro(overrides(component, section, priority), "includedsc", dist(codename), file(dsc));
    }

    private static List<String> overrides(String component, String section, String priority) {
        List<String> o = new ArrayList<>();
        if (component != null) {
            o.addAll(List.of("--component", checkWord("component", component)));
        }
        if (section != null) {
            o.addAll(List.of("--section", checkWord("section", section)));
        }
        if (priority != null) {
            o.addAll(List.of("--priority", checkWord("priority", priority)));
        }
        return o;
    }

    private static String checkWord(String what, String value) {
        if (!value.matches("[a-z0-9][a-z0-9+./-]*")) {
            throw new IllegalArgumentException("invalid " + what + " '" + value + "'");
        }
        return value;
    }

    /** Removes a source package and every binary built from it (only {@code version} when not null). */
    public Command removeSource(String codename, String source, String version) {
        if (version == null) {
            return reprepro(List.of(), "removesrc", dist(codename), pkg(source));
        }
        return reprepro(List.of(), "removesrc", dist(codename), pkg(source), checkVersion(version));
    }

    private static String checkVersion(String version) {
        io.jenkins.plugins.debianbuildd.version.DebianVersion.parse(version);
        return version;
    }

    /** Every entry of a distribution, one {@link PackageRecord} per line. */
    public Command list(String codename) {
        return reprepro(List.of("--list-format", PackageRecord.LIST_FORMAT), "list", dist(codename));
    }

    /** The entries belonging to one source package (its .dsc and the binaries built from it). */
    public Command listSource(String codename, String source) {
        return reprepro(List.of("--list-format", PackageRecord.LIST_FORMAT), "listfilter", dist(codename),
                "$Source (== " + pkg(source) + ")");
    }

    /** The entries of the given package names (sources and binaries alike). */
    public Command listPackages(String codename, List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no package names");
        }
        StringBuilder filter = new StringBuilder();
        for (String n : names) {
            if (filter.length() > 0) {
                filter.append(" | ");
            }
            filter.append("Package (== ").append(pkg(n)).append(')');
        }
        return reprepro(List.of("--list-format", PackageRecord.LIST_FORMAT), "listfilter", dist(codename), filter.toString());
    }

    /** Copies packages by name from one distribution to another, verbatim (no overrides). */
    public Command copy(String to, String from, List<String> packages) {
        List<String> args = new ArrayList<>(List.of(dist(to), dist(from)));
        packages.forEach(p -> args.add(pkg(p)));
        return reprepro(List.of(), "copy", args.toArray(new String[0]));
    }

    /** Copies a source package and its binaries from one distribution to another (migration). */
    public Command copySource(String to, String from, String source) {
        return reprepro(List.of(), "copysrc", dist(to), dist(from), pkg(source));
    }

    /** Checks that every package's files are registered. */
    public Command check(String... codenames) {
        return reprepro(List.of(), "check", Arrays.stream(codenames).map(RepreproCommands::dist).toArray(String[]::new));
    }

    /** Checks that every file of the pool is there with its recorded checksums. */
    public Command checkPool() {
        return reprepro(List.of(), "checkpool");
    }

    /** The control fields of a .deb, to know what an include will put where. */
    public static Command debFields(Path deb) {
        return Command.of("dpkg-deb", "--field", file(deb), "Package", "Version", "Architecture")
                .withEnv("LC_ALL", "C.UTF-8");
    }
}
