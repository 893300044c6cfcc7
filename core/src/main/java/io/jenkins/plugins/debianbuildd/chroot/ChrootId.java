package io.jenkins.plugins.debianbuildd.chroot;

import io.jenkins.plugins.debianbuildd.formats.Names;
import java.util.Objects;

/**
 * Names a build chroot: one per suite, architecture and builder. Its {@link #name()} is also its file
 * name stem ({@code bookworm-amd64-sbuild}), so the parts are checked against Debian's naming rules.
 */
public record ChrootId(String suite, String architecture, BuilderKind kind) {
    public ChrootId {
        Names.checkSuiteName(suite);
        Names.checkArchitectureName(architecture);
        Objects.requireNonNull(kind, "kind");
    }

    /** {@code <suite>-<architecture>-<builder>}, e.g. {@code bookworm-amd64-pbuilder}. */
    public String name() {
        return suite + "-" + architecture + "-" + kind.id();
    }

    /** The chroot's file (or directory) name: {@link #name()} plus the builder's suffix. */
    public String fileName() {
        return name() + kind.suffix();
    }

    @Override
    public String toString() {
        return name();
    }
}
