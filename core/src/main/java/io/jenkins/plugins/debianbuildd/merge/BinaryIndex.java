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
    // Sized for a whole Debian architecture, so that filling them does not rehash again and again.
    private final Map<String, DebianVersion> archDependent = new HashMap<>(1 << 16);
    private final Map<String, DebianVersion> archIndependent = new HashMap<>(1 << 15);
    /** Package name -> its version, or a List of versions when the name appears more than once. */
    private final Map<String, Object> versions = new HashMap<>(1 << 17);
    /** Provided name -> provided versions (null for an unversioned Provides), built on first use. */
    private final Map<String, List<DebianVersion>> provides = new HashMap<>();
    private final List<String> pendingProvides = new ArrayList<>();
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

    /**
     * Adds a Packages paragraph; binaries of other architectures are ignored. Only the fields the merge
     * needs are read (Package, Version, Architecture, Source, Provides), and Provides is parsed only when
     * a dependency is checked.
     */
    public void add(Paragraph p) {
        Entry e = entry(p, arch);
        if (e != null) {
            add(e.name, e.version, e.all, e.source, e.sourceVersion, e.provides);
        }
    }

    /** Adds one paragraph to two indexes of the same architecture, reading it once. */
    public static void addToBoth(Paragraph p, BinaryIndex first, BinaryIndex second) {
        if (!first.arch.equals(second.arch)) {
            throw new IllegalArgumentException("indexes of different architectures");
        }
        Entry e = entry(p, first.arch);
        if (e != null) {
            first.add(e.name, e.version, e.all, e.source, e.sourceVersion, e.provides);
            second.add(e.name, e.version, e.all, e.source, e.sourceVersion, e.provides);
        }
    }

    private record Entry(String name, DebianVersion version, boolean all, String source, DebianVersion sourceVersion, String provides) {
    }

    /** The fields the index uses, or null for a binary of another architecture. */
    private static Entry entry(Paragraph p, String arch) {
        String a = p.get("Architecture");
        if (a == null) {
            throw p.error("Package", p.get("Package", "?") + ": binary paragraph has no Architecture field");
        }
        boolean all = a.equals("all");
        if (!all && !a.equals(arch)) {
            return null;
        }
        String name = p.get("Package");
        String v = p.get("Version");
        if (name == null || v == null) {
            throw p.error("Package", "binary paragraph without Package or Version (truncated stanza?)");
        }
        DebianVersion version = parse(p, name, v, "Version");
        String source = name;
        DebianVersion sourceVersion = version;
        String src = p.get("Source");
        if (src != null) {
            int paren = src.indexOf('(');
            if (paren >= 0) {
                int close = src.indexOf(')', paren);
                if (close < 0) {
                    throw p.error("Source", name + ": malformed Source field '" + src + "'");
                }
                source = src.substring(0, paren).strip();
                sourceVersion = parse(p, name, src.substring(paren + 1, close).strip(), "Source");
            } else {
                source = src.strip();
            }
        }
        return new Entry(name, version, all, source, sourceVersion, p.get("Provides"));
    }

    public void add(BinaryPackage b) {
        String a = b.architecture();
        boolean all = a.equals("all");
        if (!all && !a.equals(arch)) {
            return;
        }
        add(b.name(), b.version(), all, b.source(), b.sourceVersion(), b.provides());
    }

    private void add(String name, DebianVersion version, boolean all, String source, DebianVersion sourceVersion, String provides) {
        count++;
        Map<String, DebianVersion> bySource = all ? archIndependent : archDependent;
        DebianVersion old = bySource.putIfAbsent(source, sourceVersion);
        if (old != null && old.compareTo(sourceVersion) < 0) {
            bySource.put(source, sourceVersion);
        }
        Object seen = versions.putIfAbsent(name, version);
        if (seen != null) {
            List<DebianVersion> list;
            if (seen instanceof DebianVersion single) {
                list = new ArrayList<>(2);
                list.add(single);
                versions.put(name, list);
            } else {
                @SuppressWarnings("unchecked")
                List<DebianVersion> l = (List<DebianVersion>) seen;
                list = l;
            }
            list.add(version);
        }
        if (provides != null && !provides.isBlank()) {
            pendingProvides.add(provides);
        }
    }

    private static DebianVersion parse(Paragraph p, String name, String v, String field) {
        try {
            return DebianVersion.parse(v);
        } catch (io.jenkins.plugins.debianbuildd.version.InvalidVersionException e) {
            throw new io.jenkins.plugins.debianbuildd.formats.FormatException(p.source(), p.lineOf(field), name + ": " + e.getMessage(), e);
        }
    }

    private Map<String, List<DebianVersion>> provides() {
        if (!pendingProvides.isEmpty()) {
            for (String field : pendingProvides) {
                for (Alternatives alt : RelationList.parse(field)) {
                    for (Relation r : alt.relations()) {
                        provides.computeIfAbsent(r.name(), k -> new ArrayList<>(1)).add(r.version());
                    }
                }
            }
            pendingProvides.clear();
        }
        return provides;
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
        Object real = versions.get(r.name());
        if (real instanceof DebianVersion v) {
            if (r.acceptsVersion(v)) {
                return true;
            }
        } else if (real != null) {
            @SuppressWarnings("unchecked")
            List<DebianVersion> list = (List<DebianVersion>) real;
            for (DebianVersion v : list) {
                if (r.acceptsVersion(v)) {
                    return true;
                }
            }
        }
        List<DebianVersion> virtual = provides().get(r.name());
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
