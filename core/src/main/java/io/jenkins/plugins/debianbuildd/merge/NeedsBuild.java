package io.jenkins.plugins.debianbuildd.merge;

import io.jenkins.plugins.debianbuildd.archive.BuildScope;
import io.jenkins.plugins.debianbuildd.archive.SourcePackage;
import io.jenkins.plugins.debianbuildd.formats.Paragraph;
import io.jenkins.plugins.debianbuildd.version.DebianVersion;
import java.util.HashMap;
import java.util.Map;

/**
 * quinn-diff / merge-v3 in memory: a suite's Sources against one architecture's Packages, giving each
 * source its {@link Classification}. Pure computation, no database.
 */
public final class NeedsBuild {
    private NeedsBuild() {
    }

    /**
     * The sources of a Sources file to consider: the newest version of each name, without
     * Extra-Source-Only stanzas (kept by the archive for Built-Using, never built).
     */
    public static Map<String, SourcePackage> sources(Iterable<Paragraph> sourcesFile) {
        Map<String, SourcePackage> out = new HashMap<>();
        for (Paragraph p : sourcesFile) {
            if ("yes".equalsIgnoreCase(p.get("Extra-Source-Only"))) {
                continue;
            }
            SourcePackage s = SourcePackage.of(p);
            out.merge(s.name(), s, (a, b) -> a.version().compareTo(b.version()) >= 0 ? a : b);
        }
        return out;
    }

    /** The classification of one source on {@code index.arch()}. */
    public static Classification classify(SourcePackage src, BinaryIndex index, String archAllArch, PackagesArchSpecific pas) {
        String arch = index.arch();
        BuildScope scope = BuildScope.of(src.effectiveArchitectures(), arch, archAllArch);
        if (scope == BuildScope.NOT_FOR_THIS_ARCH) {
            return new Classification(src, Classification.Kind.NOT_FOR_THIS_ARCH, scope, null);
        }
        if (scope == BuildScope.AUTO_NOT_FOR_US) {
            return new Classification(src, Classification.Kind.AUTO_NOT_FOR_US, scope, index.archIndependentVersion(src.name()));
        }
        DebianVersion installed = scope == BuildScope.ARCH_ALL_ONLY
                ? index.archIndependentVersion(src.name())
                : index.archDependentVersion(src.name());
        if (pas.excludes(src.name(), arch)) {
            return new Classification(src, Classification.Kind.NOT_FOR_US, scope, installed);
        }
        Classification.Kind kind;
        if (installed == null) {
            kind = Classification.Kind.UNCOMPILED;
        } else if (installed.compareTo(src.version()) < 0) {
            kind = Classification.Kind.OUT_OF_DATE;
        } else {
            kind = Classification.Kind.INSTALLED;
        }
        return new Classification(src, kind, scope, installed);
    }

    /** Every source classified, keyed by source name. */
    public static Map<String, Classification> classifyAll(Map<String, SourcePackage> sources, BinaryIndex index,
                                                          String archAllArch, PackagesArchSpecific pas) {
        Map<String, Classification> out = new HashMap<>(sources.size() * 2);
        for (SourcePackage s : sources.values()) {
            out.put(s.name(), classify(s, index, archAllArch, pas));
        }
        return out;
    }
}
