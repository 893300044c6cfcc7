package io.jenkins.plugins.debianbuildd.wannabuild.jdbc;

import io.jenkins.plugins.debianbuildd.formats.Deb822Parser;
import io.jenkins.plugins.debianbuildd.formats.Deb822Writer;
import io.jenkins.plugins.debianbuildd.formats.FormatException;
import io.jenkins.plugins.debianbuildd.formats.Names;
import io.jenkins.plugins.debianbuildd.formats.Paragraph;
import io.jenkins.plugins.debianbuildd.version.DebianVersion;
import io.jenkins.plugins.debianbuildd.wannabuild.Action;
import io.jenkins.plugins.debianbuildd.wannabuild.BuildRecord;
import io.jenkins.plugins.debianbuildd.wannabuild.BuildResult;
import io.jenkins.plugins.debianbuildd.wannabuild.DumpFormat;
import io.jenkins.plugins.debianbuildd.wannabuild.FailedCategory;
import io.jenkins.plugins.debianbuildd.wannabuild.Fields;
import io.jenkins.plugins.debianbuildd.wannabuild.ListOrder;
import io.jenkins.plugins.debianbuildd.wannabuild.ListQuery;
import io.jenkins.plugins.debianbuildd.wannabuild.MergeSummary;
import io.jenkins.plugins.debianbuildd.wannabuild.MergeWork;
import io.jenkins.plugins.debianbuildd.wannabuild.OperationResult;
import io.jenkins.plugins.debianbuildd.wannabuild.Outcome;
import io.jenkins.plugins.debianbuildd.wannabuild.PackageArg;
import io.jenkins.plugins.debianbuildd.wannabuild.PackageRecord;
import io.jenkins.plugins.debianbuildd.wannabuild.Priorities;
import io.jenkins.plugins.debianbuildd.wannabuild.Request;
import io.jenkins.plugins.debianbuildd.wannabuild.State;
import io.jenkins.plugins.debianbuildd.wannabuild.StateChange;
import io.jenkins.plugins.debianbuildd.wannabuild.StateChangeListener;
import io.jenkins.plugins.debianbuildd.wannabuild.StoreConfig;
import io.jenkins.plugins.debianbuildd.wannabuild.StoreException;
import io.jenkins.plugins.debianbuildd.wannabuild.SuiteConfig;
import io.jenkins.plugins.debianbuildd.wannabuild.TransactionEntry;
import io.jenkins.plugins.debianbuildd.wannabuild.Transitions;
import io.jenkins.plugins.debianbuildd.wannabuild.UnknownSuiteException;
import io.jenkins.plugins.debianbuildd.wannabuild.WannaBuildException;
import io.jenkins.plugins.debianbuildd.wannabuild.WannaBuildStore;
import io.jenkins.plugins.debianbuildd.wannabuild.WannaBuildText;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link WannaBuildStore} on JDBC: SQLite embedded or PostgreSQL, one schema (Flyway), pooled connections
 * (HikariCP). Each operation locks the package's rows in all suites it may change ({@code SELECT ... FOR
 * UPDATE} on PostgreSQL; SQLite's writing transaction holds the database's write lock), decides through
 * {@link Transitions}, and writes rows and log entries in the same transaction.
 */
public final class JdbcWannaBuildStore implements WannaBuildStore {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcWannaBuildStore.class);
    private static final Duration SUITE_CACHE_TTL = Duration.ofSeconds(5);
    private static final Duration QUEUE_REFRESH_EVERY = Duration.ofMinutes(10);
    private static final String HELD_STATES = "('Building', 'Built', 'Build-Attempted', 'Uploaded')";
    private static final int FETCH = 1000;

    private final Database db;
    private final SuiteLocks locks;
    private final Clock clock;
    private final Priorities priorities;
    private final List<StateChangeListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Instant> queueRefreshed = new ConcurrentHashMap<>();
    private volatile Map<String, SuiteConfig> suites = Map.of();
    private volatile Instant suitesLoaded = Instant.EPOCH;

    private JdbcWannaBuildStore(StoreConfig config) {
        this.db = new Database(config);
        this.clock = config.clock();
        this.priorities = config.priorities();
        this.locks = SuiteLocks.create(db, config.url(), clock, config.maintenanceWait());
    }

    /** Opens the store: connects, migrates the schema, recomputes stored priorities if the weights changed. */
    public static JdbcWannaBuildStore open(StoreConfig config) {
        JdbcWannaBuildStore s = new JdbcWannaBuildStore(config);
        try {
            s.reloadSuites();
            s.checkPriorityWeights();
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private Instant now() {
        // Milliseconds: what the database keeps, so a row read back equals the row written.
        return Instant.ofEpochMilli(clock.millis());
    }

    // ==================================================================== configuration

    @Override
    public void configureSuite(SuiteConfig suite) {
        db.transaction(c -> {
            for (String arch : suite.architectures()) {
                if (!exists(c, "SELECT 1 FROM architectures WHERE name = ?", arch)) {
                    update(c, "INSERT INTO architectures (name) VALUES (?)", arch);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE suites SET build_dep_check = ?, shares_builds = ? WHERE name = ?")) {
                ps.setBoolean(1, suite.buildDepCheck());
                ps.setBoolean(2, suite.sharesBuilds());
                ps.setString(3, suite.name());
                if (ps.executeUpdate() == 0) {
                    try (PreparedStatement ins = c.prepareStatement(
                            "INSERT INTO suites (name, build_dep_check, shares_builds) VALUES (?, ?, ?)")) {
                        ins.setString(1, suite.name());
                        ins.setBoolean(2, suite.buildDepCheck());
                        ins.setBoolean(3, suite.sharesBuilds());
                        ins.executeUpdate();
                    }
                }
            }
            List<String> existing = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT arch FROM suite_architectures WHERE suite = ?")) {
                ps.setString(1, suite.name());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        existing.add(rs.getString(1));
                    }
                }
            }
            for (String arch : existing) {
                if (!suite.hasArchitecture(arch)) {
                    long n = count(c, "SELECT COUNT(*) FROM packages WHERE suite = ? AND arch = ?", suite.name(), arch);
                    if (n > 0) {
                        throw new IllegalStateException("suite " + suite.name() + ": architecture " + arch
                                + " still has " + n + " packages; forget them (or remove the suite) first");
                    }
                    update(c, "DELETE FROM suite_architectures WHERE suite = ? AND arch = ?", suite.name(), arch);
                }
            }
            for (String arch : suite.architectures()) {
                if (!existing.contains(arch)) {
                    update(c, "INSERT INTO suite_architectures (suite, arch) VALUES (?, ?)", suite.name(), arch);
                }
            }
            return null;
        });
        reloadSuites();
    }

    @Override
    public void removeSuite(String suite) {
        Names.checkSuiteName(suite);
        db.transaction(c -> {
            for (String table : List.of("transactions", "pkg_history", "packages", "maintenance_locks")) {
                update(c, "DELETE FROM " + table + " WHERE suite = ?", suite);
            }
            update(c, "DELETE FROM suite_architectures WHERE suite = ?", suite);
            update(c, "DELETE FROM suites WHERE name = ?", suite);
            return null;
        });
        reloadSuites();
    }

    @Override
    public List<SuiteConfig> suites() {
        return List.copyOf(new TreeMap<>(currentSuites()).values());
    }

    @Override
    public Optional<SuiteConfig> suite(String name) {
        SuiteConfig s = currentSuites().get(name);
        if (s == null) {
            reloadSuites();
            s = suites.get(name);
        }
        return Optional.ofNullable(s);
    }

    @Override
    public Priorities priorities() {
        return priorities;
    }

    private Map<String, SuiteConfig> currentSuites() {
        if (Duration.between(suitesLoaded, clock.instant()).abs().compareTo(SUITE_CACHE_TTL) > 0) {
            reloadSuites();
        }
        return suites;
    }

    private void reloadSuites() {
        Map<String, SuiteConfig> loaded = db.read(c -> {
            Map<String, List<String>> archs = new HashMap<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT suite, arch FROM suite_architectures ORDER BY suite, arch")) {
                while (rs.next()) {
                    archs.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
            Map<String, SuiteConfig> m = new HashMap<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT name, build_dep_check, shares_builds FROM suites")) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    m.put(name, new SuiteConfig(name, archs.getOrDefault(name, List.of()), rs.getBoolean(2), rs.getBoolean(3)));
                }
            }
            return m;
        });
        suites = Map.copyOf(loaded);
        suitesLoaded = clock.instant();
    }

    private SuiteConfig requireSuite(String suite, String arch) {
        Names.checkSuiteName(suite);
        Names.checkArchitectureName(arch);
        SuiteConfig s = suite(suite).orElseThrow(() -> new UnknownSuiteException(
                "Bad distribution '" + suite + "' (configured: " + String.join(", ", currentSuites().keySet()) + ")"));
        if (!s.hasArchitecture(arch)) {
            throw new UnknownSuiteException("architecture " + arch + " is not configured for suite " + suite
                    + " (" + String.join(", ", s.architectures()) + ")");
        }
        return s;
    }

    /** Other suites sharing builds with {@code s} that are built for {@code arch}. */
    private List<String> sharingSuites(SuiteConfig s, String arch) {
        if (!s.sharesBuilds()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (SuiteConfig o : currentSuites().values()) {
            if (o.sharesBuilds() && !o.name().equals(s.name()) && o.hasArchitecture(arch)) {
                out.add(o.name());
            }
        }
        Collections.sort(out);
        return out;
    }

    private void checkPriorityWeights() {
        String fp = priorities.fingerprint();
        boolean changed = db.transaction(c -> {
            String stored = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT setting_value FROM settings WHERE name = 'priorities'")) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        stored = rs.getString(1);
                    }
                }
            }
            if (fp.equals(stored)) {
                return false;
            }
            update(c, "DELETE FROM settings WHERE name = 'priorities'");
            update(c, "INSERT INTO settings (name, setting_value) VALUES ('priorities', ?)", fp);
            return stored != null;
        });
        if (changed) {
            LOG.info("calprio weights changed: recomputing stored priorities");
            db.transaction(c -> {
                List<PackageRecord> all = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(PackageRows.SELECT)) {
                    ps.setFetchSize(FETCH);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            all.add(PackageRows.read(rs));
                        }
                    }
                }
                Instant now = now();
                try (PreparedStatement upd = c.prepareStatement(PackageRows.UPDATE)) {
                    ChangeSet.Batch b = new ChangeSet.Batch(upd);
                    for (PackageRecord r : all) {
                        PackageRows.bindUpdate(upd, r, priorities, now);
                        b.add();
                    }
                    b.finish();
                }
                return null;
            });
        }
    }

    // ==================================================================== reading

    @Override
    public Optional<PackageRecord> get(String suite, String arch, String packageName) {
        Names.checkPackageName(packageName);
        return Optional.ofNullable(db.read(c -> readRow(c, suite, arch, packageName, false)));
    }

    @Override
    public List<PackageRecord> list(ListQuery q) {
        for (String s : q.suites()) {
            requireSuite(s, q.arch());
        }
        Instant now = now();
        StringBuilder sql = new StringBuilder(PackageRows.SELECT).append("WHERE arch = ? AND suite IN (");
        List<Object> args = new ArrayList<>();
        args.add(q.arch());
        for (int i = 0; i < q.suites().size(); i++) {
            sql.append(i == 0 ? "?" : ", ?");
            args.add(q.suites().get(i));
        }
        sql.append(')');
        if (q.state() != null) {
            sql.append(" AND state = ?");
            args.add(q.state().debianName());
        }
        if (q.user() != null && q.state() != State.NEEDS_BUILD) {
            // wanna-build: "this user, or no user at all" means the user's packages and the Needs-Build queue.
            sql.append(" AND (builder = ? OR state = 'Needs-Build')");
            args.add(q.user());
        }
        if (q.minAgeDays() > 0) {
            sql.append(" AND state_change < ?");
            args.add(now.toEpochMilli() - q.minAgeDays() * 86_400_000L);
        }
        if (q.maxAgeDays() > 0) {
            sql.append(" AND state_change > ?");
            args.add(now.toEpochMilli() - q.maxAgeDays() * 86_400_000L);
        }
        if (q.category() != null) {
            if (q.category() == FailedCategory.NONE) {
                sql.append(" AND (state <> 'Failed' OR failed_category IS NULL OR failed_category = 'none')");
            } else {
                sql.append(" AND (state <> 'Failed' OR failed_category = ?)");
                args.add(q.category().debianName());
            }
        }
        List<PackageRecord> rows = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                bind(ps, args);
                ps.setFetchSize(FETCH);
                List<PackageRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(PackageRows.read(rs));
                    }
                }
                return out;
            }
        });
        ListOrder.sort(rows, q.effectiveOrder(), priorities, now);
        return rows;
    }

    @Override
    public List<PackageRecord> heldBy(String builder) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(PackageRows.SELECT + "WHERE builder = ? AND state IN "
                    + HELD_STATES + " ORDER BY suite, arch, package")) {
                ps.setString(1, builder);
                List<PackageRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(PackageRows.read(rs));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<TransactionEntry> transactions(String suite, String arch, String packageName) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + PackageRows.TRANSACTION_COLUMNS
                    + " FROM transactions WHERE suite = ? AND arch = ? AND package = ? ORDER BY id")) {
                ps.setString(1, suite);
                ps.setString(2, arch);
                ps.setString(3, packageName);
                List<TransactionEntry> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(PackageRows.readTransaction(rs));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public long transactionCount() {
        return db.read(c -> count(c, "SELECT COUNT(*) FROM transactions"));
    }

    @Override
    public Map<State, Integer> counts(String suite, String arch) {
        requireSuite(suite, arch);
        return db.read(c -> {
            Map<State, Integer> out = new EnumMap<>(State.class);
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT state, COUNT(*) FROM packages WHERE suite = ? AND arch = ? GROUP BY state")) {
                ps.setString(1, suite);
                ps.setString(2, arch);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(State.parse(rs.getString(1)), rs.getInt(2));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public String info(String suite, String arch, String packageArg) {
        requireSuite(suite, arch);
        PackageArg arg = PackageArg.parse(packageArg);
        Optional<PackageRecord> r = get(suite, arch, arg.name());
        return r.map(p -> WannaBuildText.info(p, priorities, now())).orElse(arg.name() + ": not registered\n");
    }

    // ==================================================================== operations

    @Override
    public OperationResult perform(String suite, String arch, String packageArg, Request request) {
        if (request.action().kind() != Action.Kind.OPERATION) {
            throw new IllegalArgumentException(request.action() + " is not an operation"
                    + (request.action().kind() == Action.Kind.MERGE ? "; use merge()" : ""));
        }
        SuiteConfig sc = requireSuite(suite, arch);
        PackageArg arg = PackageArg.parse(packageArg);
        Request req = request.version() == null && arg.version() != null ? request.withVersion(arg.version()) : request;
        return execute(sc, arch, arg.name(), req);
    }

    @Override
    public OperationResult applyArchiveChange(String suite, String arch, String user, String packageName, Action action,
            Fields fields) {
        if (action.kind() == Action.Kind.PROPAGATION) {
            throw new IllegalArgumentException(action + " is done by the store itself");
        }
        SuiteConfig sc = requireSuite(suite, arch);
        Names.checkPackageName(packageName);
        Fields f = fields == null ? Fields.none() : fields;
        Request req = action.kind() == Action.Kind.MERGE ? Request.merge(action, user, f)
                : Request.of(action, user).withMessage(f.message());
        return execute(sc, arch, packageName, req);
    }

    /** One change of one package, in one transaction, under the shared maintenance locks. */
    private OperationResult execute(SuiteConfig sc, String arch, String name, Request req) {
        String suite = sc.name();
        // Configuration is read before the transaction: a reload inside it would need a second connection.
        Map<String, SuiteConfig> config = currentSuites();
        List<String> involved = new ArrayList<>();
        involved.add(suite);
        involved.addAll(sharingSuites(sc, arch));
        Applied a = locks.shared(involved, c -> {
            Instant now = now();
            Map<String, PackageRecord> rows = lockRows(c, arch, name, involved);
            return applyLocked(c, sc, config, arch, name, req, rows, now);
        });
        notifyListeners(a.changes());
        return a.result();
    }

    @Override
    public Optional<OperationResult> takeNext(String suite, String arch, String builder) {
        SuiteConfig sc = requireSuite(suite, arch);
        Request req = Request.of(Action.TAKE, builder);
        maybeRefreshQueue(suite, arch);
        Map<String, SuiteConfig> config = currentSuites();
        List<String> peers = sharingSuites(sc, arch);
        List<String> involved = new ArrayList<>(peers);
        involved.add(suite);
        Applied a = locks.shared(involved, c -> {
            Instant now = now();
            PackageRecord next = lockNextInQueue(c, suite, arch);
            if (next == null) {
                return null;
            }
            Map<String, PackageRecord> rows = new HashMap<>();
            if (!peers.isEmpty()) {
                rows.putAll(lockRows(c, arch, next.packageName(), peers));
            }
            rows.put(suite, next);
            return applyLocked(c, sc, config, arch, next.packageName(), req, rows, now);
        });
        if (a == null) {
            return Optional.empty();
        }
        notifyListeners(a.changes());
        return Optional.of(a.result());
    }

    /**
     * Locks and returns the first Needs-Build row of the queue that no other transaction holds. On PostgreSQL
     * concurrent takers skip each other's rows (SKIP LOCKED) instead of waiting for them; on SQLite the
     * transaction already holds the database's write lock, so the first row is free.
     */
    private PackageRecord lockNextInQueue(Connection c, String suite, String arch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(PackageRows.SELECT
                + "WHERE suite = ? AND arch = ? AND state = 'Needs-Build' "
                + "ORDER BY suite, arch, state, calprio DESC, state_change, package LIMIT 1"
                + (db.dialect == Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : ""))) {
            ps.setString(1, suite);
            ps.setString(2, arch);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? PackageRows.read(rs) : null;
            }
        }
    }

    /** The result of one operation and what to tell the listeners. */
    private record Applied(OperationResult result, List<StateChange> changes) {
    }

    /** Applies {@code req} to locked rows (by suite) of one package, with its propagations; writes everything. */
    private Applied applyLocked(Connection c, SuiteConfig sc, Map<String, SuiteConfig> config, String arch, String name,
            Request req, Map<String, PackageRecord> rows, Instant now) throws SQLException {
        ChangeSet changes = new ChangeSet(priorities, now);
        Outcome o = decide(sc, config, arch, name, req, rows, now, changes);
        changes.flush(c);
        return new Applied(new OperationResult(o.action(), o.before(), o.after(), o.changed(), o.messages()),
                changes.changes());
    }

    /**
     * Decides {@code req} on {@code rows.get(sc.name())} and its consequences in the other suites, updating
     * {@code rows} and recording into {@code changes}; nothing is written.
     */
    Outcome decide(SuiteConfig sc, Map<String, SuiteConfig> config, String arch, String name, Request req,
            Map<String, PackageRecord> rows, Instant now, ChangeSet changes) {
        Outcome o = Transitions.apply(req, rows.get(sc.name()), arch, name,
                new Transitions.Context(sc, now, peersOf(rows, sc.name())));
        record(o, arch, rows, changes, sc.name());
        for (Outcome.Propagation p : o.propagations()) {
            SuiteConfig psc = config.get(p.suite());
            PackageRecord peer = rows.get(p.suite());
            if (psc == null || peer == null) {
                continue;
            }
            try {
                Outcome po = Transitions.apply(p.request(), peer, arch, name,
                        new Transitions.Context(psc, now, peersOf(rows, p.suite())));
                record(po, arch, rows, changes, p.suite());
            } catch (WannaBuildException | IllegalArgumentException e) {
                LOG.warn("{} not propagated to {}: {}", p.request().action(), p.suite(), e.getMessage());
            }
        }
        return o;
    }

    private static void record(Outcome o, String arch, Map<String, PackageRecord> rows, ChangeSet changes, String suite) {
        changes.record(o, arch, o.logMessage());
        if (o.after() == null) {
            rows.remove(suite);
        } else {
            rows.put(suite, o.after());
        }
    }

    private static List<PackageRecord> peersOf(Map<String, PackageRecord> rows, String suite) {
        List<PackageRecord> out = new ArrayList<>();
        for (Map.Entry<String, PackageRecord> e : rows.entrySet()) {
            if (!e.getKey().equals(suite) && e.getValue() != null) {
                out.add(e.getValue());
            }
        }
        return out;
    }

    /** Locks and reads the rows of one package in the given suites, in suite order. */
    Map<String, PackageRecord> lockRows(Connection c, String arch, String pkg, List<String> suites) throws SQLException {
        StringBuilder sql = new StringBuilder(PackageRows.SELECT);
        if (suites.size() == 1) {
            sql.append("WHERE suite = ? AND arch = ? AND package = ?").append(db.dialect.forUpdate());
        } else {
            sql.append("WHERE arch = ? AND package = ? AND suite IN (");
            for (int i = 0; i < suites.size(); i++) {
                sql.append(i == 0 ? "?" : ", ?");
            }
            sql.append(") ORDER BY suite").append(db.dialect.forUpdate());
        }
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            if (suites.size() == 1) {
                ps.setString(i++, suites.get(0));
                ps.setString(i++, arch);
                ps.setString(i, pkg);
            } else {
                ps.setString(i++, arch);
                ps.setString(i++, pkg);
                for (String s : suites) {
                    ps.setString(i++, s);
                }
            }
            Map<String, PackageRecord> rows = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    PackageRecord r = PackageRows.read(rs);
                    rows.put(r.suite(), r);
                }
            }
            return rows;
        }
    }

    private PackageRecord readRow(Connection c, String suite, String arch, String pkg, boolean forUpdate)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(PackageRows.SELECT
                + "WHERE suite = ? AND arch = ? AND package = ?" + (forUpdate ? db.dialect.forUpdate() : ""))) {
            ps.setString(1, suite);
            ps.setString(2, arch);
            ps.setString(3, pkg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? PackageRows.read(rs) : null;
            }
        }
    }

    // ==================================================================== build history

    @Override
    public void recordBuild(BuildRecord b) {
        requireSuite(b.suite(), b.arch());
        Instant now = now();
        locks.shared(List.of(b.suite()), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO pkg_history (suite, arch, package, version, "
                    + "built_at, result, build_time_ms, disk_space, builder) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                bindHistory(ps, 1, b);
                ps.executeUpdate();
            }
            PackageRecord row = readRow(c, b.suite(), b.arch(), b.packageName(), true);
            if (row != null && b.buildTime() != null) {
                PackageRecord.Builder nb = row.toBuilder().lastBuildTime(b.buildTime());
                if (b.result() == BuildResult.SUCCESSFUL) {
                    nb.lastSuccessfulBuildTime(b.buildTime());
                }
                try (PreparedStatement upd = c.prepareStatement(PackageRows.UPDATE)) {
                    PackageRows.bindUpdate(upd, nb.build(), priorities, now);
                    upd.executeUpdate();
                }
            }
            return null;
        });
    }

    private static void bindHistory(PreparedStatement ps, int i, BuildRecord b) throws SQLException {
        ps.setString(i++, b.suite());
        ps.setString(i++, b.arch());
        ps.setString(i++, b.packageName());
        ps.setString(i++, b.version().toString());
        ps.setLong(i++, b.time().toEpochMilli());
        ps.setString(i++, b.result().debianName());
        if (b.buildTime() == null) {
            ps.setNull(i++, Types.BIGINT);
        } else {
            ps.setLong(i++, b.buildTime().toMillis());
        }
        if (b.diskSpace() < 0) {
            ps.setNull(i++, Types.BIGINT);
        } else {
            ps.setLong(i++, b.diskSpace());
        }
        ps.setString(i, b.builder());
    }

    @Override
    public List<BuildRecord> history(String suite, String arch, String packageName) {
        return db.read(c -> {
            List<BuildRecord> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + HISTORY_COLUMNS
                    + " FROM pkg_history WHERE suite = ? AND arch = ? AND package = ? ORDER BY id")) {
                ps.setString(1, suite);
                ps.setString(2, arch);
                ps.setString(3, packageName);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(readHistory(rs));
                    }
                }
            }
            return out;
        });
    }

    private static final String HISTORY_COLUMNS =
            "suite, arch, package, version, built_at, result, build_time_ms, disk_space, builder, id";

    private static BuildRecord readHistory(ResultSet rs) throws SQLException {
        long ms = rs.getLong(7);
        boolean hasTime = !rs.wasNull();
        long disk = rs.getLong(8);
        boolean hasDisk = !rs.wasNull();
        return new BuildRecord(rs.getString(1), rs.getString(2), rs.getString(3), DebianVersion.parse(rs.getString(4)),
                Instant.ofEpochMilli(rs.getLong(5)), BuildResult.parse(rs.getString(6)),
                hasTime ? Duration.ofMillis(ms) : null, hasDisk ? disk : -1, rs.getString(9));
    }

    // ==================================================================== merge

    @Override
    public MergeSummary merge(String suite, String arch, String user, MergeWork work) {
        SuiteConfig sc = requireSuite(suite, arch);
        Request.of(Action.MERGE_REFRESH, user); // validates the user name before taking the lock
        Instant start = clock.instant();
        Map<String, SuiteConfig> config = currentSuites();
        List<String> peerSuites = sharingSuites(sc, arch);
        List<String> locked = new ArrayList<>(peerSuites);
        locked.add(suite);
        // Exclusive on this suite and on those it may propagate to: no state change touches these rows
        // while the merge runs, so it reads them without row locks.
        JdbcMergeSession.Result r = locks.exclusive(locked, user + " (merge " + suite + "/" + arch + ")", c -> {
            Instant now = now();
            Map<String, PackageRecord> current = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(PackageRows.SELECT + "WHERE suite = ? AND arch = ?")) {
                ps.setString(1, suite);
                ps.setString(2, arch);
                ps.setFetchSize(FETCH);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        PackageRecord p = PackageRows.read(rs);
                        current.put(p.packageName(), p);
                    }
                }
            }
            JdbcMergeSession session = new JdbcMergeSession(this, c, sc, config, arch, user, now, current,
                    readPeers(c, arch, peerSuites));
            try {
                work.run(session);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new StoreException("merge of " + suite + "/" + arch + " failed: " + e.getMessage(), e);
            }
            Instant t = now;
            JdbcMergeSession.Result result = session.finish();
            refreshQueue(c, suite, arch, t);
            if (db.dialect == Dialect.POSTGRESQL && result.changed() > 1000) {
                // Fresh statistics after a large merge, or the planner may scan the whole table for the queue.
                try (Statement st = c.createStatement()) {
                    st.execute("ANALYZE packages");
                }
            }
            return result;
        });
        queueRefreshed.put(suite + "/" + arch, clock.instant());
        notifyListeners(r.changes());
        return new MergeSummary(suite, arch, r.changed(), r.unchanged(), r.moves(), Duration.between(start, clock.instant()));
    }

    /** The rows of other suites sharing builds, by package then suite (read without locking; locked when changed). */
    private static Map<String, Map<String, PackageRecord>> readPeers(Connection c, String arch, List<String> suites)
            throws SQLException {
        Map<String, Map<String, PackageRecord>> out = new HashMap<>();
        for (String s : suites) {
            try (PreparedStatement ps = c.prepareStatement(PackageRows.SELECT + "WHERE suite = ? AND arch = ?")) {
                ps.setString(1, s);
                ps.setString(2, arch);
                ps.setFetchSize(FETCH);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        PackageRecord p = PackageRows.read(rs);
                        out.computeIfAbsent(p.packageName(), k -> new HashMap<>()).put(s, p);
                    }
                }
            }
        }
        return out;
    }

    Priorities prioritiesInUse() {
        return priorities;
    }

    @Override
    public void refreshPriorities(String suite, String arch) {
        requireSuite(suite, arch);
        locks.shared(List.of(suite), c -> {
            refreshQueue(c, suite, arch, now());
            return null;
        });
        queueRefreshed.put(suite + "/" + arch, clock.instant());
    }

    private void maybeRefreshQueue(String suite, String arch) {
        Instant last = queueRefreshed.get(suite + "/" + arch);
        if (last == null || Duration.between(last, clock.instant()).compareTo(QUEUE_REFRESH_EVERY) > 0) {
            refreshPriorities(suite, arch);
        }
    }

    /** The waiting-days part of the stored calprio of the Needs-Build rows, recomputed at {@code now}. */
    private void refreshQueue(Connection c, String suite, String arch, Instant now) throws SQLException {
        long max = priorities.waitingDaysMax() > 0 ? priorities.waitingDaysMax() : 1_000_000L;
        String expr = "calprio_base + " + db.dialect.clamp("(? - state_change) / 86400000", "?", "?") + " * ?";
        // Only the rows whose priority moved: a day boundary touches few of them.
        try (PreparedStatement ps = c.prepareStatement("UPDATE packages SET calprio = " + expr
                + " WHERE suite = ? AND arch = ? AND state = 'Needs-Build' AND calprio <> " + expr)) {
            int i = 1;
            for (int k = 0; k < 2; k++) {
                ps.setLong(i++, now.toEpochMilli());
                ps.setLong(i++, priorities.waitingDaysMin());
                ps.setLong(i++, max);
                ps.setLong(i++, Math.max(1, priorities.waitingDaysScale()));
                if (k == 0) {
                    ps.setString(i++, suite);
                    ps.setString(i++, arch);
                }
            }
            ps.executeUpdate();
        }
    }

    // ==================================================================== listeners

    @Override
    public void addListener(StateChangeListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(StateChangeListener listener) {
        listeners.remove(listener);
    }

    private void notifyListeners(List<StateChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        List<StateChange> view = List.copyOf(changes);
        for (StateChangeListener l : listeners) {
            try {
                l.committed(view);
            } catch (RuntimeException e) {
                LOG.warn("state change listener {} failed: {}", l, e.toString(), e);
            }
        }
    }

    // ==================================================================== dump

    @Override
    public void exportTo(OutputStream out) throws IOException {
        BufferedWriter bw = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        Deb822Writer w = new Deb822Writer(bw);
        try {
            // One snapshot for the whole dump.
            db.snapshot(c -> {
                write(w, DumpFormat.header());
                for (SuiteConfig s : readSuites(c)) {
                    write(w, DumpFormat.suite(s));
                }
                try (PreparedStatement ps = c.prepareStatement(PackageRows.SELECT + "ORDER BY suite, arch, package")) {
                    ps.setFetchSize(FETCH);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            write(w, DumpFormat.pkg(PackageRows.read(rs)));
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT " + HISTORY_COLUMNS + " FROM pkg_history ORDER BY id")) {
                    ps.setFetchSize(FETCH);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            write(w, DumpFormat.build(rs.getLong(10), readHistory(rs)));
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT " + PackageRows.TRANSACTION_COLUMNS
                        + " FROM transactions ORDER BY id")) {
                    ps.setFetchSize(FETCH);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            write(w, DumpFormat.transaction(PackageRows.readTransaction(rs)));
                        }
                    }
                }
                return null;
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        w.flush();
    }

    private static void write(Deb822Writer w, Paragraph p) {
        try {
            w.write(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<SuiteConfig> readSuites(Connection c) throws SQLException {
        Map<String, List<String>> archs = new TreeMap<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT suite, arch FROM suite_architectures ORDER BY suite, arch")) {
            while (rs.next()) {
                archs.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        List<SuiteConfig> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT name, build_dep_check, shares_builds FROM suites ORDER BY name")) {
            while (rs.next()) {
                out.add(new SuiteConfig(rs.getString(1), archs.getOrDefault(rs.getString(1), List.of()),
                        rs.getBoolean(2), rs.getBoolean(3)));
            }
        }
        return out;
    }

    @Override
    public void importFrom(InputStream in) throws IOException {
        Instant now = now();
        try {
            db.transactionOnce(c -> {
                for (String table : List.of("transactions", "pkg_history", "packages", "maintenance_locks",
                        "suite_architectures", "suites", "architectures")) {
                    update(c, "DELETE FROM " + table);
                }
                Deb822Parser parser = new Deb822Parser(in, "wanna-build dump");
                Paragraph first = parser.read();
                if (first == null || DumpFormat.Kind.of(first) != DumpFormat.Kind.HEADER) {
                    throw new FormatException("wanna-build dump", first == null ? 0 : first.startLine(),
                            "not a wanna-build dump (no Format paragraph first)");
                }
                DumpFormat.checkHeader(first);
                long maxBuild = 0;
                long maxTransaction = 0;
                try (PreparedStatement pkg = c.prepareStatement(PackageRows.INSERT);
                        PreparedStatement hist = c.prepareStatement("INSERT INTO pkg_history (suite, arch, package, "
                                + "version, built_at, result, build_time_ms, disk_space, builder, id) "
                                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                        PreparedStatement tx = c.prepareStatement(PackageRows.INSERT_TRANSACTION_WITH_ID)) {
                    ChangeSet.Batch pkgs = new ChangeSet.Batch(pkg);
                    ChangeSet.Batch hists = new ChangeSet.Batch(hist);
                    ChangeSet.Batch txs = new ChangeSet.Batch(tx);
                    Map<String, SuiteConfig> known = new HashMap<>();
                    Paragraph p;
                    while ((p = parser.read()) != null) {
                        switch (DumpFormat.Kind.of(p)) {
                            case HEADER -> throw p.error("Format", "a second Format paragraph");
                            case SUITE -> {
                                SuiteConfig s = DumpFormat.suite(p);
                                insertSuite(c, s);
                                known.put(s.name(), s);
                            }
                            case PACKAGE -> {
                                PackageRecord r = DumpFormat.pkg(p);
                                SuiteConfig s = known.get(r.suite());
                                if (s == null || !s.hasArchitecture(r.arch())) {
                                    throw p.error("Distribution", "package " + r.packageName() + " of " + r.suite() + "/"
                                            + r.arch() + ", which no Suite paragraph before it configures");
                                }
                                PackageRows.bindInsert(pkg, r, priorities, now);
                                pkgs.add();
                            }
                            case BUILD -> {
                                long id = DumpFormat.buildId(p);
                                bindHistory(hist, 1, DumpFormat.build(p));
                                hist.setLong(10, id);
                                hists.add();
                                maxBuild = Math.max(maxBuild, id);
                            }
                            case TRANSACTION -> {
                                TransactionEntry t = DumpFormat.transaction(p);
                                tx.setLong(1, t.id());
                                PackageRows.bindTransaction(tx, 2, t.suite(), t.arch(), t.packageName(), t.version(),
                                        t.action(), t.previousState(), t.newState(), t.user(), t.time(), t.message());
                                txs.add();
                                maxTransaction = Math.max(maxTransaction, t.id());
                            }
                        }
                    }
                    pkgs.finish();
                    hists.finish();
                    txs.finish();
                }
                for (String restart : new String[] {db.dialect.restartIdentity("pkg_history", maxBuild + 1),
                        db.dialect.restartIdentity("transactions", maxTransaction + 1)}) {
                    if (restart != null) {
                        try (Statement st = c.createStatement()) {
                            st.execute(restart);
                        }
                    }
                }
                return null;
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        reloadSuites();
        queueRefreshed.clear();
    }

    private static void insertSuite(Connection c, SuiteConfig s) throws SQLException {
        for (String arch : s.architectures()) {
            if (!exists(c, "SELECT 1 FROM architectures WHERE name = ?", arch)) {
                update(c, "INSERT INTO architectures (name) VALUES (?)", arch);
            }
        }
        try (PreparedStatement ins = c.prepareStatement(
                "INSERT INTO suites (name, build_dep_check, shares_builds) VALUES (?, ?, ?)")) {
            ins.setString(1, s.name());
            ins.setBoolean(2, s.buildDepCheck());
            ins.setBoolean(3, s.sharesBuilds());
            ins.executeUpdate();
        }
        for (String arch : s.architectures()) {
            update(c, "INSERT INTO suite_architectures (suite, arch) VALUES (?, ?)", s.name(), arch);
        }
    }

    // ==================================================================== helpers

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a instanceof Long l) {
                ps.setLong(i + 1, l);
            } else {
                ps.setString(i + 1, (String) a);
            }
        }
    }

    private static boolean exists(Connection c, String sql, String... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static long count(Connection c, String sql, String... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static int update(Connection c, String sql, String... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            return ps.executeUpdate();
        }
    }

    @Override
    public void close() {
        db.close();
    }
}
