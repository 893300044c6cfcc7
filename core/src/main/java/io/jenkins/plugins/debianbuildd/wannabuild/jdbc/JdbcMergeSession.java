package io.jenkins.plugins.debianbuildd.wannabuild.jdbc;

import io.jenkins.plugins.debianbuildd.formats.Names;
import io.jenkins.plugins.debianbuildd.wannabuild.Action;
import io.jenkins.plugins.debianbuildd.wannabuild.Fields;
import io.jenkins.plugins.debianbuildd.wannabuild.MergeSession;
import io.jenkins.plugins.debianbuildd.wannabuild.MergeSummary;
import io.jenkins.plugins.debianbuildd.wannabuild.Outcome;
import io.jenkins.plugins.debianbuildd.wannabuild.PackageRecord;
import io.jenkins.plugins.debianbuildd.wannabuild.Request;
import io.jenkins.plugins.debianbuildd.wannabuild.StateChange;
import io.jenkins.plugins.debianbuildd.wannabuild.SuiteConfig;
import io.jenkins.plugins.debianbuildd.wannabuild.Transitions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link MergeSession} over the merge's transaction: decisions in memory, written by {@link #finish()}. */
final class JdbcMergeSession implements MergeSession {
    private final JdbcWannaBuildStore store;
    private final Connection c;
    private final SuiteConfig suite;
    private final Map<String, SuiteConfig> config;
    private final String arch;
    private final String user;
    private final Instant now;
    private final Map<String, PackageRecord> current;
    private final Map<String, PackageRecord> working;
    private final Map<String, Map<String, PackageRecord>> peers;
    private final ChangeSet changes;
    private int unchanged;
    private boolean finished;

    /** What the merge did. */
    record Result(int changed, int unchanged, Map<MergeSummary.Move, Integer> moves, List<StateChange> changes) {
    }

    JdbcMergeSession(JdbcWannaBuildStore store, Connection c, SuiteConfig suite, Map<String, SuiteConfig> config,
            String arch, String user, Instant now, Map<String, PackageRecord> current,
            Map<String, Map<String, PackageRecord>> peers) {
        this.store = store;
        this.c = c;
        this.suite = suite;
        this.config = config;
        this.arch = arch;
        this.user = user;
        this.now = now;
        this.current = Collections.unmodifiableMap(current);
        this.working = new HashMap<>(current);
        this.peers = peers;
        this.changes = new ChangeSet(store.prioritiesInUse(), now);
    }

    @Override
    public String suite() {
        return suite.name();
    }

    @Override
    public String arch() {
        return arch;
    }

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public Map<String, PackageRecord> current() {
        return current;
    }

    @Override
    public Optional<PackageRecord> get(String packageName) {
        return Optional.ofNullable(working.get(packageName));
    }

    @Override
    public Transitions.Rule check(String packageName, Action action) {
        PackageRecord r = working.get(packageName);
        return Transitions.rule(action, r == null ? null : r.state(), suite.buildDepCheck());
    }

    @Override
    public Outcome apply(String packageName, Action action, Fields fields) {
        if (finished) {
            throw new IllegalStateException("the merge of " + suite.name() + "/" + arch + " is finished");
        }
        Names.checkPackageName(packageName);
        if (action.kind() == Action.Kind.PROPAGATION) {
            throw new IllegalArgumentException(action + " is done by the store itself, not by the merge");
        }
        Fields f = fields == null ? Fields.none() : fields;
        Request req = action.kind() == Action.Kind.MERGE ? Request.merge(action, user, f)
                : Request.of(action, user).withMessage(f.message());
        Map<String, PackageRecord> rows = rowsOf(packageName);
        Outcome o = store.decide(suite, config, arch, packageName, req, rows, now, changes);
        for (Map.Entry<String, PackageRecord> e : rows.entrySet()) {
            if (!e.getKey().equals(suite.name())) {
                peers.computeIfAbsent(packageName, k -> new HashMap<>()).put(e.getKey(), e.getValue());
            }
        }
        if (!rows.containsKey(suite.name())) {
            working.remove(packageName);
        } else {
            working.put(packageName, rows.get(suite.name()));
        }
        if (!o.changed()) {
            unchanged++;
        }
        return o;
    }

    /**
     * The package's rows in this suite and in the suites sharing builds (which the merge holds locked too,
     * so the rows read at the start are current).
     */
    private Map<String, PackageRecord> rowsOf(String pkg) {
        Map<String, PackageRecord> rows = new HashMap<>();
        Map<String, PackageRecord> p = peers.get(pkg);
        if (p != null) {
            rows.putAll(p);
        }
        PackageRecord mine = working.get(pkg);
        if (mine != null) {
            rows.put(suite.name(), mine);
        }
        return rows;
    }

    @Override
    public int pending() {
        return changes.size();
    }

    Result finish() throws SQLException {
        finished = true;
        changes.flush(c);
        Map<MergeSummary.Move, Integer> moves = new HashMap<>();
        for (StateChange s : changes.changes()) {
            moves.merge(new MergeSummary.Move(s.previousState(), s.newState()), 1, Integer::sum);
        }
        return new Result(changes.size(), unchanged, moves, changes.changes());
    }
}
