package io.jenkins.plugins.debianbuildd.merge;

import io.jenkins.plugins.debianbuildd.archive.BinaryPackage;
import io.jenkins.plugins.debianbuildd.formats.Paragraph;
import io.jenkins.plugins.debianbuildd.relation.Alternatives;
import io.jenkins.plugins.debianbuildd.relation.Relation;
import io.jenkins.plugins.debianbuildd.relation.RelationList;
import io.jenkins.plugins.debianbuildd.version.DebianVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one architecture's Packages file says, reduced to what the merge asks of it: per source, the
 * newest source version of its architecture-dependent and of its arch:all binaries (a binNMU's source
 * version comes from {@code Source: name (version)}); per package name, the versions present and the
 * packages providing it, to tell whether a dependency can be satisfied.
 */
public final class BinaryIndex {
    private final String arch;
    private final Map<String, DebianVersion> archDependent = new HashMap<>();
    private final Map<String, DebianVersion> archIndependent = new HashMap<>();
    private final Map<String, List<DebianVersion>> versions = new HashMap<>();
    /** Provided name -> provided versions (null for an unversioned Provides). */
    private final Map<String, List<DebianVersion>> provides = new HashMap<>();
    private int count;

    public BinaryIndex(String arch) {
        this.arch = arch;
    }

    public String arch() {
        return arch;
    }

    public int size() {
        return count;
    }

    /** Adds a Packages paragraph; binaries of other architectures are ignored. */
    public void add(Paragraph p) {
        add(BinaryPackage.of(p));
    }

    public void add(BinaryPackage b) {
        String a = b.architecture();
        boolean all = a.equals("all");
        if (!all && !a.equals(arch)) {
            return;
        }
        count++;
        (all ? archIndependent : archDependent).merge(b.source(), b.sourceVersion(), (x, y) -> x.compareTo(y) >= 0 ? x : y);
        versions.computeIfAbsent(b.name(), k -> new ArrayList<>(1)).add(b.version());
        if (b.provides() != null && !b.provides().isBlank()) {
            for (Alternatives alt : RelationList.parse(b.provides())) {
                for (Relation r : alt.relations()) {
                    provides.computeIfAbsent(r.name(), k -> new ArrayList<>(1)).add(r.version());
                }
            }
        }
    }

    /** The newest source version of {@code source}'s binaries for this architecture (not arch:all), or null. */
    public DebianVersion archDependentVersion(String source) {
        return archDependent.get(source);
    }

    /** The newest source version of {@code source}'s arch:all binaries, or null. */
    public DebianVersion archIndependentVersion(String source) {
        return archIndependent.get(source);
    }

    /** Whether a real or virtual package satisfies the relation (ignoring its restrictions, already reduced). */
    public boolean satisfies(Relation r) {
        List<DebianVersion> real = versions.get(r.name());
        if (real != null) {
            for (DebianVersion v : real) {
                if (r.acceptsVersion(v)) {
                    return true;
                }
            }
        }
        List<DebianVersion> virtual = provides.get(r.name());
        if (virtual != null) {
            for (DebianVersion v : virtual) {
                // Policy 7.5: a versioned relation is satisfied only by a versioned Provides.
                if (!r.isVersioned() || (v != null && r.acceptsVersion(v))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The elements of a relation list (a dep-wait list) that no package here satisfies; empty when all hold. */
    public RelationList unsatisfied(RelationList deps) {
        List<Alternatives> missing = new ArrayList<>();
        for (Alternatives alt : deps.reduce(arch, null)) {
            boolean ok = false;
            for (Relation r : alt.relations()) {
                if (satisfies(r)) {
                    ok = true;
                    break;
                }
            }
            if (!ok) {
                missing.add(alt);
            }
        }
        return new RelationList(missing);
    }
}
