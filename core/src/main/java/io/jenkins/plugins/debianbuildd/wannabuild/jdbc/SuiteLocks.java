package io.jenkins.plugins.debianbuildd.wannabuild.jdbc;

import io.jenkins.plugins.debianbuildd.wannabuild.MaintenanceLockedException;
import io.jenkins.plugins.debianbuildd.wannabuild.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The per-suite maintenance lock: state changes hold it shared, an archive merge holds it exclusively, so a
 * merge waits for the changes in flight and new changes wait (bounded) for the merge.
 *
 * <p>On PostgreSQL these are transaction-scoped advisory locks, released by the commit or by the death of
 * the session, and seen by every controller using the database. On the embedded SQLite database a write
 * transaction holds the whole database's write lock, so a merge already excludes every other change until
 * it commits, in any process; a read-write lock per database and suite in this JVM adds what wanna-build
 * promises on top: a change of the merged suite waits at most the maintenance wait, and then says who holds
 * the lock. In both cases a row in {@code maintenance_locks} says who holds it, for the error message.
 */
abstract class SuiteLocks {
    /** Thrown inside a transaction that could not get the lock at once; the caller waits and retries. */
    static final class Busy extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Busy() {
            super(null, null, false, false);
        }
    }

    private final Database db;
    private final Clock clock;
    final Duration maxWait;

    SuiteLocks(Database db, Clock clock, Duration maxWait) {
        this.db = db;
        this.clock = clock;
        this.maxWait = maxWait;
    }

    static SuiteLocks create(Database db, String url, Clock clock, Duration maxWait) {
        return db.dialect == Dialect.SQLITE ? new Jvm(db, url, clock, maxWait) : new Advisory(db, clock, maxWait);
    }

    /**
     * Runs {@code work} in a transaction holding the locks of {@code suites} shared: a state change of rows
     * in those suites. Locks are taken in name order, so that no two callers wait for each other in a cycle.
     */
    abstract <T> T shared(List<String> suites, Database.TxWork<T> work);

    /** Runs {@code work} in a transaction holding the locks of {@code suites} exclusively (a merge), recording {@code holder}. */
    abstract <T> T exclusive(List<String> suites, String holder, Database.TxWork<T> work);

    Database db() {
        return db;
    }

    MaintenanceLockedException locked(String suite, Instant start) {
        String holder = "another process";
        Instant since = start;
        try {
            Object[] row = db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT holder, since FROM maintenance_locks WHERE suite = ?")) {
                    ps.setString(1, suite);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? new Object[] {rs.getString(1), Instant.ofEpochMilli(rs.getLong(2))} : null;
                    }
                }
            });
            if (row != null) {
                holder = (String) row[0];
                since = (Instant) row[1];
            }
        } catch (StoreException e) {
            // the lock itself is what matters; the holder is only for the message
        }
        return new MaintenanceLockedException(suite, holder, since, Duration.between(start, clock.instant()));
    }

    /** Records (or clears, holder null) who holds the lock, in its own committed transaction. */
    void record(String suite, String holder) {
        db.transaction(c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM maintenance_locks WHERE suite = ?")) {
                del.setString(1, suite);
                del.executeUpdate();
            }
            if (holder != null) {
                try (PreparedStatement ins = c.prepareStatement(
                        "INSERT INTO maintenance_locks (suite, holder, since) VALUES (?, ?, ?)")) {
                    ins.setString(1, suite);
                    ins.setString(2, holder);
                    ins.setLong(3, clock.millis());
                    ins.executeUpdate();
                }
            }
            return null;
        });
    }

    Instant now() {
        return clock.instant();
    }

    static List<String> sorted(List<String> suites) {
        return suites.stream().distinct().sorted().toList();
    }

    /** SQLite: a fair-enough read-write lock per database file and suite in this JVM. */
    private static final class Jvm extends SuiteLocks {
        private static final Map<String, ReadWriteLock> LOCKS = new ConcurrentHashMap<>();
        private final String key;

        Jvm(Database db, String url, Clock clock, Duration maxWait) {
            super(db, clock, maxWait);
            int q = url.indexOf('?');
            this.key = (q < 0 ? url : url.substring(0, q)) + "#";
        }

        private ReadWriteLock lock(String suite) {
            return LOCKS.computeIfAbsent(key + suite, k -> new ReentrantReadWriteLock());
        }

        @Override
        <T> T shared(List<String> suites, Database.TxWork<T> work) {
            List<java.util.concurrent.locks.Lock> held = acquire(sorted(suites), true);
            try {
                return db().transaction(work);
            } finally {
                release(held);
            }
        }

        @Override
        <T> T exclusive(List<String> suites, String holder, Database.TxWork<T> work) {
            List<String> names = sorted(suites);
            List<java.util.concurrent.locks.Lock> held = acquire(names, false);
            try {
                names.forEach(s -> record(s, holder));
                try {
                    return db().transaction(work);
                } finally {
                    names.forEach(s -> record(s, null));
                }
            } finally {
                release(held);
            }
        }

        private List<java.util.concurrent.locks.Lock> acquire(List<String> suites, boolean shared) {
            Instant start = now();
            long deadline = System.nanoTime() + maxWait.toNanos();
            List<java.util.concurrent.locks.Lock> held = new ArrayList<>(suites.size());
            for (String suite : suites) {
                ReadWriteLock rw = lock(suite);
                java.util.concurrent.locks.Lock l = shared ? rw.readLock() : rw.writeLock();
                boolean ok;
                try {
                    ok = l.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    ok = false;
                }
                if (!ok) {
                    release(held);
                    throw locked(suite, start);
                }
                held.add(l);
            }
            return held;
        }

        private static void release(List<java.util.concurrent.locks.Lock> held) {
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).unlock();
            }
        }
    }

    /** PostgreSQL: transaction-scoped advisory locks, shared for changes, exclusive for merges. */
    private static final class Advisory extends SuiteLocks {
        private static final int NAMESPACE = 0x57427331; // "WBs1"

        Advisory(Database db, Clock clock, Duration maxWait) {
            super(db, clock, maxWait);
        }

        @Override
        <T> T shared(List<String> suites, Database.TxWork<T> work) {
            List<String> names = sorted(suites);
            Instant start = now();
            long pause = 5;
            while (true) {
                String[] blocked = new String[1];
                try {
                    return db().transaction(c -> {
                        for (String suite : names) {
                            if (!tryLock(c, "pg_try_advisory_xact_lock_shared", suite)) {
                                blocked[0] = suite;
                                throw new Busy();
                            }
                        }
                        return work.run(c);
                    });
                } catch (Busy b) {
                    if (Duration.between(start, now()).compareTo(maxWait) >= 0) {
                        throw locked(blocked[0], start);
                    }
                    Database.sleepQuietly(pause);
                    pause = Math.min(200, pause * 2);
                }
            }
        }

        @Override
        <T> T exclusive(List<String> suites, String holder, Database.TxWork<T> work) {
            List<String> names = sorted(suites);
            Instant start = now();
            return db().transaction(c -> {
                for (String suite : names) {
                    long pause = 5;
                    while (!tryLock(c, "pg_try_advisory_xact_lock", suite)) {
                        if (Duration.between(start, now()).compareTo(maxWait) >= 0) {
                            throw locked(suite, start);
                        }
                        Database.sleepQuietly(pause);
                        pause = Math.min(200, pause * 2);
                    }
                }
                names.forEach(s -> record(s, holder));
                try {
                    return work.run(c);
                } finally {
                    names.forEach(s -> record(s, null));
                }
            });
        }

        private static boolean tryLock(Connection c, String function, String suite) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + function + "(?, ?)")) {
                ps.setInt(1, NAMESPACE);
                ps.setInt(2, suite.hashCode());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            }
        }
    }
}
