package io.jenkins.plugins.debianbuildd.relation;

import io.jenkins.plugins.debianbuildd.arch.ArchTable;
import io.jenkins.plugins.debianbuildd.arch.Architectures;
import io.jenkins.plugins.debianbuildd.version.DebianVersion;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One package relation, {@code name[:arch] [(op version)] [[arch list]] [<profiles>...]}, as Policy 7.1
 * and dpkg's {@code Dpkg::Deps::Simple} define it.
 *
 * @param name the package name
 * @param archQualifier the multi-arch qualifier ({@code any}, {@code native} or an architecture), or null
 * @param op the version operator, or null for an unversioned relation
 * @param version the version the operator compares with, or null
 * @param archRestrictions {@code [amd64 !i386]} entries, with a leading {@code !} for negated ones; empty when none
 * @param profiles the {@code <...>} groups, each a list of terms with a leading {@code !} for negated ones; empty when none
 */
public record Relation(String name, String archQualifier, RelationOp op, DebianVersion version,
                       List<String> archRestrictions, List<List<String>> profiles) {
    public Relation {
        Objects.requireNonNull(name, "name");
        if ((op == null) != (version == null)) {
            throw new IllegalArgumentException("operator and version go together");
        }
        archRestrictions = List.copyOf(archRestrictions);
        profiles = profiles.stream().map(List::copyOf).toList();
    }

    public static Relation of(String name) {
        return new Relation(name, null, null, null, List.of(), List.of());
    }

    public static Relation of(String name, RelationOp op, String version) {
        return new Relation(name, null, op, DebianVersion.parse(version), List.of(), List.of());
    }

    public boolean isVersioned() {
        return op != null;
    }

    /** Whether a package of version {@code candidate} satisfies the version part of this relation. */
    public boolean acceptsVersion(DebianVersion candidate) {
        return op == null || op.accepts(candidate.compareTo(version));
    }

    /**
     * Whether the architecture restriction lets this relation apply on {@code hostArch} (dpkg's
     * {@code arch_is_concerned}): a positive list must match it, a negated list must not.
     */
    public boolean appliesToArch(String hostArch) {
        if (archRestrictions.isEmpty()) {
            return true;
        }
        ArchTable table = ArchTable.system();
        boolean negated = archRestrictions.get(0).startsWith("!");
        for (String a : archRestrictions) {
            String arch = negated ? a.substring(1) : a;
            if (Architectures.matches(hostArch, arch, table)) {
                return !negated;
            }
        }
        return negated;
    }

    /**
     * Whether the build profile formula holds for the active profiles: one {@code <...>} group whose
     * terms all hold ({@code name} active, {@code !name} not active). No formula always holds.
     */
    public boolean appliesToProfiles(Set<String> activeProfiles) {
        if (profiles.isEmpty()) {
            return true;
        }
        for (List<String> group : profiles) {
            boolean all = true;
            for (String term : group) {
                boolean neg = term.startsWith("!");
                String p = neg ? term.substring(1) : term;
                if (activeProfiles.contains(p) == neg) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    /** The same relation without its architecture and profile restrictions. */
    public Relation withoutRestrictions() {
        if (archRestrictions.isEmpty() && profiles.isEmpty()) {
            return this;
        }
        return new Relation(name, archQualifier, op, version, List.of(), List.of());
    }

    /** Canonical form, as dpkg writes it: {@code name:qual (op version) [archs] <profiles>}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name);
        if (archQualifier != null) {
            sb.append(':').append(archQualifier);
        }
        if (op != null) {
            sb.append(" (").append(op.symbol()).append(' ').append(version).append(')');
        }
        if (!archRestrictions.isEmpty()) {
            sb.append(" [").append(String.join(" ", archRestrictions)).append(']');
        }
        for (List<String> g : profiles) {
            sb.append(" <").append(String.join(" ", g)).append('>');
        }
        return sb.toString();
    }
}
