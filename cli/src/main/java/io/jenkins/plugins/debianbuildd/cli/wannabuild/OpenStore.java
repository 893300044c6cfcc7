package io.jenkins.plugins.debianbuildd.cli.wannabuild;

import io.jenkins.plugins.debianbuildd.cli.config.BuilddConfig;
import io.jenkins.plugins.debianbuildd.cli.config.Instances;
import io.jenkins.plugins.debianbuildd.wannabuild.StoreConfig;
import io.jenkins.plugins.debianbuildd.wannabuild.SuiteConfig;
import io.jenkins.plugins.debianbuildd.wannabuild.WannaBuildStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The database one invocation works on, with wanna-build's defaults for the suite ({@code -d}) and the
 * architecture ({@code -A}): the data directory's (buildd.conf), a database named by URL, or a store given
 * by the caller.
 *
 * @param store  the store
 * @param config the data directory's configuration, or null when the database was named otherwise
 * @param owned  whether closing this closes the store
 */
record OpenStore(WannaBuildStore store, BuilddConfig config, boolean owned) implements AutoCloseable {

    /** wanna-build's one-letter distribution names. */
    private static final Map<String, String> DIST_ABBREVIATIONS = Map.of(
            "o", "oldstable", "s", "stable", "t", "testing", "u", "unstable");

    static OpenStore given(WannaBuildStore store, BuilddConfig config) {
        return new OpenStore(store, config, false);
    }

    static OpenStore dataDirectory(Path option) throws IOException {
        BuilddConfig config = BuilddConfig.load(Instances.dataDir(option));
        // Instances.openStore says so in one line when another process holds the embedded database.
        return new OpenStore(Instances.openStore(config), config, true);
    }

    static OpenStore jdbc(String url, String user, Path passwordFile) throws IOException {
        if (!url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("--database needs a JDBC URL such as jdbc:postgresql://host/wannabuild, not '"
                    + url + "'");
        }
        String password = passwordFile != null ? Files.readString(passwordFile, StandardCharsets.UTF_8).strip()
                : System.getenv("PGPASSWORD");
        String u = user != null ? user : System.getProperty("user.name");
        return new OpenStore(WannaBuildStore.open(StoreConfig.jdbc(url, u, password)), null, true);
    }

    /**
     * The suites {@code -d} names: the only configured one when it is absent; several (comma or space separated)
     * only where {@code several}; {@code a}/{@code all} (every suite) only where {@code all}.
     */
    List<String> suites(String dist, boolean several, boolean all) {
        List<String> configured = store.suites().stream().map(SuiteConfig::name).toList();
        if (configured.isEmpty()) {
            throw new IllegalStateException("no suite is configured in the database");
        }
        if (dist == null) {
            if (configured.size() > 1) {
                throw new WannaBuildUsageException("several suites are configured (" + String.join(", ", configured)
                        + "): choose one with -d");
            }
            return configured;
        }
        if (dist.equals("a") || dist.equals("all")) {
            if (!all) {
                throw new WannaBuildUsageException("-d " + dist + " (every suite) is only allowed for --list and --info");
            }
            return configured;
        }
        Set<String> names = new LinkedHashSet<>();
        for (String d : dist.split("[, ]+")) {
            if (!d.isEmpty()) {
                names.add(DIST_ABBREVIATIONS.getOrDefault(d, d));
            }
        }
        if (names.isEmpty()) {
            throw new WannaBuildUsageException("-d: no suite given");
        }
        if (names.size() > 1 && !several) {
            throw new WannaBuildUsageException("multiple distributions are only allowed for list");
        }
        for (String n : names) {
            if (!configured.contains(n)) {
                throw new WannaBuildUsageException("Bad distribution '" + n + "' (configured: " + String.join(", ", configured) + ")");
            }
        }
        return List.copyOf(names);
    }

    /**
     * The architecture: {@code -A} when given (it must be built for every suite, or with {@code anySuite} for
     * at least one); else the one architecture the suites share, else this machine's when they have it.
     */
    String arch(String option, List<String> suites, boolean anySuite) {
        List<SuiteConfig> configs = suites.stream().map(s -> store.suite(s).orElseThrow()).toList();
        if (option != null) {
            boolean ok = anySuite ? configs.stream().anyMatch(c -> c.hasArchitecture(option))
                    : configs.stream().allMatch(c -> c.hasArchitecture(option));
            if (!ok) {
                throw new WannaBuildUsageException("architecture " + option + " is not configured for "
                        + (configs.size() == 1 ? "suite " + suites.get(0) + " (" + String.join(", ", configs.get(0).architectures()) + ")"
                        : (anySuite ? "any" : "every") + " suite of " + String.join(", ", suites)));
            }
            return option;
        }
        List<String> common = new ArrayList<>(configs.get(0).architectures());
        for (SuiteConfig c : configs) {
            common.retainAll(c.architectures());
        }
        if (common.size() == 1) {
            return common.get(0);
        }
        String host = hostArchitecture();
        if (host != null && common.contains(host)) {
            return host;
        }
        throw new WannaBuildUsageException("choose an architecture with -A (" + String.join(", ", suites) + ": "
                + String.join(", ", common.isEmpty() ? configs.get(0).architectures() : common) + ")");
    }

    /** Where arch:all packages are built: buildd.conf's Arch-All of the suite, else amd64 or the suite's first architecture. */
    String archAll(String suite, String arch) {
        if (config != null) {
            for (BuilddConfig.Suite s : config.suites()) {
                if (s.name().equals(suite)) {
                    return s.archAll();
                }
            }
        }
        List<String> archs = store.suite(suite).orElseThrow().architectures();
        return archs.contains("amd64") ? "amd64" : archs.isEmpty() ? arch : archs.get(0);
    }

    /** The build profiles dependencies are resolved with (buildd.conf's Build-Profiles). */
    Set<String> profiles() {
        return config == null ? Set.of() : Set.copyOf(config.instance().buildProfiles());
    }

    /** Where the merge keeps its installability cache and temporary files. */
    Path mergeWorkDir() {
        if (config != null) {
            return config.cacheDir().resolve("merge");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "debian-buildd", "merge");
    }

    /** This machine's Debian architecture name, from the JVM's; null when it has none. */
    static String hostArchitecture() {
        String jvm = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return switch (jvm) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i486", "i586", "i686" -> "i386";
            case "ppc64le" -> "ppc64el";
            case "s390x" -> "s390x";
            case "riscv64" -> "riscv64";
            case "loongarch64" -> "loong64";
            case "arm" -> "armhf";
            default -> null;
        };
    }

    @Override
    public void close() {
        if (owned) {
            store.close();
        }
    }
}
