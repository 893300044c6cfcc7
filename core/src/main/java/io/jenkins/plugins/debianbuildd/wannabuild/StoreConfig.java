package io.jenkins.plugins.debianbuildd.wannabuild;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the database: {@link #embedded(Path)} (an H2 file in the data directory, no set-up) or
 * {@link #jdbc(String, String, String)} (PostgreSQL for production, several controllers). The schema is
 * created and migrated on {@link WannaBuildStore#open(StoreConfig)}.
 *
 * @param url              the JDBC URL
 * @param user             the database user
 * @param password         the password (may be empty)
 * @param poolSize         pooled connections (HikariCP)
 * @param lockTimeout      how long a statement waits for a row lock before the transaction is retried
 * @param maintenanceWait  how long a state change waits for a suite's maintenance lock (merge) before it fails
 * @param priorities       the calprio weights
 * @param clock            the clock for state-change times (tests move it)
 */
public record StoreConfig(String url, String user, String password, int poolSize, Duration lockTimeout,
        Duration maintenanceWait, Priorities priorities, Clock clock) {

    public StoreConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        password = password == null ? "" : password;
        if (poolSize < 2) {
            // A merge records who holds the maintenance lock on a second connection.
            throw new IllegalArgumentException("pool size must be at least 2: " + poolSize);
        }
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        Objects.requireNonNull(maintenanceWait, "maintenanceWait");
        Objects.requireNonNull(priorities, "priorities");
        Objects.requireNonNull(clock, "clock");
    }

    /** The embedded default: an H2 database file {@code wanna-build.mv.db} in {@code dataDir}. */
    public static StoreConfig embedded(Path dataDir) {
        Path base = dataDir.toAbsolutePath().resolve("wanna-build");
        // FILE_LOCK=FS: the OS lock disappears with a killed process, so a restart opens the file at once.
        // QUERY_CACHE_SIZE: the store's few dozen statements stay parsed per connection.
        String url = "jdbc:h2:file:" + base + ";FILE_LOCK=FS;DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=64;WRITE_DELAY=0;CACHE_SIZE=65536";
        return new StoreConfig(url, "sa", "", 16, Duration.ofSeconds(10), Duration.ofSeconds(60), Priorities.DEBIAN,
                Clock.systemUTC());
    }

    /** A database server, usually PostgreSQL: {@code jdbc:postgresql://host/wannabuild}. */
    public static StoreConfig jdbc(String url, String user, String password) {
        return new StoreConfig(url, user, password, 16, Duration.ofSeconds(10), Duration.ofSeconds(60),
                Priorities.DEBIAN, Clock.systemUTC());
    }

    public StoreConfig withPoolSize(int n) {
        return new StoreConfig(url, user, password, n, lockTimeout, maintenanceWait, priorities, clock);
    }

    public StoreConfig withLockTimeout(Duration d) {
        return new StoreConfig(url, user, password, poolSize, d, maintenanceWait, priorities, clock);
    }

    public StoreConfig withMaintenanceWait(Duration d) {
        return new StoreConfig(url, user, password, poolSize, lockTimeout, d, priorities, clock);
    }

    public StoreConfig withPriorities(Priorities p) {
        return new StoreConfig(url, user, password, poolSize, lockTimeout, maintenanceWait, p, clock);
    }

    public StoreConfig withClock(Clock c) {
        return new StoreConfig(url, user, password, poolSize, lockTimeout, maintenanceWait, priorities, c);
    }

    /** Whether this is the embedded H2 database. */
    public boolean isEmbedded() {
        return url.startsWith("jdbc:h2:");
    }

    /** The URL without credentials, for messages. */
    @Override
    public String toString() {
        return "StoreConfig[" + url + ", user=" + user + "]";
    }
}
