package io.jenkins.plugins.debianbuildd.chroot;

import java.util.Locale;

/** Which builder a chroot is made for; each keeps its chroots in the form it reads. */
public enum BuilderKind {
    /** sbuild {@code --chroot-mode=unshare}: a zstd-compressed tarball, unpacked per build. */
    SBUILD(".tar.zst"),
    /** pbuilder: a gzip-compressed base tarball ("basetgz"), unpacked per build. */
    PBUILDER(".tgz"),
    /** sbuild through schroot: a directory with a schroot definition using an overlay per build. */
    SCHROOT("");

    private final String suffix;

    BuilderKind(String suffix) {
        this.suffix = suffix;
    }

    /** What the chroot's file name ends with; empty for a directory. */
    public String suffix() {
        return suffix;
    }

    public boolean isDirectory() {
        return suffix.isEmpty();
    }

    /** The lower-case name used in file names and on command lines: {@code sbuild}, {@code pbuilder}, {@code schroot}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BuilderKind fromId(String id) {
        for (BuilderKind k : values()) {
            if (k.id().equals(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown builder '" + id + "' (sbuild, pbuilder or schroot)");
    }
}
