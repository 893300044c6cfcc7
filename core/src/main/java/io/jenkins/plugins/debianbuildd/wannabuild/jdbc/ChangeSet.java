package io.jenkins.plugins.debianbuildd.wannabuild.jdbc;

import io.jenkins.plugins.debianbuildd.wannabuild.Outcome;
import io.jenkins.plugins.debianbuildd.wannabuild.PackageRecord;
import io.jenkins.plugins.debianbuildd.wannabuild.Priorities;
import io.jenkins.plugins.debianbuildd.wannabuild.StateChange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The changes of one transaction: the rows as read, the rows as they end up, and one log entry per applied
 * change. {@link #flush} writes each touched row once (INSERT, UPDATE or DELETE from the first to the last
 * version of it) and all log entries, with batched statements.
 */
final class ChangeSet {
    private static final int BATCH = 1000;

    /** A row key: suite, arch, package. */
    private record Key(String suite, String arch, String pkg) {
    }

    private final Map<Key, PackageRecord> originals = new HashMap<>();
    private final Map<Key, PackageRecord> finals = new LinkedHashMap<>();
    private final List<StateChange> changes = new ArrayList<>();
    private final Priorities priorities;
    private final Instant now;

    ChangeSet(Priorities priorities, Instant now) {
        this.priorities = priorities;
        this.now = now;
    }

    /** Notes an applied outcome (no-ops are ignored). */
    void record(Outcome o, String arch, String message) {
        if (!o.changed()) {
            return;
        }
        PackageRecord any = o.after() != null ? o.after() : o.before();
        Key k = new Key(any.suite(), arch, any.packageName());
        if (!originals.containsKey(k)) {
            originals.put(k, o.before());
        }
        finals.put(k, o.after());
        changes.add(new StateChange(o.action(), o.logAction(), o.before(), o.after(), o.request().user(), message, now));
    }

    List<StateChange> changes() {
        return changes;
    }

    int size() {
        return changes.size();
    }

    void flush(Connection c) throws SQLException {
        List<Key> deletes = new ArrayList<>();
        List<PackageRecord> inserts = new ArrayList<>();
        List<PackageRecord> updates = new ArrayList<>();
        for (Map.Entry<Key, PackageRecord> e : finals.entrySet()) {
            PackageRecord before = originals.get(e.getKey());
            PackageRecord after = e.getValue();
            if (after == null) {
                if (before != null) {
                    deletes.add(e.getKey());
                }
            } else if (before == null) {
                inserts.add(after);
            } else if (!after.equals(before)) {
                // A package deleted and registered again in one merge ends up here too: one UPDATE.
                updates.add(after);
            }
        }
        if (!deletes.isEmpty()) {
            try (PreparedStatement del = c.prepareStatement(PackageRows.DELETE)) {
                Batch b = new Batch(del);
                for (Key k : deletes) {
                    del.setString(1, k.suite());
                    del.setString(2, k.arch());
                    del.setString(3, k.pkg());
                    b.add();
                }
                b.finish();
            }
        }
        if (!inserts.isEmpty()) {
            try (PreparedStatement ins = c.prepareStatement(PackageRows.INSERT)) {
                Batch b = new Batch(ins);
                for (PackageRecord r : inserts) {
                    PackageRows.bindInsert(ins, r, priorities, now);
                    b.add();
                }
                b.finish();
            }
        }
        if (!updates.isEmpty()) {
            try (PreparedStatement upd = c.prepareStatement(PackageRows.UPDATE)) {
                Batch b = new Batch(upd);
                for (PackageRecord r : updates) {
                    PackageRows.bindUpdate(upd, r, priorities, now);
                    b.add();
                }
                b.finish();
            }
        }
        if (!changes.isEmpty()) {
            try (PreparedStatement log = c.prepareStatement(PackageRows.INSERT_TRANSACTION)) {
                Batch b = new Batch(log);
                for (StateChange s : changes) {
                    PackageRecord any = s.after() != null ? s.after() : s.before();
                    PackageRows.bindTransaction(log, 1, any.suite(), any.arch(), any.packageName(),
                            any.version().toString(), s.logAction(), s.previousState(), s.newState(), s.user(), now,
                            s.message());
                    b.add();
                }
                b.finish();
            }
        }
    }

    /** A batched statement: one round trip per {@value #BATCH} rows, none for a single row's batch overhead. */
    static final class Batch {
        private final PreparedStatement ps;
        private int pending;

        Batch(PreparedStatement ps) {
            this.ps = ps;
        }

        void add() throws SQLException {
            ps.addBatch();
            if (++pending == BATCH) {
                ps.executeBatch();
                pending = 0;
            }
        }

        void finish() throws SQLException {
            if (pending > 0) {
                ps.executeBatch();
                pending = 0;
            }
        }
    }
}
