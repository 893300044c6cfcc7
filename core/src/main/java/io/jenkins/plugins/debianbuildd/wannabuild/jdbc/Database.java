package io.jenkins.plugins.debianbuildd.wannabuild.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jenkins.plugins.debianbuildd.wannabuild.StoreConfig;
import io.jenkins.plugins.debianbuildd.wannabuild.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The pooled data source, the schema migration, and transactions that are retried when the database asks for it. */
final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final int ATTEMPTS = 12;

    /** Work inside one transaction. */
    @FunctionalInterface
    interface TxWork<T> {
        T run(Connection c) throws SQLException;
    }

    final Dialect dialect;
    private final HikariDataSource ds;
    private final String description;

    Database(StoreConfig config) {
        this.dialect = Dialect.of(config.url());
        this.description = config.toString();
        HikariConfig hc = new HikariConfig();
        String url = config.url();
        long lockMs = Math.max(1, config.lockTimeout().toMillis());
        if (dialect == Dialect.SQLITE) {
            createParentDirectory(url);
            hc.setDataSourceProperties(sqliteProperties(lockMs));
            // Transactions are begun by this class (BEGIN IMMEDIATE for writes), not by the driver.
            hc.setAutoCommit(true);
        } else {
            // Batched inserts become multi-row INSERTs: far fewer round trips for the merge and the import.
            url += (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
            hc.setConnectionInitSql("SET lock_timeout = " + lockMs);
            hc.setAutoCommit(false);
            hc.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        }
        hc.setJdbcUrl(url);
        hc.setUsername(config.user());
        hc.setPassword(config.password());
        hc.setMaximumPoolSize(config.poolSize());
        hc.setMinimumIdle(Math.min(2, config.poolSize()));
        hc.setPoolName("wanna-build");
        hc.setConnectionTimeout(30_000);
        try {
            this.ds = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new StoreException("cannot open the wanna-build database " + description + ": " + rootMessage(e), e);
        }
        try {
            Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:io/jenkins/plugins/debianbuildd/wannabuild/db/migration")
                    .placeholders(Map.of("identity", dialect.identityColumn()))
                    .table("wanna_build_schema_history")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            ds.close();
            throw new StoreException("cannot migrate the wanna-build schema of " + description + ": " + e.getMessage(), e);
        }
    }

    /**
     * How every SQLite connection is opened. WAL: readers never wait for the writer, and a commit is one append
     * to the log. synchronous=NORMAL: a committed transaction survives the death of the process (it is in the
     * log, in the OS's cache); only an OS crash or a power cut may lose the last ones, never leaving the file
     * inconsistent. busy_timeout: how long a writer waits for another one.
     */
    static Properties sqliteProperties(long busyMs) {
        Properties p = new Properties();
        p.setProperty("journal_mode", "WAL");
        p.setProperty("synchronous", "NORMAL");
        p.setProperty("busy_timeout", Long.toString(busyMs));
        p.setProperty("foreign_keys", "true");
        return p;
    }

    private static void createParentDirectory(String url) {
        String file = url.substring("jdbc:sqlite:".length());
        int q = file.indexOf('?');
        file = q < 0 ? file : file.substring(0, q);
        if (file.startsWith("file:")) {
            file = file.substring("file:".length());
        }
        if (file.isEmpty() || file.startsWith(":memory:")) {
            return;
        }
        Path parent = Path.of(file).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new StoreException("cannot create the directory of the wanna-build database " + file + ": " + e, e);
        }
    }

    /**
     * Runs {@code work} in a writing transaction and commits; rolls back on any exception. Deadlocks, lock
     * timeouts, serialization failures and a busy database run the work again (it must only depend on what
     * it reads). READ COMMITTED with row locks on PostgreSQL; on SQLite one writer at a time (BEGIN IMMEDIATE).
     */
    <T> T transaction(TxWork<T> work) {
        return transaction(work, ATTEMPTS);
    }

    /** As {@link #transaction(TxWork)}, run once: for work that consumes its input (an import). */
    <T> T transactionOnce(TxWork<T> work) {
        return transaction(work, 1);
    }

    /**
     * Runs {@code work} in a read-only transaction: one consistent view of the database. On SQLite it takes
     * no lock, so it neither waits for a writer (a merge) nor holds one up.
     */
    <T> T read(TxWork<T> work) {
        return run(work, ATTEMPTS, Kind.READ);
    }

    /** As {@link #read(TxWork)}, with every statement seeing the same snapshot also on PostgreSQL (an export). */
    <T> T snapshot(TxWork<T> work) {
        return run(work, ATTEMPTS, Kind.SNAPSHOT);
    }

    private <T> T transaction(TxWork<T> work, int attempts) {
        return run(work, attempts, Kind.WRITE);
    }

    private enum Kind { WRITE, READ, SNAPSHOT }

    private <T> T run(TxWork<T> work, int attempts, Kind kind) {
        SQLException last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try (Connection c = ds.getConnection()) {
                begin(c, kind);
                try {
                    T result = work.run(c);
                    commit(c, kind);
                    return result;
                } catch (SQLException | RuntimeException | Error e) {
                    rollback(c, kind);
                    throw e;
                }
            } catch (SQLException e) {
                if (!Dialect.isRetryable(e) || attempts == 1) {
                    throw new StoreException("database error on " + description + ": " + e.getMessage(), e);
                }
                last = e;
                LOG.debug("retrying transaction after {}", e.getMessage());
                sleepQuietly(Math.min(200, (1L << Math.min(attempt, 7)) + ThreadLocalRandom.current().nextInt(10)));
            }
        }
        throw new StoreException("database busy (" + attempts + " attempts) on " + description + ": "
                + (last == null ? "" : last.getMessage()), last);
    }

    private void begin(Connection c, Kind kind) throws SQLException {
        if (dialect == Dialect.SQLITE) {
            // IMMEDIATE: the write lock from the start, so that what the work reads is still true when it
            // writes; a deferred transaction that read first would fail instead when another wrote meanwhile.
            execute(c, kind == Kind.WRITE ? "BEGIN IMMEDIATE" : "BEGIN");
        } else if (kind == Kind.SNAPSHOT) {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        }
    }

    private void commit(Connection c, Kind kind) throws SQLException {
        if (dialect == Dialect.SQLITE) {
            execute(c, "COMMIT");
        } else {
            c.commit();
            if (kind == Kind.SNAPSHOT) {
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
        }
    }

    private void rollback(Connection c, Kind kind) {
        try {
            if (dialect == Dialect.SQLITE) {
                execute(c, "ROLLBACK");
            } else {
                c.rollback();
                if (kind == Kind.SNAPSHOT) {
                    c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                }
            }
        } catch (SQLException e) {
            LOG.warn("rollback failed: {}", e.getMessage());
            // A connection whose transaction may still be open must not go back to the pool.
            ds.evictConnection(c);
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted", e);
        }
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    @Override
    public void close() {
        ds.close();
    }
}
