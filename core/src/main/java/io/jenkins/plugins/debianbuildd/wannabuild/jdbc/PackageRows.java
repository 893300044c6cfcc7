package io.jenkins.plugins.debianbuildd.wannabuild.jdbc;

import io.jenkins.plugins.debianbuildd.version.DebianVersion;
import io.jenkins.plugins.debianbuildd.wannabuild.FailedCategory;
import io.jenkins.plugins.debianbuildd.wannabuild.PackageRecord;
import io.jenkins.plugins.debianbuildd.wannabuild.Priorities;
import io.jenkins.plugins.debianbuildd.wannabuild.State;
import io.jenkins.plugins.debianbuildd.wannabuild.TransactionEntry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;

/** The SQL of the packages and transactions tables: column lists, reading rows, binding parameters. */
final class PackageRows {
    static final String COLUMNS = "suite, arch, package, version, state, section, priority, installed_version, "
            + "previous_state, state_change, notes, builder, failed, old_failed, failed_category, binary_nmu_version, "
            + "binary_nmu_changelog, depends, bd_problem, buildpri, permbuildpri, last_build_ms, last_success_build_ms";
    static final String SELECT = "SELECT " + COLUMNS + " FROM packages ";
    static final String INSERT = "INSERT INTO packages (" + COLUMNS + ", calprio_base, calprio) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String UPDATE = "UPDATE packages SET version = ?, state = ?, section = ?, priority = ?, "
            + "installed_version = ?, previous_state = ?, state_change = ?, notes = ?, builder = ?, failed = ?, "
            + "old_failed = ?, failed_category = ?, binary_nmu_version = ?, binary_nmu_changelog = ?, depends = ?, "
            + "bd_problem = ?, buildpri = ?, permbuildpri = ?, last_build_ms = ?, last_success_build_ms = ?, "
            + "calprio_base = ?, calprio = ? WHERE suite = ? AND arch = ? AND package = ?";
    static final String DELETE = "DELETE FROM packages WHERE suite = ? AND arch = ? AND package = ?";
    static final String INSERT_TRANSACTION = "INSERT INTO transactions (suite, arch, package, version, action, "
            + "previous_state, state, user_name, changed_at, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String INSERT_TRANSACTION_WITH_ID = "INSERT INTO transactions (id, suite, arch, package, version, "
            + "action, previous_state, state, user_name, changed_at, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String TRANSACTION_COLUMNS = "id, suite, arch, package, version, action, previous_state, state, "
            + "user_name, changed_at, message";

    private PackageRows() {
    }

    static PackageRecord read(ResultSet rs) throws SQLException {
        long lastBuild = rs.getLong(22);
        boolean hasLastBuild = !rs.wasNull();
        long lastSuccess = rs.getLong(23);
        boolean hasLastSuccess = !rs.wasNull();
        return new PackageRecord(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                DebianVersion.parse(rs.getString(4)),
                State.parse(rs.getString(5)),
                rs.getString(6),
                rs.getString(7),
                version(rs.getString(8)),
                state(rs.getString(9)),
                Instant.ofEpochMilli(rs.getLong(10)),
                rs.getString(11),
                rs.getString(12),
                rs.getString(13),
                rs.getString(14),
                category(rs.getString(15)),
                rs.getInt(16),
                rs.getString(17),
                rs.getString(18),
                rs.getString(19),
                rs.getInt(20),
                rs.getInt(21),
                hasLastBuild ? Duration.ofMillis(lastBuild) : null,
                hasLastSuccess ? Duration.ofMillis(lastSuccess) : null);
    }

    /** Binds an INSERT of {@code r}. */
    static void bindInsert(PreparedStatement ps, PackageRecord r, Priorities p, Instant now) throws SQLException {
        ps.setString(1, r.suite());
        ps.setString(2, r.arch());
        ps.setString(3, r.packageName());
        bindFields(ps, 4, r, p, now);
    }

    /** Binds an UPDATE of {@code r}. */
    static void bindUpdate(PreparedStatement ps, PackageRecord r, Priorities p, Instant now) throws SQLException {
        int i = bindFields(ps, 1, r, p, now);
        ps.setString(i++, r.suite());
        ps.setString(i++, r.arch());
        ps.setString(i, r.packageName());
    }

    private static int bindFields(PreparedStatement ps, int i, PackageRecord r, Priorities p, Instant now) throws SQLException {
        ps.setString(i++, r.version().toString());
        ps.setString(i++, r.state().debianName());
        ps.setString(i++, r.section());
        ps.setString(i++, r.priority());
        ps.setString(i++, r.installedVersion() == null ? null : r.installedVersion().toString());
        ps.setString(i++, r.previousState() == null ? null : r.previousState().debianName());
        ps.setLong(i++, r.stateChange().toEpochMilli());
        ps.setString(i++, r.notes());
        ps.setString(i++, r.builder());
        ps.setString(i++, r.failed());
        ps.setString(i++, r.oldFailed());
        ps.setString(i++, r.failedCategory() == null ? null : r.failedCategory().debianName());
        ps.setInt(i++, r.binNmuVersion());
        ps.setString(i++, r.binNmuChangelog());
        ps.setString(i++, r.depends());
        ps.setString(i++, r.bdProblem());
        ps.setInt(i++, r.buildPri());
        ps.setInt(i++, r.permBuildPri());
        setMillis(ps, i++, r.lastBuildTime());
        setMillis(ps, i++, r.lastSuccessfulBuildTime());
        int base = p.baseCalprio(r);
        ps.setInt(i++, base);
        ps.setInt(i++, base + p.waitingPoints(Priorities.stateDays(r, now)));
        return i;
    }

    static void bindTransaction(PreparedStatement ps, int i, String suite, String arch, String pkg, String version,
            String action, State previous, State state, String user, Instant time, String message) throws SQLException {
        ps.setString(i++, suite);
        ps.setString(i++, arch);
        ps.setString(i++, pkg);
        ps.setString(i++, version);
        ps.setString(i++, action);
        ps.setString(i++, previous == null ? null : previous.debianName());
        ps.setString(i++, state == null ? null : state.debianName());
        ps.setString(i++, user);
        ps.setLong(i++, time.toEpochMilli());
        ps.setString(i, message);
    }

    static TransactionEntry readTransaction(ResultSet rs) throws SQLException {
        return new TransactionEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), state(rs.getString(7)), state(rs.getString(8)), rs.getString(9),
                Instant.ofEpochMilli(rs.getLong(10)), rs.getString(11));
    }

    private static void setMillis(PreparedStatement ps, int i, Duration d) throws SQLException {
        if (d == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, d.toMillis());
        }
    }

    private static DebianVersion version(String s) {
        return s == null ? null : DebianVersion.parse(s);
    }

    private static State state(String s) {
        return s == null ? null : State.parse(s);
    }

    private static FailedCategory category(String s) {
        return s == null ? null : FailedCategory.parse(s);
    }
}
