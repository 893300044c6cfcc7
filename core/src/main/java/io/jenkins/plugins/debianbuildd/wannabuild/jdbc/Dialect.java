package io.jenkins.plugins.debianbuildd.wannabuild.jdbc;

import java.sql.SQLException;

/** What differs between the embedded H2 database and PostgreSQL; everything else is the same SQL. */
enum Dialect {
    H2,
    POSTGRESQL;

    static Dialect of(String url) {
        if (url.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("unsupported database URL " + url + " (jdbc:h2: or jdbc:postgresql:)");
    }

    /** Makes the identity column of {@code table} continue after its largest id (after an import with explicit ids). */
    String restartIdentity(String table, long next) {
        return switch (this) {
            case H2 -> "ALTER TABLE " + table + " ALTER COLUMN id RESTART WITH " + next;
            case POSTGRESQL -> "SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), " + next + ", false)";
        };
    }

    /**
     * Whether a failed transaction may simply be run again: a deadlock, a serialization failure, a lock wait
     * that timed out, a concurrent update H2 detected.
     */
    static boolean isRetryable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                int code = s.getErrorCode();
                if (state != null && (state.equals("40001") || state.equals("40P01") || state.equals("55P03")
                        || state.equals("HYT00"))) {
                    return true;
                }
                // H2: DEADLOCK_1 (40001), LOCK_TIMEOUT_1 (50200), CONCURRENT_UPDATE_1 (90131), ROW_NOT_FOUND_WHEN_DELETING (90112)
                if (code == 40001 || code == 50200 || code == 90131) {
                    return true;
                }
            }
        }
        return false;
    }
}
