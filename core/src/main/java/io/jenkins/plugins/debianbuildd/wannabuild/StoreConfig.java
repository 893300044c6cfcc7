package io.jenkins.plugins.debianbuildd.wannabuild;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the database: {@link #embedded(Path)} (an SQLite file in the data directory, no set-up) or
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

    /**
     * The embedded default: an SQLite database file {@code wanna-build.sqlite} in {@code dataDir}, which
     * several processes may open at once (a daemon and a {@code wanna-build} command beside it).
     */
    public static StoreConfig embedded(Path dataDir) {
        String url = "jdbc:sqlite:" + dataDir.toAbsolutePath().resolve("wanna-build.sqlite");
        return new StoreConfig(url, "", "", 16, Duration.ofSeconds(10), Duration.ofSeconds(60), Priorities.DEBIAN,
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

    /** Whether this is the embedded SQLite database. */
    public boolean isEmbedded() {
        return url.startsWith("jdbc:sqlite:");
    }

    /** The URL without credentials, for messages. */
    @Override
    public String toString() {
        return "StoreConfig[" + url + ", user=" + user + "]";
    }
}
