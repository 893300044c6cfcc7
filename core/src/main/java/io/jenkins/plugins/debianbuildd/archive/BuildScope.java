package io.jenkins.plugins.debianbuildd.archive;

import io.jenkins.plugins.debianbuildd.arch.Architectures;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a source package's Architecture field asks of one build architecture of a suite: the single
 * place where "which architectures build this source" is decided, for the archive merge and for upload
 * intake alike.
 *
 * <p>Architecture-independent ({@code all}) packages are built once per suite, on its designated
 * arch:all architecture (Debian builds them on amd64); elsewhere a source that has only arch:all
 * binaries is Auto-Not-For-Us.
 */
public enum BuildScope {
    /** Architecture-dependent binaries to build here (and the arch:all ones too on the arch:all architecture). */
    ARCH_DEPENDENT,
    /** Only arch:all binaries, built here because this is the suite's arch:all architecture. */
    ARCH_ALL_ONLY,
    /** Only arch:all binaries, which another architecture builds. */
    AUTO_NOT_FOR_US,
    /** The Architecture field excludes this architecture altogether. */
    NOT_FOR_THIS_ARCH;

    /** Whether a build happens on this architecture. */
    public boolean builds() {
        return this == ARCH_DEPENDENT || this == ARCH_ALL_ONLY;
    }

    /** Whether arch:all binaries are built here (the {@code --arch-all} of sbuild). */
    public boolean buildsArchAll(List<String> sourceArchitectures, String arch, String archAllArch) {
        return builds() && arch.equals(archAllArch) && sourceArchitectures.contains("all");
    }

    /**
     * The scope of a source with Architecture field entries {@code sourceArchitectures} on {@code arch},
     * for a suite whose arch:all packages are built on {@code archAllArch}.
     */
    public static BuildScope of(List<String> sourceArchitectures, String arch, String archAllArch) {
        boolean hasAll = false;
        for (String a : sourceArchitectures) {
            if (a.equals("all")) {
                hasAll = true;
            } else if (Architectures.matches(arch, a)) {
                return ARCH_DEPENDENT;
            }
        }
        if (!hasAll) {
            return NOT_FOR_THIS_ARCH;
        }
        return arch.equals(archAllArch) ? ARCH_ALL_ONLY : AUTO_NOT_FOR_US;
    }

    /** The scope on each of a suite's architectures, in the given order. */
    public static Map<String, BuildScope> plan(List<String> sourceArchitectures, Collection<String> suiteArchitectures,
                                               String archAllArch) {
        Map<String, BuildScope> out = new LinkedHashMap<>();
        for (String arch : suiteArchitectures) {
            out.put(arch, of(sourceArchitectures, arch, archAllArch));
        }
        return out;
    }
}
