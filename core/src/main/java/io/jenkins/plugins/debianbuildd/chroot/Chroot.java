package io.jenkins.plugins.debianbuildd.chroot;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A build chroot that exists: its spec, where it is, and when it was made and last upgraded.
 *
 * @param path the tarball (sbuild, pbuilder) or directory (schroot)
 * @param sizeBytes the tarball's size (0 for a directory: not walked)
 */
public record Chroot(ChrootSpec spec, Path path, Instant created, Instant updated, long sizeBytes) {
    public ChrootId id() {
        return spec.id();
    }
}
