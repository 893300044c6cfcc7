package io.jenkins.plugins.debianbuildd.chroot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A readers-writer lock on one chroot, held across threads of this JVM and across processes (the
 * daemon, the command line, another buildd on the same host) through {@code flock}-style locks on a
 * lock file. Builds share it; an upgrade or removal holds it alone, so a chroot being upgraded is never
 * used by a build and is not upgraded under a running build. The kernel releases a lock whose process
 * died, so a crash never leaves a chroot locked.
 */
final class ChrootLock {
    private static final ConcurrentHashMap<Path, ChrootLock> LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private int readers;
    private boolean writer;
    private FileChannel channel;
    private FileLock fileLock;

    private ChrootLock(Path file) {
        this.file = file;
    }

    static ChrootLock of(Path lockFile) {
        return LOCKS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), ChrootLock::new);
    }

    /** Takes a shared hold, waiting at most {@code wait} while an upgrade holds it. */
    synchronized void acquireShared(Duration wait, String what) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (writer) {
            waitUntil(deadline, what + " is being upgraded or removed");
        }
        if (readers == 0) {
            lockFile(true, deadline, what + " is being upgraded or removed by another process");
        }
        readers++;
    }

    synchronized void releaseShared() {
        if (readers <= 0) {
            throw new IllegalStateException("shared lock of " + file + " released more often than taken");
        }
        readers--;
        if (readers == 0) {
            unlockFile();
        }
        notifyAll();
    }

    /** Takes the lock alone, waiting at most {@code wait} for builds (and other upgrades) to finish. */
    synchronized void acquireExclusive(Duration wait, String what) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (writer || readers > 0) {
            waitUntil(deadline, what + " is in use by " + (writer ? "another upgrade" : readers + " build(s)"));
        }
        writer = true;
        try {
            lockFile(false, deadline, what + " is in use by another process");
        } catch (RuntimeException e) {
            writer = false;
            notifyAll();
            throw e;
        }
    }

    synchronized void releaseExclusive() {
        if (!writer) {
            throw new IllegalStateException("exclusive lock of " + file + " released but not held");
        }
        writer = false;
        unlockFile();
        notifyAll();
    }

    synchronized boolean isExclusivelyHeld() {
        return writer;
    }

    synchronized int sharedHolders() {
        return readers;
    }

    private void waitUntil(long deadline, String busy) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new ChrootBusyException(busy);
        }
        try {
            wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChrootBusyException(busy + " (interrupted while waiting)");
        }
    }

    private void lockFile(boolean shared, long deadline, String busy) {
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
            while (true) {
                fileLock = channel.tryLock(0, Long.MAX_VALUE, shared);
                if (fileLock != null) {
                    return;
                }
                if (System.nanoTime() >= deadline) {
                    channel.close();
                    channel = null;
                    throw new ChrootBusyException(busy);
                }
                try {
                    // Sleep holding the monitor: no other thread of this JVM may touch the file lock meanwhile.
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    channel.close();
                    channel = null;
                    throw new ChrootBusyException(busy + " (interrupted while waiting)");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    private void unlockFile() {
        try {
            if (fileLock != null) {
                fileLock.release();
            }
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unlock " + file + ": " + e.getMessage(), e);
        } finally {
            fileLock = null;
            channel = null;
        }
    }
}
