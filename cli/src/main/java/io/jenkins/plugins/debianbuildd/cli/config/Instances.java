package io.jenkins.plugins.debianbuildd.cli.config;

import io.jenkins.plugins.debianbuildd.wannabuild.StoreConfig;
import io.jenkins.plugins.debianbuildd.wannabuild.StoreException;
import io.jenkins.plugins.debianbuildd.wannabuild.SuiteConfig;
import io.jenkins.plugins.debianbuildd.wannabuild.WannaBuildStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

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

    /** The store configuration: the embedded H2 file under the data directory, or the PostgreSQL URL. */
    public static StoreConfig storeConfig(BuilddConfig config) throws IOException {
        BuilddConfig.Instance i = config.instance();
        if (i.embeddedDatabase()) {
            return StoreConfig.embedded(config.dataDir().resolve("db"));
        }
        String password = null;
        if (i.databasePasswordFile() != null) {
            Path f = Path.of(i.databasePasswordFile());
            password = Files.readString(f.isAbsolute() ? f : config.dataDir().resolve(f), StandardCharsets.UTF_8).strip();
        }
        return StoreConfig.jdbc(i.database(), i.databaseUser(), password);
    }

    /** H2's "database may be already in use" (error 90020): another process holds the file. */
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;

    /**
     * Opens the store and makes its suites those of the configuration (added or updated). An embedded
     * database another process holds (one process at a time can) is a {@link DatabaseInUseException} saying so.
     */
    public static WannaBuildStore openStore(BuilddConfig config) throws IOException {
        WannaBuildStore store;
        try {
            store = WannaBuildStore.open(storeConfig(config));
        } catch (StoreException e) {
            if (config.instance().embeddedDatabase() && isLockedByAnotherProcess(e)) {
                throw new DatabaseInUseException("the embedded database of " + config.dataDir() + " is in use by another "
                        + "process (a running 'buildd daemon'?); it allows one process at a time: stop that process, or "
                        + "configure a PostgreSQL Database: in buildd.conf to share it", e);
            }
            throw e;
        }
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

    private static boolean isLockedByAnotherProcess(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
                return true;
            }
        }
        return false;
    }
}
