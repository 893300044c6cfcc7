package io.jenkins.plugins.debianbuildd.merge;

import io.jenkins.plugins.debianbuildd.archive.BuildScope;
import io.jenkins.plugins.debianbuildd.archive.SourcePackage;
import io.jenkins.plugins.debianbuildd.relation.Alternatives;
import io.jenkins.plugins.debianbuildd.relation.Relation;
import io.jenkins.plugins.debianbuildd.relation.RelationList;
import io.jenkins.plugins.debianbuildd.relation.RelationParseException;
import io.jenkins.plugins.debianbuildd.version.DebianVersion;
import io.jenkins.plugins.debianbuildd.wannabuild.Action;
import io.jenkins.plugins.debianbuildd.wannabuild.Fields;
import io.jenkins.plugins.debianbuildd.wannabuild.PackageRecord;
import io.jenkins.plugins.debianbuildd.wannabuild.State;
import io.jenkins.plugins.debianbuildd.wannabuild.Transitions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rules of the archive merge, as a pure function: from the rows of one (suite, arch), what the archive
 * says about each source ({@link Classification}), the packages available to build against, and the
 * installability answers, the list of {@link Step}s to apply. Each step is one of the store's
 * {@code MERGE_*} actions (or {@code NO_BUILD} for Packages-arch-specific), which the store's transition
 * table validates; nothing is emitted when nothing would change, so that a repeated merge is a no-op.
 *
 * <p>The same function runs twice per merge: once before, on rows read without the lock, to learn which
 * packages will end up waiting to be built (the candidates of the installability check, which takes
 * long and so runs outside the transaction), and once inside the transaction on the locked rows, with
 * the answers.
 */
public final class MergePlanner {
    /** The dose reason prefix for a build-dependency missing altogether (not deeper in the chain). */
    static final String MISSING_BUILD_DEPENDENCY = "missing build-dependency: ";

    /** One change to apply. */
    public record Step(String packageName, Action action, Fields fields) {
    }

    /** The plan: the steps, and the packages that end waiting to be built, with their build scope. */
    public record Plan(List<Step> steps, Map<String, Installability.Candidate> candidates) {
    }

    private final String arch;
    private final String archAllArch;
    private final boolean buildDepCheck;

    /**
     * @param archAllArch   the suite's arch:all architecture
     * @param buildDepCheck whether the suite checks installability (the store's SuiteConfig): decides where a
     *                      transition leads, as the store's table does
     */
    public MergePlanner(String arch, String archAllArch, boolean buildDepCheck) {
        this.arch = arch;
        this.archAllArch = archAllArch;
        this.buildDepCheck = buildDepCheck;
    }

    /**
     * Plans a merge.
     *
     * @param current        the rows, by package name
     * @param archive        each source of Sources, classified against this architecture's Packages
     * @param available      the binaries the suite builds against (its own and the distribution it builds on)
     * @param installability the checked candidates' answers: the problem, or "" when installable; a package
     *                       without an entry was not checked and keeps its state; null to plan without
     *                       (the first pass, or a suite without the check)
     */
    public Plan plan(Map<String, PackageRecord> current, Map<String, Classification> archive, BinaryIndex available,
                     Map<String, String> installability) {
        List<Step> steps = new ArrayList<>();
        Map<String, Installability.Candidate> candidates = new HashMap<>();
        Set<String> names = new TreeSet<>(current.keySet());
        names.addAll(archive.keySet());
        Map<String, String> pendingBinaries = pendingBinaries(archive);
        for (String name : names) {
            Sim sim = new Sim(name, current.get(name), steps);
            Classification cls = archive.get(name);
            if (cls == null || cls.kind() == Classification.Kind.NOT_FOR_THIS_ARCH) {
                leftTheArchive(sim);
                continue;
            }
            mergeV3(sim, cls);
            releaseDepWait(sim, available);
            if (sim.state == State.NEEDS_BUILD || sim.state == State.BD_UNINSTALLABLE) {
                if (cls.kind().needsBuild() && Objects.equals(sim.version, cls.version()) && cls.scope().builds()) {
                    SourcePackage src = cls.source();
                    boolean archAll = cls.scope().buildsArchAll(src.effectiveArchitectures(), arch, archAllArch);
                    candidates.put(name, new Installability.Candidate(src, cls.scope() == BuildScope.ARCH_DEPENDENT, archAll));
                    if (installability != null && buildDepCheck) {
                        installable(sim, installability, pendingBinaries);
                    }
                }
            }
        }
        return new Plan(steps, candidates);
    }

    // ------------------------------------------------------------------ the rules

    /** A package gone from the archive: Failed and Dep-Wait are kept (virtually removed), the rest deleted. */
    private void leftTheArchive(Sim sim) {
        if (sim.state == null) {
            return;
        }
        switch (sim.state) {
            case FAILED -> sim.apply(Action.MERGE_FAILED_REMOVED, Fields.none());
            case DEP_WAIT -> sim.apply(Action.MERGE_DEP_WAIT_REMOVED, Fields.none());
            case FAILED_REMOVED, DEP_WAIT_REMOVED -> {
                // Kept with its messages until the package comes back or someone forgets it.
            }
            default -> sim.apply(Action.MERGE_DELETE, Fields.none().message("not in the archive any more"));
        }
    }

    /** wanna-build's merge-v3: the archive's version and binaries against the row. */
    private void mergeV3(Sim sim, Classification cls) {
        SourcePackage src = cls.source();
        DebianVersion v = cls.version();
        Fields fields = Fields.version(v).section(src.section()).priority(src.priority());
        Classification.Kind kind = cls.kind();
        if (sim.state == null) {
            switch (kind) {
                case INSTALLED -> sim.apply(Action.MERGE_INSTALLED, fields.installedVersion(cls.installedVersion()));
                case OUT_OF_DATE, UNCOMPILED -> sim.apply(Action.MERGE_NEW_VERSION, fields.notes(kind.note()));
                case AUTO_NOT_FOR_US -> sim.apply(Action.MERGE_AUTO_NOT_FOR_US, fields);
                case NOT_FOR_US -> {
                    sim.apply(Action.MERGE_NEW_VERSION, fields.notes(kind.note()));
                    sim.apply(Action.NO_BUILD, Fields.none().message("Packages-arch-specific"));
                }
                default -> throw new IllegalStateException(kind.toString());
            }
            return;
        }
        int cmp = v.compareTo(sim.version);
        if (cmp < 0) {
            // The database is ahead of this index (an upload not yet in it): only binaries can settle it.
            if (cls.installedVersion() != null && !cls.installedVersion().isOlderThan(sim.version) && sim.state != State.INSTALLED) {
                sim.apply(Action.MERGE_INSTALLED, Fields.none().installedVersion(cls.installedVersion()));
            }
            return;
        }
        if (cmp > 0) {
            newVersion(sim, cls, fields);
            return;
        }
        if (sim.state == State.FAILED_REMOVED || sim.state == State.DEP_WAIT_REMOVED) {
            sim.apply(Action.MERGE_REINSTATE, Fields.none().message("back in the archive"));
        }
        sameVersion(sim, cls, fields);
    }

    private void newVersion(Sim sim, Classification cls, Fields fields) {
        switch (cls.kind()) {
            case INSTALLED -> sim.apply(Action.MERGE_INSTALLED, fields.installedVersion(cls.installedVersion()));
            case OUT_OF_DATE, UNCOMPILED -> sim.apply(Action.MERGE_NEW_VERSION, fields.notes(cls.kind().note()));
            case AUTO_NOT_FOR_US -> {
                sim.apply(Action.MERGE_NEW_VERSION, fields);
                if (sim.state != State.NOT_FOR_US) {
                    sim.apply(Action.MERGE_AUTO_NOT_FOR_US, Fields.none());
                }
            }
            case NOT_FOR_US -> {
                sim.apply(Action.MERGE_NEW_VERSION, fields.notes(cls.kind().note()));
                if (sim.state != State.NOT_FOR_US) {
                    sim.apply(Action.NO_BUILD, Fields.none().message("Packages-arch-specific"));
                }
            }
            default -> throw new IllegalStateException(cls.kind().toString());
        }
    }

    private void sameVersion(Sim sim, Classification cls, Fields fields) {
        State s = sim.state;
        switch (cls.kind()) {
            case INSTALLED -> {
                if (s != State.INSTALLED && s != State.NOT_FOR_US) {
                    sim.apply(Action.MERGE_INSTALLED, Fields.none().installedVersion(cls.installedVersion()));
                } else {
                    refresh(sim, cls, null);
                }
            }
            case OUT_OF_DATE, UNCOMPILED -> {
                if (s == State.INSTALLED || s == State.AUTO_NOT_FOR_US) {
                    // Binaries gone (or the architecture's part came back): build again.
                    sim.apply(Action.MERGE_NEW_VERSION, fields.notes(cls.kind().note()));
                } else {
                    refresh(sim, cls, s == State.NEEDS_BUILD || s == State.BD_UNINSTALLABLE ? cls.kind().note() : null);
                }
            }
            case AUTO_NOT_FOR_US -> {
                if (s == State.AUTO_NOT_FOR_US || s == State.NOT_FOR_US || s == State.FAILED || s == State.FAILED_REMOVED
                        || s == State.DEP_WAIT || s == State.DEP_WAIT_REMOVED) {
                    refresh(sim, cls, null);
                } else {
                    sim.apply(Action.MERGE_AUTO_NOT_FOR_US, Fields.none());
                }
            }
            case NOT_FOR_US -> {
                if (s == State.NOT_FOR_US || s.isTaken() || s == State.UPLOADED || s == State.INSTALLED) {
                    refresh(sim, cls, null);
                } else {
                    sim.apply(Action.NO_BUILD, Fields.none().message("Packages-arch-specific"));
                }
            }
            default -> throw new IllegalStateException(cls.kind().toString());
        }
    }

    /** Section, priority or notes changed in the archive while nothing else did. */
    private void refresh(Sim sim, Classification cls, String notes) {
        PackageRecord row = sim.row;
        if (row == null) {
            return;
        }
        String section = cls.source().section();
        String priority = cls.source().priority();
        boolean changed = (section != null && !section.equals(row.section()))
                || (priority != null && !priority.equals(row.priority()))
                || (notes != null && !notes.equals(row.notes()));
        if (changed) {
            sim.apply(Action.MERGE_REFRESH, Fields.none().section(section).priority(priority).notes(notes));
        }
    }

    /** A Dep-Wait whose dependencies are all available goes back to Needs-Build; one partly satisfied waits for less. */
    private void releaseDepWait(Sim sim, BinaryIndex available) {
        if (sim.state != State.DEP_WAIT || sim.depends == null || sim.depends.isBlank()) {
            return;
        }
        RelationList deps;
        try {
            deps = RelationList.parse(sim.depends);
        } catch (RelationParseException e) {
            return;
        }
        RelationList missing = available.unsatisfied(deps);
        if (missing.isEmpty()) {
            sim.apply(Action.MERGE_RELEASE_DEP_WAIT, Fields.none().message("dependencies available: " + deps));
        } else if (missing.size() < deps.size()) {
            sim.apply(Action.MERGE_DEP_WAIT, Fields.none().depends(missing.toString()).message("still waiting for " + missing));
        }
    }

    /**
     * Applies the installability answer: installable goes (back) to Needs-Build; missing build-dependencies
     * that a source of this suite will build are waited for (Dep-Wait); anything else is BD-Uninstallable
     * with dose's reason.
     */
    private void installable(Sim sim, Map<String, String> installability, Map<String, String> pendingBinaries) {
        String problem = installability.get(sim.name);
        if (problem == null) {
            return;
        }
        if (problem.isEmpty()) {
            if (sim.state == State.BD_UNINSTALLABLE) {
                sim.apply(Action.MERGE_INSTALLABLE, Fields.none());
            }
            return;
        }
        RelationList waitFor = waitableDependencies(sim.name, problem, pendingBinaries);
        if (waitFor != null) {
            sim.apply(Action.MERGE_DEP_WAIT, Fields.none().depends(waitFor.toString())
                    .message("waiting for build-dependencies this suite builds"));
            return;
        }
        if (sim.state != State.BD_UNINSTALLABLE || !problem.equals(sim.bdProblem)) {
            sim.apply(Action.MERGE_BD_UNINSTALLABLE, Fields.none().bdProblem(problem));
        }
    }

    /**
     * The missing build-dependencies as a dep-wait list, when every reason dose gave is a directly
     * missing build-dependency that another source of this suite produces and has yet to build; else null.
     */
    static RelationList waitableDependencies(String self, String problem, Map<String, String> pendingBinaries) {
        List<Alternatives> deps = new ArrayList<>();
        for (String reason : problem.split("; ")) {
            if (!reason.startsWith(MISSING_BUILD_DEPENDENCY)) {
                return null;
            }
            String unsat = reason.substring(MISSING_BUILD_DEPENDENCY.length()).strip();
            RelationList parsed;
            try {
                // dose writes "name:arch (op version)"; the architecture qualifier is the native one.
                parsed = RelationList.parse(unsat.replaceFirst("^([a-z0-9][a-z0-9+.-]*):[a-z0-9-]+", "$1"));
            } catch (RelationParseException e) {
                return null;
            }
            for (Alternatives alt : parsed) {
                for (Relation r : alt.relations()) {
                    String producer = pendingBinaries.get(r.name());
                    if (producer == null || producer.equals(self)) {
                        return null;
                    }
                }
                deps.add(alt);
            }
        }
        return deps.isEmpty() ? null : new RelationList(deps);
    }

    /** Binary package name -> the source that will build it here (sources that need building). */
    private static Map<String, String> pendingBinaries(Map<String, Classification> archive) {
        Map<String, String> out = new HashMap<>();
        for (Classification c : archive.values()) {
            if (c.kind().needsBuild() && c.scope().builds()) {
                for (String b : c.source().binaries()) {
                    out.putIfAbsent(b, c.name());
                }
            }
        }
        return out;
    }

    /** Follows one package through its steps, with the store's table deciding where each leads. */
    private final class Sim {
        final String name;
        final PackageRecord row;
        final List<Step> steps;
        State state;
        DebianVersion version;
        String depends;
        String bdProblem;

        Sim(String name, PackageRecord row, List<Step> steps) {
            this.name = name;
            this.row = row;
            this.steps = steps;
            if (row != null) {
                state = row.state();
                version = row.version();
                depends = row.depends();
                bdProblem = row.bdProblem();
            }
        }

        void apply(Action action, Fields fields) {
            Transitions.Rule rule = Transitions.rule(action, state, buildDepCheck);
            if (!rule.allowedWithoutOverride() || rule.verdict() == Transitions.Verdict.UNCHANGED) {
                // The table keeps this state (Failed is not replaced by Auto-Not-For-Us), or it is there already.
                return;
            }
            steps.add(new Step(name, action, fields));
            state = rule.to();
            if (fields.version() != null) {
                version = fields.version();
            }
            if (fields.depends() != null) {
                depends = fields.depends();
            }
            if (action == Action.MERGE_NEW_VERSION || action == Action.MERGE_RELEASE_DEP_WAIT || action == Action.MERGE_INSTALLED) {
                depends = null;
            }
            if (fields.bdProblem() != null) {
                bdProblem = fields.bdProblem();
            }
        }
    }
}
