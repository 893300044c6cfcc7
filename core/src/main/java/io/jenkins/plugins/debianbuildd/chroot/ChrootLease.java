package io.jenkins.plugins.debianbuildd.chroot;

import java.nio.file.Path;

/**
 * A build's hold on a chroot: while it is open the chroot cannot be upgraded or removed. Close it when
 * the build ends (try-with-resources).
 */
public final class ChrootLease implements AutoCloseable {
    private final Chroot chroot;
    private final ChrootLock lock;
    private boolean closed;

    ChrootLease(Chroot chroot, ChrootLock lock) {
        this.chroot = chroot;
        this.lock = lock;
    }

    public Chroot chroot() {
        return chroot;
    }

    /** The tarball or directory to hand to the builder. */
    public Path path() {
        return chroot.path();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            lock.releaseShared();
        }
    }
}
