package io.jenkins.plugins.debianbuildd.merge;

import io.jenkins.plugins.debianbuildd.archive.BuildScope;
import io.jenkins.plugins.debianbuildd.archive.SourcePackage;
import io.jenkins.plugins.debianbuildd.version.DebianVersion;

/**
 * What the archive says about one source on one architecture (quinn-diff's answer), before the
 * wanna-build database's own state is taken into account.
 *
 * @param installedVersion the source version of the binaries present, or null when there are none
 */
public record Classification(SourcePackage source, Kind kind, BuildScope scope, DebianVersion installedVersion) {

    /** wanna-build's notes for Needs-Build, and the states the archive alone decides. */
    public enum Kind {
        /** Binaries at the source's version (or newer) are in the archive. */
        INSTALLED("installed"),
        /** Binaries exist, from an older source version. */
        OUT_OF_DATE("out-of-date"),
        /** No binaries at all. */
        UNCOMPILED("uncompiled"),
        /** Packages-arch-specific keeps it off this architecture. */
        NOT_FOR_US("not-for-us"),
        /** Only arch:all binaries, built on another architecture. */
        AUTO_NOT_FOR_US("auto-not-for-us"),
        /** The Architecture field excludes this architecture: not in the database at all. */
        NOT_FOR_THIS_ARCH("not-for-this-arch");

        private final String note;

        Kind(String note) {
            this.note = note;
        }

        /** The notes column value, as wanna-build writes it. */
        public String note() {
            return note;
        }

        public boolean needsBuild() {
            return this == OUT_OF_DATE || this == UNCOMPILED;
        }
    }

    public String name() {
        return source.name();
    }

    public DebianVersion version() {
        return source.version();
    }
}
