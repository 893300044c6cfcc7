package io.jenkins.plugins.debianbuildd.cli.config;

import io.jenkins.plugins.debianbuildd.wannabuild.StoreConfig;
import io.jenkins.plugins.debianbuildd.wannabuild.SuiteConfig;
import io.jenkins.plugins.debianbuildd.wannabuild.WannaBuildStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a standalone buildd's data lives, and opening its wanna-build store from its configuration. */
public final class Instances {
    /** The environment variable naming the data directory when --data is not given. */
    public static final String DATA_ENV = "DEBIAN_BUILDD_DATA";

    private Instances() {
    }

    /**
     * --data, else $DEBIAN_BUILDD_DATA, else ~/.local/share/debian-buildd; for root /var/lib/debian-buildd,
     * because sbuild's unprivileged build user must reach the repository and /root is closed to others.
     */
    public static Path dataDir(Path option) {
        if (option != null) {
            return option.toAbsolutePath();
        }
        String env = System.getenv(DATA_ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath();
        }
        if ("root".equals(System.getProperty("user.name"))) {
            return Path.of("/var/lib/debian-buildd");
        }
        return Path.of(System.getProperty("user.home"), ".local", "share", "debian-buildd");
    }

    /** The store configuration: the embedded SQLite file under the data directory, or the PostgreSQL URL. */
    public static StoreConfig storeConfig(BuilddConfig config) throws IOException {
        BuilddConfig.Instance i = config.instance();
        if (i.embeddedDatabase()) {
            Path db = config.dataDir().resolve("db");
            Path h2 = db.resolve("wanna-build.mv.db");
            if (Files.exists(h2) && !Files.exists(db.resolve("wanna-build.sqlite"))) {
                // Not opened as a new, empty database beside the old one: the queue would silently be lost.
                throw new IllegalStateException(h2 + " is the wanna-build database of an earlier debian-buildd (H2);"
                        + " this one keeps it in SQLite. Export it with the earlier version (wanna-build --export FILE),"
                        + " move " + h2.getFileName() + " away, and import the dump here (wanna-build --import FILE)");
            }
            return StoreConfig.embedded(db);
        }
        String password = null;
        if (i.databasePasswordFile() != null) {
            Path f = Path.of(i.databasePasswordFile());
            password = Files.readString(f.isAbsolute() ? f : config.dataDir().resolve(f), StandardCharsets.UTF_8).strip();
        }
        return StoreConfig.jdbc(i.database(), i.databaseUser(), password);
    }

    /** Opens the store and makes its suites those of the configuration (added or updated). */
    public static WannaBuildStore openStore(BuilddConfig config) throws IOException {
        WannaBuildStore store = WannaBuildStore.open(storeConfig(config));
        try {
            for (BuilddConfig.Suite s : config.suites()) {
                store.configureSuite(new SuiteConfig(s.name(), s.architectures(), true, false));
            }
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }
}
