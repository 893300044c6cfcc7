package io.jenkins.plugins.debianbuildd.wannabuild;

import static io.jenkins.plugins.debianbuildd.wannabuild.State.AUTO_NOT_FOR_US;
import static io.jenkins.plugins.debianbuildd.wannabuild.State.BD_UNINSTALLABLE;
import static io.jenkins.plugins.debianbuildd.wannabuild.State.BUILDING;
import static io.jenkins.plugins.debianbuildd.wannabuild.State.BUILD_ATTEMPTED;
import static io.jenkins.plugins.debianbuildd.wannabuild.State.BUILT;
import static io.jenkins.plugins.debianbuildd.wannabuild.State.DEP_WAIT;
import static io.jenkins.plugins.debianbuildd.wannabuild.State.DEP_WAIT_REMOVED;
import static io.jenkins.plugins.debianbuildd.wannabuild.State.FAILED;
import static io.jenkins.plugins.debianbuildd.wannabuild.State.FAILED_REMOVED;
import static io.jenkins.plugins.debianbuildd.wannabuild.State.INSTALLED;
import static io.jenkins.plugins.debianbuildd.wannabuild.State.INSTALL_WAIT;
import static io.jenkins.plugins.debianbuildd.wannabuild.State.NEEDS_BUILD;
import static io.jenkins.plugins.debianbuildd.wannabuild.State.NOT_FOR_US;
import static io.jenkins.plugins.debianbuildd.wannabuild.State.REUPLOAD_WAIT;
import static io.jenkins.plugins.debianbuildd.wannabuild.State.UPLOADED;

import io.jenkins.plugins.debianbuildd.relation.Alternatives;
import io.jenkins.plugins.debianbuildd.relation.Relation;
import io.jenkins.plugins.debianbuildd.relation.RelationList;
import io.jenkins.plugins.debianbuildd.relation.RelationOp;
import io.jenkins.plugins.debianbuildd.relation.RelationParseException;
import io.jenkins.plugins.debianbuildd.version.DebianVersion;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The transition table of the wanna-build state machine, and the one place that changes a row. Every
 * operation of the store, every change of the archive merge and every consequence in another suite goes
 * through {@link #apply}; an action the table does not allow raises {@link IllegalTransitionException}
 * before anything is written.
 *
 * <p>{@link #rule} is the table itself: for an action and a current state, whether the action is allowed
 * (possibly with a warning, or only with {@code --override}), refused (with wanna-build's reason), or a
 * no-op, and the state it leads to. It assumes the acting user holds the package and no binNMU is pending
 * (except for {@link Action#BIN_NMU_CANCEL}, which needs one); {@link #apply} adds the checks wanna-build makes
 * on top: who holds the package, which version is named, what the message says.
 *
 * <p>Semantics follow wanna-build's {@code bin/wanna-build} and the man page; the deliberate differences
 * are listed in docs/wanna-build-store.md.
 */
public final class Transitions {

    /** What the table says about an action in a state. */
    public enum Verdict {
        /** Allowed. */
        ALLOWED,
        /** Allowed, with wanna-build's "warning: state is X, processing anyways." */
        WARNING,
        /** Refused unless overridden ({@code --override}). */
        OVERRIDE_ONLY,
        /** Allowed, and changes nothing (the package already is where the action leads). */
        UNCHANGED,
        /** Refused. */
        REFUSED
    }

    /**
     * One cell of the table.
     *
     * @param action  the action
     * @param from    the current state, null for a package without a row
     * @param verdict allowed or not
     * @param to      the state the action leads to (null: the row is deleted, or the action is refused)
     * @param reason  why it is refused or overridden, in wanna-build's words; null when allowed
     */
    public record Rule(Action action, State from, Verdict verdict, State to, String reason) {
        public boolean allowedWithoutOverride() {
            return verdict == Verdict.ALLOWED || verdict == Verdict.WARNING || verdict == Verdict.UNCHANGED;
        }
    }

    /**
     * What {@link #apply} needs besides the row: the suite's configuration, the time, and the rows of the same
     * package and architecture in the other suites that share builds with this one (empty when none).
     */
    public record Context(SuiteConfig suite, Instant now, List<PackageRecord> peers) {
        public Context {
            Objects.requireNonNull(suite, "suite");
            Objects.requireNonNull(now, "now");
            peers = List.copyOf(peers);
        }

        public Context(SuiteConfig suite, Instant now) {
            this(suite, now, List.of());
        }
    }

    /** Text wanna-build puts in bd_problem when a package enters BD-Uninstallable by give-back or binNMU. */
    public static final String NOT_TESTED_YET = "Installability of build dependencies not tested yet";

    private static final Set<State> TAKEN = EnumSet.of(BUILDING, BUILT, BUILD_ATTEMPTED);
    private static final Set<State> BUILD_IN_PROGRESS = EnumSet.of(BUILDING, BUILT, BUILD_ATTEMPTED, UPLOADED);
    /** States in which a scheduled binNMU is pending (and may be raised by a further binNMU). */
    private static final Set<State> BIN_NMU_PENDING = EnumSet.of(NEEDS_BUILD, BUILDING, BUILT, BUILD_ATTEMPTED, UPLOADED,
            DEP_WAIT, BD_UNINSTALLABLE, FAILED, INSTALL_WAIT, REUPLOAD_WAIT);
    private static final DateTimeFormatter SHORT_DATE = DateTimeFormatter.ofPattern("MM/dd/yy").withZone(ZoneOffset.UTC);

    private Transitions() {
    }

    /**
     * The table: what {@code action} does from {@code from} (null: the package has no row), in a suite with
     * or without the build-dependency installability check.
     */
    public static Rule rule(Action action, State from, boolean buildDepCheck) {
        State wait = buildDepCheck ? BD_UNINSTALLABLE : NEEDS_BUILD;
        if (from == null) {
            return switch (action) {
                case MERGE_NEW_VERSION -> allow(action, null, NEEDS_BUILD);
                case MERGE_INSTALLED -> allow(action, null, INSTALLED);
                case MERGE_AUTO_NOT_FOR_US -> allow(action, null, AUTO_NOT_FOR_US);
                default -> refuse(action, null, "not registered yet");
            };
        }
        return switch (action) {
            case TAKE -> switch (from) {
                case NEEDS_BUILD -> allow(action, from, BUILDING);
                case BUILDING, BUILT, BUILD_ATTEMPTED -> new Rule(action, from, Verdict.UNCHANGED, from, "already taken by you");
                case FAILED -> override(action, from, BUILDING, "build failed previously");
                case INSTALL_WAIT -> override(action, from, BUILDING, "waiting for the build of the same version in another suite");
                case REUPLOAD_WAIT -> override(action, from, BUILDING, "built for another suite; waiting for its binaries to be uploaded again");
                case UPLOADED -> refuse(action, from, "already uploaded");
                case INSTALLED -> refuse(action, from, "is up-to-date in the archive; doesn't need rebuilding");
                case DEP_WAIT -> refuse(action, from, "not all source dependencies available yet");
                case BD_UNINSTALLABLE -> refuse(action, from, "source dependencies are not installable");
                case NOT_FOR_US, AUTO_NOT_FOR_US -> refuse(action, from, "not suitable for this architecture");
                case FAILED_REMOVED -> refuse(action, from, "build failed previously; also the package doesn't need building");
                case DEP_WAIT_REMOVED -> refuse(action, from, "the package doesn't need building (not in the archive anymore)");
            };
            case BUILT -> from == BUILDING || from == BUILD_ATTEMPTED ? allow(action, from, BUILT)
                    : refuse(action, from, "state is " + from + ", not in Building, Build-Attempted");
            case ATTEMPTED -> from == BUILDING ? allow(action, from, BUILD_ATTEMPTED)
                    : from == BUILD_ATTEMPTED ? unchanged(action, from)
                    : refuse(action, from, "state is " + from + ", not in Building, Build-Attempted");
            case UPLOADED -> switch (from) {
                case BUILDING, BUILT, BUILD_ATTEMPTED, INSTALL_WAIT, REUPLOAD_WAIT -> allow(action, from, UPLOADED);
                case UPLOADED -> new Rule(action, from, Verdict.UNCHANGED, from, "already uploaded");
                default -> refuse(action, from, notTaken(from));
            };
            case FAILED -> switch (from) {
                case BUILDING, BUILT, BUILD_ATTEMPTED, FAILED -> allow(action, from, FAILED);
                case NEEDS_BUILD, UPLOADED, DEP_WAIT, BD_UNINSTALLABLE -> new Rule(action, from, Verdict.WARNING, FAILED, null);
                case INSTALLED -> refuse(action, from, "Is already installed in archive");
                case NOT_FOR_US, AUTO_NOT_FOR_US -> refuse(action, from, "not suitable for this architecture anyway");
                case FAILED_REMOVED, DEP_WAIT_REMOVED -> refuse(action, from, "failed previously and doesn't need building");
                case INSTALL_WAIT, REUPLOAD_WAIT -> refuse(action, from, notTaken(from));
            };
            case DEP_WAIT -> switch (from) {
                case BUILDING, BUILT, BUILD_ATTEMPTED, DEP_WAIT -> allow(action, from, DEP_WAIT);
                case NEEDS_BUILD, FAILED, BD_UNINSTALLABLE -> new Rule(action, from, Verdict.WARNING, DEP_WAIT, null);
                case INSTALLED -> refuse(action, from, "Is already installed in archive");
                case UPLOADED -> refuse(action, from, "Is already uploaded");
                case NOT_FOR_US, AUTO_NOT_FOR_US -> refuse(action, from, "not suitable for this architecture anyway");
                case FAILED_REMOVED, DEP_WAIT_REMOVED -> refuse(action, from, "failed previously and doesn't need building");
                case INSTALL_WAIT, REUPLOAD_WAIT -> refuse(action, from, notTaken(from));
            };
            case GIVE_BACK -> switch (from) {
                case BUILDING, BUILT, BUILD_ATTEMPTED -> allow(action, from, wait);
                case BD_UNINSTALLABLE -> override(action, from, NEEDS_BUILD,
                        "has uninstallable build-dependencies (use --override to clear dependency list and give back anyway)");
                case DEP_WAIT -> override(action, from, wait,
                        "waiting for source dependencies (use --override to clear dependency list and give back anyway)");
                case NEEDS_BUILD, FAILED, UPLOADED, INSTALL_WAIT, REUPLOAD_WAIT -> override(action, from, wait, notTaken(from));
                case INSTALLED, NOT_FOR_US, AUTO_NOT_FOR_US, FAILED_REMOVED, DEP_WAIT_REMOVED -> refuse(action, from, notTaken(from));
            };
            case NO_BUILD -> from == NOT_FOR_US ? allow(action, from, FAILED) : allow(action, from, NOT_FOR_US);
            case FORGET, MERGE_DELETE -> allow(action, from, null);
            case BIN_NMU -> from == INSTALLED ? allow(action, from, wait)
                    : refuse(action, from, "not installed; can't register for binNMU");
            case BIN_NMU_CANCEL -> switch (from) {
                case INSTALLED, NOT_FOR_US, AUTO_NOT_FOR_US, FAILED_REMOVED, DEP_WAIT_REMOVED ->
                        refuse(action, from, "no scheduled binNMU to cancel");
                default -> allow(action, from, INSTALLED);
            };
            case BUILD_PRIORITY, PERM_BUILD_PRIORITY -> switch (from) {
                case NOT_FOR_US -> refuse(action, from, "not suitable for this architecture");
                case FAILED_REMOVED -> refuse(action, from, "failed previously and doesn't need building");
                default -> allow(action, from, from);
            };
            case MERGE_NEW_VERSION -> from == NOT_FOR_US ? allow(action, from, NOT_FOR_US) : allow(action, from, NEEDS_BUILD);
            case MERGE_INSTALLED -> allow(action, from, INSTALLED);
            case MERGE_AUTO_NOT_FOR_US -> switch (from) {
                case NOT_FOR_US, FAILED, FAILED_REMOVED, DEP_WAIT, DEP_WAIT_REMOVED ->
                        refuse(action, from, from + " is kept; it is not replaced by Auto-Not-For-Us");
                default -> allow(action, from, AUTO_NOT_FOR_US);
            };
            case MERGE_INSTALLABLE -> from == BD_UNINSTALLABLE ? allow(action, from, NEEDS_BUILD)
                    : from == NEEDS_BUILD ? unchanged(action, from)
                    : refuse(action, from, "state is " + from + ", not BD-Uninstallable");
            case MERGE_BD_UNINSTALLABLE -> from == NEEDS_BUILD || from == DEP_WAIT || from == BD_UNINSTALLABLE
                    ? allow(action, from, BD_UNINSTALLABLE)
                    : refuse(action, from, "state is " + from + ", not in Needs-Build, Dep-Wait, BD-Uninstallable");
            case MERGE_DEP_WAIT -> from == NEEDS_BUILD || from == BD_UNINSTALLABLE || from == DEP_WAIT
                    ? allow(action, from, DEP_WAIT)
                    : refuse(action, from, "state is " + from + ", not in Needs-Build, BD-Uninstallable, Dep-Wait");
            case MERGE_RELEASE_DEP_WAIT -> from == DEP_WAIT ? allow(action, from, NEEDS_BUILD)
                    : refuse(action, from, "state is " + from + ", not Dep-Wait");
            case MERGE_FAILED_REMOVED -> from == FAILED ? allow(action, from, FAILED_REMOVED)
                    : from == FAILED_REMOVED ? unchanged(action, from)
                    : refuse(action, from, "state is " + from + ", not Failed");
            case MERGE_DEP_WAIT_REMOVED -> from == DEP_WAIT ? allow(action, from, DEP_WAIT_REMOVED)
                    : from == DEP_WAIT_REMOVED ? unchanged(action, from)
                    : refuse(action, from, "state is " + from + ", not Dep-Wait");
            case MERGE_REINSTATE -> from == FAILED_REMOVED ? allow(action, from, FAILED)
                    : from == DEP_WAIT_REMOVED ? allow(action, from, DEP_WAIT)
                    : refuse(action, from, "state is " + from + ", not Failed-Removed or Dep-Wait-Removed");
            case MERGE_REFRESH -> allow(action, from, from);
            case PROPAGATE_INSTALL_WAIT -> from == NEEDS_BUILD || from == BD_UNINSTALLABLE ? allow(action, from, INSTALL_WAIT)
                    : from == INSTALL_WAIT ? unchanged(action, from)
                    : refuse(action, from, "state is " + from + ", not in Needs-Build, BD-Uninstallable");
            case PROPAGATE_REUPLOAD_WAIT -> from == INSTALL_WAIT ? allow(action, from, REUPLOAD_WAIT)
                    : from == REUPLOAD_WAIT ? unchanged(action, from)
                    : refuse(action, from, "state is " + from + ", not Install-Wait");
            case PROPAGATE_FAILED -> from == INSTALL_WAIT ? allow(action, from, FAILED)
                    : refuse(action, from, "state is " + from + ", not Install-Wait");
            case PROPAGATE_DEP_WAIT -> from == INSTALL_WAIT ? allow(action, from, DEP_WAIT)
                    : refuse(action, from, "state is " + from + ", not Install-Wait");
            case PROPAGATE_RELEASE -> from == INSTALL_WAIT ? allow(action, from, wait)
                    : refuse(action, from, "state is " + from + ", not Install-Wait");
        };
    }

    private static Rule allow(Action a, State from, State to) {
        return new Rule(a, from, Verdict.ALLOWED, to, null);
    }

    private static Rule unchanged(Action a, State from) {
        return new Rule(a, from, Verdict.UNCHANGED, from, null);
    }

    private static Rule override(Action a, State from, State to, String reason) {
        return new Rule(a, from, Verdict.OVERRIDE_ONLY, to, reason);
    }

    private static Rule refuse(Action a, State from, String reason) {
        return new Rule(a, from, Verdict.REFUSED, null, reason);
    }

    private static String notTaken(State s) {
        return "not taken for building (state is " + s + ")";
    }

    /**
     * Decides what {@code request} does to {@code current} (null when the package has no row; then the
     * package name comes from {@code newPackage}): the new row, wanna-build's messages, and what follows in
     * the other suites. Pure: nothing is written; the store writes the outcome in one transaction.
     *
     * @throws IllegalTransitionException when the table, the holder or the version does not allow it
     * @throws UnknownPackageException    when the package has no row and the action needs one
     * @throws IllegalArgumentException   when the message is not what the action needs (bad dependency list, ...)
     */
    public static Outcome apply(Request request, PackageRecord current, String arch, String newPackage, Context ctx) {
        return new Application(request, current, arch, current == null ? newPackage : current.packageName(), ctx).run();
    }

    /** Whether {@code builder} belongs to {@code user}: the same name, or {@code user-something} (wanna-build). */
    public static boolean owns(String user, String builder) {
        if (builder == null || builder.equals(user)) {
            return true;
        }
        int dash = builder.indexOf('-');
        if (dash <= 0 || dash == builder.length() - 1) {
            return false;
        }
        String prefix = builder.substring(0, dash);
        return prefix.equals(user) && prefix.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_');
    }

    /** wanna-build's {@code pkg_version_eq}: the source version, or the binNMU version when one is scheduled. */
    public static boolean versionMatches(PackageRecord r, DebianVersion v) {
        return v == null || r.version().equals(v) || (r.binNmuVersion() > 0 && r.buildVersion().equals(v));
    }

    /**
     * The dep-wait list {@code added} merged into {@code existing}: an entry for a package already listed
     * replaces it, new packages are appended (wanna-build's {@code add_one_depwait}).
     *
     * @param strict wanna-build's check of hand-written lists: single relations, unversioned or {@code >=}/{@code >>}
     */
    public static String mergeDepends(String existing, String added, boolean strict) {
        RelationList add = parseDepends(added, strict);
        Map<String, Alternatives> merged = new LinkedHashMap<>();
        if (existing != null && !existing.isBlank()) {
            for (Alternatives a : RelationList.parse(existing)) {
                merged.put(key(a), a);
            }
        }
        for (Alternatives a : add) {
            merged.put(key(a), a);
        }
        return new RelationList(new ArrayList<>(merged.values())).toString();
    }

    private static String key(Alternatives a) {
        return a.relations().stream().map(Relation::name).collect(Collectors.joining("|"));
    }

    private static RelationList parseDepends(String text, boolean strict) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("Bad dependency list: no dependencies given");
        }
        RelationList list;
        try {
            list = RelationList.parse(Texts.singleLine("dependency list", text));
        } catch (RelationParseException e) {
            throw new IllegalArgumentException("Bad dependency list: " + e.getMessage(), e);
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("Bad dependency list: no dependencies given");
        }
        if (strict) {
            for (Alternatives a : list) {
                Relation r = a.first();
                if (!a.isSingle() || !r.archRestrictions().isEmpty() || !r.profiles().isEmpty()
                        || (r.op() != null && r.op() != RelationOp.GE && r.op() != RelationOp.GT)) {
                    throw new IllegalArgumentException("Bad dependency list: '" + a
                            + "' (each entry must be one package, unversioned or with >= or >>)");
                }
            }
        }
        return list;
    }

    /** The work of one {@link #apply}: a builder for the new row and the messages. */
    private static final class Application {
        private final Request req;
        private final PackageRecord cur;
        private final String arch;
        private final String name;
        private final Context ctx;
        private final Action action;
        private final List<String> messages = new ArrayList<>();
        private final List<Outcome.Propagation> propagations = new ArrayList<>();
        private String logAction;
        private PackageRecord.Builder b;
        private boolean deleted;

        Application(Request req, PackageRecord cur, String arch, String name, Context ctx) {
            this.req = req;
            this.cur = cur;
            this.arch = arch;
            this.name = Objects.requireNonNull(name, "package name");
            this.ctx = ctx;
            this.action = req.action();
            this.logAction = action.logName() + (req.override() ? " --override" : "");
        }

        Outcome run() {
            State from = cur == null ? null : cur.state();
            Rule rule = rule(action, from, ctx.suite().buildDepCheck());
            if (cur == null) {
                if (rule.verdict() == Verdict.REFUSED) {
                    throw new UnknownPackageException(ctx.suite().name(), arch, name);
                }
                create();
            } else {
                checkHolder();
                checkVersion();
                b = cur.toBuilder();
                decide(rule);
            }
            if (deleted) {
                return new Outcome(req, cur, null, true, messages, logAction, logMessage(), propagations);
            }
            PackageRecord after = b.build();
            boolean changed = cur == null || !after.equals(cur);
            return new Outcome(req, cur, changed ? after : cur, changed, messages, logAction, logMessage(), propagations);
        }

        /** What the transactions log keeps as the change's message. */
        private String logMessage() {
            String m = req.message();
            if (m == null && action.kind() == Action.Kind.MERGE) {
                m = req.fields().message();
            }
            if (action == Action.BIN_NMU && m != null) {
                m = "binNMU " + req.number() + ": " + m;
            }
            if (action == Action.BUILD_PRIORITY || action == Action.PERM_BUILD_PRIORITY) {
                m = "priority " + req.number();
            }
            return Texts.multiline(m);
        }

        // ---- checks common to several actions ----

        private void checkHolder() {
            if (action.requiresBuilder() && !req.override() && !owns(req.user(), cur.builder())) {
                throw refusal("not taken by you, but by " + cur.builder(),
                        name + ": not taken by you, but by " + cur.builder() + ". Skipping.");
            }
        }

        private void checkVersion() {
            DebianVersion v = req.version();
            if (v == null || action.kind() != Action.Kind.OPERATION) {
                return;
            }
            if (action == Action.TAKE) {
                checkTakeVersion(v);
                return;
            }
            boolean ok;
            if (action == Action.UPLOADED && cur.binNmuVersion() > 0) {
                ok = cur.buildVersion().equals(v);
            } else if (action == Action.BIN_NMU || action == Action.BIN_NMU_CANCEL) {
                ok = cur.version().equals(v.withoutBinNmu());
            } else {
                ok = versionMatches(cur, v);
            }
            if (!ok) {
                String registered = cur.buildVersion() + (cur.builder() == null ? "" : " by " + cur.builder());
                throw refusal("version mismatch (" + registered + " registered, not " + v + ")",
                        name + ": version mismatch (" + registered + "). Skipping.");
            }
        }

        private void checkTakeVersion(DebianVersion v) {
            if (versionMatches(cur, v)) {
                return;
            }
            DebianVersion reg = cur.version();
            String reason;
            if (v.isOlderThan(reg)) {
                reason = switch (cur.state()) {
                    case INSTALLED -> "newer version " + reg + " already in archive; doesn't need rebuilding";
                    case NEEDS_BUILD -> "newer version " + reg + " needs building, not " + v;
                    case UPLOADED -> "already uploaded by " + cur.builder() + " (in newer version " + reg + ")";
                    case BUILDING, BUILT, BUILD_ATTEMPTED -> "already taken by " + cur.builder() + " (in newer version " + reg + ")";
                    default -> "version mismatch (" + reg + " registered, not " + v + ")";
                };
            } else {
                reason = "version " + v + " is not registered (" + reg + " is); the archive merge registers new versions";
            }
            throw refusal(reason, notOk(reason));
        }

        private IllegalTransitionException refusal(String reason, String wannaBuild) {
            return new IllegalTransitionException(ctx.suite().name(), arch, name, cur == null ? null : cur.state(),
                    action, reason, wannaBuild);
        }

        /** wanna-build's {@code print "$name: NOT OK!\n  $reason\n"}: the reason's own lines keep their indentation. */
        private String notOk(String reason) {
            return name + ": NOT OK!\n  " + reason;
        }

        private IllegalTransitionException refused(Rule rule) {
            String reason = rule.reason();
            String wb = switch (action) {
                case TAKE -> notOk(reason);
                case BUILT, ATTEMPTED -> name + ": skiping: " + reason;
                // wanna-build's set_one_binnmu names the version asked for: "hello_1.0-1: not installed; ..."
                case BIN_NMU, BIN_NMU_CANCEL -> name + "_" + (req.version() != null ? req.version().withoutBinNmu()
                        : cur.version()) + ": " + reason + ".";
                default -> name + ": " + reason + ". Skipping.";
            };
            return refusal(reason, wb);
        }

        // ---- the decision ----

        private void decide(Rule rule) {
            switch (rule.verdict()) {
                case REFUSED -> {
                    if (action == Action.BIN_NMU && cur.binNmuVersion() > 0 && BIN_NMU_PENDING.contains(cur.state())) {
                        binNmu(); // a further binNMU while one is pending: wanna-build allows it from any state
                        return;
                    }
                    throw refused(rule);
                }
                case OVERRIDE_ONLY -> {
                    if (!req.override() && action != Action.TAKE) {
                        throw refused(rule);
                    }
                }
                case WARNING -> messages.add(name + ": warning: state is " + cur.state() + ", processing anyways.");
                case UNCHANGED -> {
                    if (action != Action.TAKE) {
                        if (rule.reason() != null) {
                            messages.add(name + ": " + rule.reason());
                        }
                        return;
                    }
                }
                default -> {
                }
            }
            State to = rule.to();
            switch (action) {
                case TAKE -> take(rule);
                case BUILT, ATTEMPTED -> changeState(to);
                case UPLOADED -> changeState(to);
                case FAILED -> failed();
                case DEP_WAIT -> depWait();
                case GIVE_BACK -> giveBack(to);
                case NO_BUILD -> noBuild();
                case FORGET, MERGE_DELETE -> {
                    deleted = true;
                    releasePeers();
                }
                case BIN_NMU -> binNmu();
                case BIN_NMU_CANCEL -> binNmuCancel();
                case BUILD_PRIORITY -> b.buildPri(req.number());
                case PERM_BUILD_PRIORITY -> permBuildPri();
                case MERGE_NEW_VERSION -> newVersion(to);
                case MERGE_INSTALLED -> installed();
                case MERGE_AUTO_NOT_FOR_US -> autoNotForUs();
                case MERGE_INSTALLABLE -> changeState(to);
                case MERGE_BD_UNINSTALLABLE -> bdUninstallable();
                case MERGE_DEP_WAIT -> {
                    changeState(DEP_WAIT);
                    b.depends(parseDepends(req.fields().depends(), false).toString());
                    refresh();
                }
                case MERGE_RELEASE_DEP_WAIT -> {
                    changeState(to);
                    b.depends(null).builder(null);
                }
                case MERGE_FAILED_REMOVED, MERGE_DEP_WAIT_REMOVED, MERGE_REINSTATE -> changeState(to);
                case MERGE_REFRESH -> refresh();
                case PROPAGATE_INSTALL_WAIT -> {
                    changeState(to);
                    b.builder(req.origin() == null ? req.user() : req.origin().builder()).depends(null);
                }
                case PROPAGATE_REUPLOAD_WAIT -> {
                    changeState(to);
                    if (req.origin() != null && req.origin().builder() != null) {
                        b.builder(req.origin().builder());
                    }
                }
                case PROPAGATE_FAILED -> {
                    changeState(to);
                    PackageRecord o = Objects.requireNonNull(req.origin(), "origin");
                    b.failed(o.failed()).failedCategory(o.failedCategory()).builder(o.builder());
                }
                case PROPAGATE_DEP_WAIT -> {
                    changeState(to);
                    PackageRecord o = Objects.requireNonNull(req.origin(), "origin");
                    b.depends(o.depends()).builder(o.builder());
                }
                case PROPAGATE_RELEASE -> {
                    changeState(to);
                    b.builder(null);
                }
            }
        }

        private void take(Rule rule) {
            State s = cur.state();
            if (TAKEN.contains(s)) {
                if (owns(req.user(), cur.builder()) && !req.override()) {
                    messages.add(name + ": Note: already taken by you.");
                    return;
                }
                if (!req.override()) {
                    throw refusal("already taken by " + cur.builder(), notOk("already taken by " + cur.builder()));
                }
                messages.add("User " + cur.builder() + " had already taken the following package,");
                messages.add("but overriding this as you request:");
            } else if (rule.verdict() == Verdict.OVERRIDE_ONLY) {
                String reason = switch (s) {
                    case FAILED -> "build of " + cur.version() + " failed previously:\n    "
                            + String.join("\n    ", (cur.failed() == null ? "" : cur.failed()).split("\n"));
                    case INSTALL_WAIT -> "waiting for the build of " + cur.version() + " in another suite by " + cur.builder();
                    case REUPLOAD_WAIT -> "built for another suite by " + cur.builder()
                            + "; waiting for its binaries to be uploaded again";
                    default -> rule.reason();
                };
                if (!req.override()) {
                    throw refusal(reason, notOk(reason));
                }
                if (s == FAILED) {
                    messages.add("The following package previously failed (by " + cur.builder() + ")");
                    messages.add("but overriding this as you request:");
                }
            }
            if (cur.binNmuVersion() > 0) {
                messages.add(name + ": Warning: needs binary NMU " + cur.binNmuVersion());
                if (cur.binNmuChangelog() != null) {
                    messages.add(cur.binNmuChangelog());
                }
            } else if ((cur.previousState() != null && cur.previousState().isFailed()) || s.isFailed()) {
                messages.add(name + ": Warning: Previous version failed!");
            }
            changeState(BUILDING);
            b.builder(req.user());
            PackageRecord after = b.build();
            for (PackageRecord p : sameBuildPeers(after)) {
                if (p.state() == NEEDS_BUILD || p.state() == BD_UNINSTALLABLE) {
                    propagate(p, Action.PROPAGATE_INSTALL_WAIT, after);
                }
            }
        }

        private void failed() {
            FailedCategory.Categorized c = FailedCategory.split(req.message());
            String message = Texts.multiline(c.message());
            FailedCategory category = c.category();
            if (message == null && category == null) {
                throw new IllegalArgumentException(name + ": a failure message (or a [category]) is required");
            }
            if (cur.state() == FAILED) {
                if (message != null) {
                    messages.add(name + ": already registered as failed; will append new message");
                }
                if (category != null) {
                    messages.add(name + ": already registered as failed; changing category");
                }
            }
            if ((category == FailedCategory.REMINDER_SENT || category == FailedCategory.NMU_OFFERED)
                    && cur.failedCategory() != category) {
                String line = SHORT_DATE.format(ctx.now()) + ": " + category.debianName().replaceFirst("-", " ");
                message = message == null ? line : message + "\n" + line;
            }
            changeState(FAILED);
            b.builder(req.user());
            if (message != null) {
                String all = b.failed() == null ? message : b.failed() + "\n" + message;
                if (all.length() > Texts.MAX_OLD_FAILED) {
                    // Appended again and again: the oldest lines go, at a line boundary.
                    int cut = all.indexOf('\n', all.length() - Texts.MAX_OLD_FAILED);
                    all = all.substring(cut > 0 ? cut + 1 : all.length() - Texts.MAX_OLD_FAILED);
                }
                b.failed(all);
            }
            if (category != null) {
                b.failedCategory(category);
            }
            b.buildPri(cur.permBuildPri());
            PackageRecord after = b.build();
            for (PackageRecord p : sameBuildPeers(after)) {
                if (p.state() == INSTALL_WAIT) {
                    propagate(p, Action.PROPAGATE_FAILED, after);
                }
            }
        }

        private void depWait() {
            if (cur.state() == DEP_WAIT) {
                messages.add(name + ": merging with previously registered dependencies");
            }
            String deps = mergeDepends(cur.state() == DEP_WAIT ? cur.depends() : null, req.message(), true);
            changeState(DEP_WAIT);
            b.builder(req.user()).depends(deps).buildPri(cur.permBuildPri());
            PackageRecord after = b.build();
            for (PackageRecord p : sameBuildPeers(after)) {
                if (p.state() == INSTALL_WAIT) {
                    propagate(p, Action.PROPAGATE_DEP_WAIT, after);
                }
            }
        }

        private void giveBack(State to) {
            State s = cur.state();
            if (req.override()) {
                if (s == BD_UNINSTALLABLE) {
                    messages.add(name + ": Forcing uninstallability mark to be removed. This is not permanent and "
                            + "might be reset with the next trigger run");
                } else if (s == DEP_WAIT) {
                    messages.add(name + ": Forcing source dependency list to be cleared");
                } else if (!TAKEN.contains(s)) {
                    messages.add(name + ": not taken for building (state is " + s + ").");
                    messages.add(name + ": Forcing give-back");
                }
            }
            changeState(to);
            b.builder(null).depends(null);
            releasePeers();
        }

        private void noBuild() {
            if (cur.state() == NOT_FOR_US) {
                // wanna-build: the only way out of Not-For-Us; there is no good state for it, so Failed.
                changeState(FAILED);
                b.failed("Was Not-For-Us previously").builder(null).depends(null);
                messages.add(name + ": now not unsuitable anymore");
                logAction = "--no-build(rev)";
                return;
            }
            changeState(NOT_FOR_US);
            b.builder(null).depends(null).binNmuVersion(0).binNmuChangelog(null).buildPri(0);
            releasePeers();
        }

        private void binNmu() {
            int n = req.number();
            if (n <= 0) {
                throw new IllegalArgumentException(name + ": binNMU number must be positive (0 cancels: use the cancel operation)");
            }
            String changelog = Texts.singleLine("binNMU changelog entry", req.message());
            if (changelog == null) {
                throw new IllegalArgumentException(name + ": No changelog entry given");
            }
            if (cur.binNmuVersion() > 0 && n <= cur.binNmuVersion()) {
                String reason = "already building binNMU " + cur.binNmuVersion();
                throw refusal(reason, name + ": " + reason);
            }
            DebianVersion full = cur.version().withBinNmu(n);
            if (cur.installedVersion() != null && !full.isNewerThan(cur.installedVersion())) {
                String reason = "binNMU " + full + " is not newer than current version " + cur.installedVersion();
                throw refusal(reason, name + ": " + reason);
            }
            changeState(ctx.suite().waitingState());
            b.builder(null).depends(null).binNmuVersion(n).binNmuChangelog(changelog).notes("out-of-date").buildPri(0);
            releasePeers();
        }

        private void binNmuCancel() {
            if (cur.binNmuVersion() <= 0) {
                String reason = "no scheduled binNMU to cancel";
                throw refusal(reason, name + "_" + cur.version() + ": " + reason + ".");
            }
            changeState(INSTALLED);
            b.builder(null).depends(null).binNmuVersion(0).binNmuChangelog(null).buildPri(0);
            releasePeers();
        }

        private void permBuildPri() {
            int n = req.number();
            if (n == 0) {
                if (cur.buildPri() == cur.permBuildPri()) {
                    b.buildPri(0);
                }
            } else {
                b.buildPri(n);
            }
            b.permBuildPri(n);
        }

        private void create() {
            Fields f = req.fields();
            if (f.version() == null) {
                throw new IllegalArgumentException(name + ": " + action + " of a new package needs its version");
            }
            State to = rule(action, null, ctx.suite().buildDepCheck()).to();
            b = PackageRecord.builder(ctx.suite().name(), arch, name, f.version(), to, ctx.now());
            refresh();
            switch (action) {
                case MERGE_NEW_VERSION -> {
                    if (f.binNmuVersion() != null) {
                        b.binNmuVersion(f.binNmuVersion());
                    }
                    fromPeers();
                }
                case MERGE_INSTALLED -> b.installedVersion(installedVersion(f)).binNmuVersion(binNmu(f));
                default -> {
                }
            }
        }

        private void newVersion(State to) {
            Fields f = req.fields();
            DebianVersion v = Objects.requireNonNull(f.version(), () -> name + ": " + action + " needs the version");
            State s = cur.state();
            boolean sameAllowed = s == INSTALLED || s == AUTO_NOT_FOR_US || s == FAILED_REMOVED || s == DEP_WAIT_REMOVED;
            if (!sameAllowed && v.equals(cur.version()) && binNmu(f) == cur.binNmuVersion()) {
                // Registered already (an upload announced twice, a merge run again): nothing to do.
                messages.add(name + ": " + v + " already registered (" + s + ")");
                return;
            }
            if (sameAllowed ? v.isOlderThan(cur.version()) : !v.isNewerThan(cur.version())) {
                String reason = "version " + v + " is not newer than " + cur.version() + " registered in state " + s;
                throw refusal(reason, name + ": " + reason);
            }
            if (BUILD_IN_PROGRESS.contains(s) && cur.builder() != null) {
                messages.add(name + ": new version (" + v + ") while building " + cur.version()
                        + " -- notifying builder (" + cur.builder() + ")");
            }
            int binNmu = binNmu(f);
            PackageRecord best = to == NEEDS_BUILD
                    ? bestPeer(cur.toBuilder().version(v).binNmuVersion(binNmu).build()) : null;
            if (b.failed() != null) {
                archiveFailure(); // the failure belongs to the registration being replaced
            }
            changeState(best == null ? to : peerState(best));
            b.version(v).builder(null).depends(null).buildPri(0).binNmuVersion(binNmu);
            if (binNmu == 0) {
                b.binNmuChangelog(null);
            }
            refresh();
            if (best != null) {
                copyFromPeer(best);
            }
            releasePeers();
        }

        /** A new package that another suite sharing builds already has: wait, re-upload or copy. */
        private void fromPeers() {
            PackageRecord best = bestPeer(b.build());
            if (best != null) {
                b.state(peerState(best));
                copyFromPeer(best);
            }
        }

        /** The row of another suite sharing builds that decides what a version new here does. */
        private PackageRecord bestPeer(PackageRecord me) {
            PackageRecord best = null;
            for (PackageRecord p : sameBuildPeers(me)) {
                if (rank(p.state()) > rank(best == null ? null : best.state())) {
                    best = p;
                }
            }
            return best;
        }

        private static State peerState(PackageRecord best) {
            State s = best.state();
            return s == INSTALLED ? REUPLOAD_WAIT : BUILD_IN_PROGRESS.contains(s) ? INSTALL_WAIT : s;
        }

        private void copyFromPeer(PackageRecord best) {
            State s = best.state();
            String v = best.version().toString();
            b.builder(best.builder());
            if (s == INSTALLED) {
                messages.add(name + ": " + v + " is installed in " + best.suite() + "; waiting for a re-upload");
            } else if (BUILD_IN_PROGRESS.contains(s)) {
                messages.add(name + ": " + v + " is " + s + " in " + best.suite() + "; waiting for it");
            } else if (s == FAILED) {
                b.failed(best.failed()).failedCategory(best.failedCategory());
                messages.add(name + ": " + v + " failed in " + best.suite() + "; failure copied");
            } else if (s == DEP_WAIT) {
                b.depends(best.depends());
                messages.add(name + ": " + v + " waits for dependencies in " + best.suite() + "; copied");
            }
        }

        private static int rank(State s) {
            if (s == null) {
                return 0;
            }
            return switch (s) {
                case INSTALLED -> 5;
                case UPLOADED, BUILT, BUILDING, BUILD_ATTEMPTED -> 4;
                case FAILED -> 3;
                case DEP_WAIT -> 2;
                default -> 0;
            };
        }

        private void installed() {
            Fields f = req.fields();
            State before = cur.state();
            changeState(INSTALLED);
            if (f.version() != null) {
                b.version(f.version());
            }
            b.installedVersion(installedVersion(f)).binNmuVersion(binNmu(f)).depends(null).buildPri(cur.permBuildPri());
            if (binNmu(f) == 0) {
                b.binNmuChangelog(null);
            }
            refresh();
            if (before != INSTALLED) {
                PackageRecord after = b.build();
                for (PackageRecord p : sameBuildPeers(after)) {
                    if (p.state() == INSTALL_WAIT) {
                        propagate(p, Action.PROPAGATE_REUPLOAD_WAIT, after);
                    }
                }
            }
        }

        private DebianVersion installedVersion(Fields f) {
            if (f.installedVersion() != null) {
                return f.installedVersion();
            }
            DebianVersion v = f.version() != null ? f.version() : cur.version();
            int n = binNmu(f);
            return n > 0 ? v.withBinNmu(n) : v;
        }

        private static int binNmu(Fields f) {
            return f.binNmuVersion() == null ? 0 : f.binNmuVersion();
        }

        private void autoNotForUs() {
            Fields f = req.fields();
            changeState(AUTO_NOT_FOR_US);
            if (f.version() != null) {
                b.version(f.version());
            }
            refresh();
            releasePeers();
        }

        private void bdUninstallable() {
            String problem = Texts.multiline(req.fields().bdProblem());
            if (problem == null) {
                throw new IllegalArgumentException(name + ": " + action + " needs the reason (bdProblem)");
            }
            changeState(BD_UNINSTALLABLE);
            b.bdProblem(problem).depends(null);
        }

        /** The descriptive fields the archive gives; null leaves them. */
        private void refresh() {
            Fields f = req.fields();
            if (f.section() != null) {
                b.section(Texts.token("section", f.section()));
            }
            if (f.priority() != null) {
                b.priority(Texts.token("priority", f.priority()));
            }
            if (f.notes() != null) {
                b.notes(Texts.singleLine("notes", f.notes()));
            }
        }

        /** wanna-build's {@code change_state}: previous state, time, and the failure moved to Old-Failed. */
        private void changeState(State to) {
            State from = b.state();
            if (cur == null || from == to) {
                b.state(to);
                return;
            }
            b.previousState(from).stateChange(ctx.now());
            if (from.isFailed() && !to.isFailed() && b.failed() != null) {
                archiveFailure();
            }
            if (from == BD_UNINSTALLABLE) {
                b.bdProblem(null);
            }
            if (to == BD_UNINSTALLABLE) {
                b.bdProblem(NOT_TESTED_YET);
            }
            b.state(to);
        }

        /** Moves the failure of the registered version to Old-Failed, newest first, as wanna-build does. */
        private void archiveFailure() {
            String header = "-".repeat(20) + " " + cur.version() + " " + "-".repeat(20);
            String old = cur.oldFailed();
            String all = header + "\n" + b.failed() + (old == null ? "" : "\n" + old);
            if (all.length() > Texts.MAX_OLD_FAILED) {
                // The oldest failures go first, at a line boundary.
                int cut = all.lastIndexOf('\n', Texts.MAX_OLD_FAILED);
                all = all.substring(0, cut > 0 ? cut : Texts.MAX_OLD_FAILED);
            }
            b.oldFailed(all);
            b.failed(null).failedCategory(null);
        }

        /** The rows of this package in other suites sharing builds, for the same version and binNMU. */
        private List<PackageRecord> sameBuildPeers(PackageRecord me) {
            if (!ctx.suite().sharesBuilds()) {
                return List.of();
            }
            List<PackageRecord> out = new ArrayList<>();
            for (PackageRecord p : ctx.peers()) {
                if (!p.suite().equals(me.suite()) && p.version().equals(me.version())
                        && p.binNmuVersion() == me.binNmuVersion()) {
                    out.add(p);
                }
            }
            return out;
        }

        /** Suites that waited for this build may build themselves again when it is not going to happen here. */
        private void releasePeers() {
            if (cur == null || !BUILD_IN_PROGRESS.contains(cur.state())) {
                return;
            }
            for (PackageRecord p : sameBuildPeers(cur)) {
                if (p.state() == INSTALL_WAIT && Objects.equals(p.builder(), cur.builder())) {
                    propagate(p, Action.PROPAGATE_RELEASE, deleted ? cur : b.build());
                }
            }
        }

        private void propagate(PackageRecord peer, Action a, PackageRecord origin) {
            String msg = a + " from " + origin.suite() + ": " + origin.nameVersion() + " is " + origin.state()
                    + (origin.builder() == null ? "" : " by " + origin.builder());
            propagations.add(new Outcome.Propagation(peer.suite(),
                    Request.of(a, req.user()).withOrigin(origin).withMessage(msg)));
        }
    }
}
