package io.jenkins.plugins.debianbuildd.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jenkins.plugins.debianbuildd.wannabuild.StoreConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The reference the store is compared with in the same run: the same database, schema and rows, the same
 * statements a take and a built need (lock the next Needs-Build row skipping locked ones, update it, log it,
 * commit; lock it, update it, log it, commit), as bare JDBC without the store's logic (transition table,
 * record mapping, maintenance locks, listeners). Its rate is what the database itself allows here.
 */
final class RawJdbcReference implements AutoCloseable {
    private final HikariDataSource ds;
    private final boolean sqlite;

    RawJdbcReference(StoreConfig config, int poolSize) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(config.url());
        hc.setUsername(config.user());
        hc.setPassword(config.password());
        hc.setMaximumPoolSize(poolSize);
        this.sqlite = config.url().startsWith("jdbc:sqlite:");
        if (sqlite) {
            // As the store opens it (WAL, synchronous=NORMAL), transactions begun by hand.
            hc.addDataSourceProperty("journal_mode", "WAL");
            hc.addDataSourceProperty("synchronous", "NORMAL");
            hc.addDataSourceProperty("busy_timeout", "10000");
            hc.setAutoCommit(true);
        } else {
            hc.setAutoCommit(false);
            hc.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        }
        this.ds = new HikariDataSource(hc);
    }

    /** One take (next in queue) and one built; false when the queue was empty. */
    boolean takeAndBuilt(String builder) throws SQLException {
        String pkg;
        try (Connection c = ds.getConnection()) {
            begin(c);
            pkg = lockNext(c);
            if (pkg == null) {
                end(c, "ROLLBACK");
                return false;
            }
            change(c, pkg, "Building", builder, "--take");
            end(c, "COMMIT");
        }
        try (Connection c = ds.getConnection()) {
            begin(c);
            try (PreparedStatement ps = c.prepareStatement("SELECT state, builder FROM packages WHERE suite = ? AND arch = ? AND package = ?"
                    + (sqlite ? "" : " FOR UPDATE"))) {
                ps.setString(1, StoreBench.SUITE);
                ps.setString(2, StoreBench.ARCH);
                ps.setString(3, pkg);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
            }
            change(c, pkg, "Built", builder, "--built");
            end(c, "COMMIT");
        }
        return true;
    }

    private void begin(Connection c) throws SQLException {
        if (sqlite) {
            try (var st = c.createStatement()) {
                st.execute("BEGIN IMMEDIATE");
            }
        }
    }

    private void end(Connection c, String how) throws SQLException {
        if (!sqlite) {
            if (how.equals("COMMIT")) {
                c.commit();
            } else {
                c.rollback();
            }
            return;
        }
        try (var st = c.createStatement()) {
            st.execute(how);
        }
    }

    private String lockNext(Connection c) throws SQLException {
        String order = " ORDER BY suite, arch, state, calprio DESC, state_change, package";
        try (PreparedStatement ps = c.prepareStatement("SELECT package FROM packages WHERE suite = ? AND arch = ? "
                + "AND state = 'Needs-Build'" + order + " LIMIT 1" + (sqlite ? "" : " FOR UPDATE SKIP LOCKED"))) {
            ps.setString(1, StoreBench.SUITE);
            ps.setString(2, StoreBench.ARCH);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static void change(Connection c, String pkg, String state, String builder, String action) throws SQLException {
        long now = System.currentTimeMillis();
        try (PreparedStatement ps = c.prepareStatement("UPDATE packages SET previous_state = state, state = ?, "
                + "builder = ?, state_change = ? WHERE suite = ? AND arch = ? AND package = ?")) {
            ps.setString(1, state);
            ps.setString(2, builder);
            ps.setLong(3, now);
            ps.setString(4, StoreBench.SUITE);
            ps.setString(5, StoreBench.ARCH);
            ps.setString(6, pkg);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO transactions (suite, arch, package, version, action, "
                + "previous_state, state, user_name, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, StoreBench.SUITE);
            ps.setString(2, StoreBench.ARCH);
            ps.setString(3, pkg);
            ps.setString(4, "1.0-0");
            ps.setString(5, action);
            ps.setString(6, null);
            ps.setString(7, state);
            ps.setString(8, builder);
            ps.setLong(9, now);
            ps.executeUpdate();
        }
    }

    /** The Needs-Build rows of the suite as plain strings, unordered: the floor of a list. */
    int listNeedsBuild() throws SQLException {
        int n = 0;
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT suite, arch, package, version, state, section, priority, "
                        + "installed_version, previous_state, state_change, notes, builder, failed, old_failed, failed_category, "
                        + "binary_nmu_version, binary_nmu_changelog, depends, bd_problem, buildpri, permbuildpri, last_build_ms, "
                        + "last_success_build_ms FROM packages WHERE arch = ? AND suite IN (?) AND state = 'Needs-Build'")) {
            ps.setString(1, StoreBench.ARCH);
            ps.setString(2, StoreBench.SUITE);
            ps.setFetchSize(1000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    for (int i = 1; i <= 23; i++) {
                        rs.getString(i);
                    }
                    n++;
                }
            }
            if (!sqlite) {
                c.rollback();
            }
        }
        return n;
    }

    @Override
    public void close() {
        ds.close();
    }
}
