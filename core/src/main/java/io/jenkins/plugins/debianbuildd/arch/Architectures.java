package io.jenkins.plugins.debianbuildd.arch;

import java.util.Collection;
import java.util.List;

/**
 * Architecture names and wildcards as dpkg's {@code Dpkg::Arch::debarch_is} reads them: {@code any},
 * {@code all}, {@code linux-any}, {@code any-amd64}, {@code any-arm}, {@code gnu-any-any}, ...
 */
public final class Architectures {
    private Architectures() {
    }

    /** Whether {@code arch} is a wildcard (has "any" as a component) rather than one architecture. */
    public static boolean isWildcard(String arch) {
        if (arch.equals("any")) {
            return true;
        }
        for (String part : arch.split("-", 4)) {
            if (part.equals("any")) {
                return true;
            }
        }
        return false;
    }

    /** Answers for the system's tables, per real architecture then pattern: archives use a few dozen patterns. */
    private static final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.ConcurrentHashMap<String, Boolean>> MEMO =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** {@link #matches(String, String, ArchTable)} with the system's tables (memoised). */
    public static boolean matches(String real, String pattern) {
        if (pattern.equals(real) || pattern.equals("any")) {
            return true;
        }
        var byPattern = MEMO.get(real);
        if (byPattern == null) {
            if (MEMO.size() >= 256) {
                return matches(real, pattern, ArchTable.system());
            }
            byPattern = MEMO.computeIfAbsent(real, r -> new java.util.concurrent.ConcurrentHashMap<>());
        }
        Boolean known = byPattern.get(pattern);
        if (known == null) {
            known = matches(real, pattern, ArchTable.system());
            // Bounded, so that hostile input cannot grow it without limit.
            if (byPattern.size() < 4096) {
                byPattern.put(pattern, known);
            }
        }
        return known;
    }

    /**
     * dpkg's {@code debarch_is(real, alias)}: whether the concrete architecture {@code real} is
     * {@code pattern} or is matched by it. {@code any} matches everything; {@code all} only itself.
     */
    public static boolean matches(String real, String pattern, ArchTable table) {
        if (pattern.equals(real) || pattern.equals("any")) {
            return true;
        }
        ArchTuple r = table.tuple(real);
        if (r == null) {
            return false;
        }
        ArchTuple w = wildcardTuple(pattern, table);
        return w != null && r.matches(w);
    }

    /** Whether any entry of an architecture list (such as a source's Architecture field) matches {@code real}. */
    public static boolean matchesAny(String real, Collection<String> patterns) {
        for (String p : patterns) {
            if (matches(real, p)) {
                return true;
            }
        }
        return false;
    }

    /** Splits an Architecture field ("any all", "linux-any") into its entries. */
    public static List<String> split(String field) {
        if (field == null || field.isBlank()) {
            return List.of();
        }
        return List.of(field.trim().split("\\s+"));
    }

    /** dpkg's {@code debwildcard_to_debtuple}. */
    static ArchTuple wildcardTuple(String pattern, ArchTable table) {
        String[] t = pattern.split("-", 4);
        boolean hasAny = false;
        for (String part : t) {
            hasAny |= part.equals("any");
        }
        if (!hasAny) {
            return table.tuple(pattern);
        }
        return switch (t.length) {
            case 4 -> new ArchTuple(t[0], t[1], t[2], t[3]);
            case 3 -> new ArchTuple("any", t[0], t[1], t[2]);
            case 2 -> new ArchTuple("any", "any", t[0], t[1]);
            default -> new ArchTuple("any", "any", "any", "any");
        };
    }
}
