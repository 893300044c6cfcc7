package io.jenkins.plugins.debianbuildd.wannabuild.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jenkins.plugins.debianbuildd.wannabuild.StoreConfig;
import io.jenkins.plugins.debianbuildd.wannabuild.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
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
    /** Per physical connection (used by one thread at a time), its locking statements; forgotten with it. */
    private final Map<Connection, Map<String, PreparedStatement>> lockingStatements = new WeakHashMap<>();
    private final String description;

    Database(StoreConfig config) {
        this.dialect = Dialect.of(config.url());
        this.description = config.toString();
        HikariConfig hc = new HikariConfig();
        String url = config.url();
        long lockMs = Math.max(1, config.lockTimeout().toMillis());
        if (dialect == Dialect.H2) {
            if (!url.toUpperCase(java.util.Locale.ROOT).contains(";LOCK_TIMEOUT=")) {
                url += ";LOCK_TIMEOUT=" + lockMs;
            }
        } else {
            // Batched inserts become multi-row INSERTs: far fewer round trips for the merge and the import.
            url += (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
            hc.setConnectionInitSql("SET lock_timeout = " + lockMs);
        }
        hc.setJdbcUrl(url);
        hc.setUsername(config.user());
        hc.setPassword(config.password());
        hc.setMaximumPoolSize(config.poolSize());
        hc.setMinimumIdle(Math.min(2, config.poolSize()));
        hc.setAutoCommit(false);
        hc.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
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
                    .table("wanna_build_schema_history")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            ds.close();
            throw new StoreException("cannot migrate the wanna-build schema of " + description + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code work} in a READ COMMITTED transaction and commits; rolls back on any exception. Deadlocks,
     * lock timeouts and serialization failures run the work again (it must only depend on what it reads).
     */
    <T> T transaction(TxWork<T> work) {
        return transaction(work, ATTEMPTS);
    }

    /** As {@link #transaction(TxWork)}, run once: for work that consumes its input (an import). */
    <T> T transactionOnce(TxWork<T> work) {
        return transaction(work, 1);
    }

    private <T> T transaction(TxWork<T> work, int attempts) {
        SQLException last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try (Connection c = ds.getConnection()) {
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException | Error e) {
                    rollback(c);
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

    /** Work with a prepared statement. */
    @FunctionalInterface
    interface StatementWork<T> {
        T run(PreparedStatement ps) throws SQLException;
    }

    /**
     * Runs {@code work} with a prepared {@code SELECT ... FOR UPDATE}. H2 parses such a statement anew at
     * every prepare (other statements stay in its query cache), a good part of a state change's cost, so
     * on H2 it is kept per physical connection and reused. PostgreSQL's driver caches statements itself.
     */
    <T> T withLockingStatement(Connection c, String sql, StatementWork<T> work) throws SQLException {
        if (dialect != Dialect.H2) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                return work.run(ps);
            }
        }
        Connection physical = c.unwrap(Connection.class);
        Map<String, PreparedStatement> statements;
        synchronized (lockingStatements) {
            statements = lockingStatements.computeIfAbsent(physical, k -> new HashMap<>());
        }
        PreparedStatement ps = statements.get(sql);
        if (ps == null || ps.isClosed()) {
            ps = physical.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return work.run(ps);
    }

    /** A connection for a long read (export); the caller closes it. */
    Connection connection() throws SQLException {
        return ds.getConnection();
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.warn("rollback failed: {}", e.getMessage());
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
