package io.jenkins.plugins.debianbuildd.chroot;

import io.jenkins.plugins.debianbuildd.exec.Cancellation;
import io.jenkins.plugins.debianbuildd.exec.Command;
import io.jenkins.plugins.debianbuildd.exec.Mounts;
import io.jenkins.plugins.debianbuildd.exec.StreamResult;
import io.jenkins.plugins.debianbuildd.exec.StreamingExec;
import io.jenkins.plugins.debianbuildd.formats.Deb822;
import io.jenkins.plugins.debianbuildd.formats.Deb822Writer;
import io.jenkins.plugins.debianbuildd.formats.Paragraph;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The build chroots of one host, kept in one directory: {@code <suite>-<arch>-<builder><suffix>} (the
 * tarball or directory) next to {@code <suite>-<arch>-<builder>.chroot} (its spec and dates, deb822),
 * with lock files under {@code .locks/}.
 *
 * <p>Every change is made on a copy: mmdebstrap writes a new tarball under a temporary name in the same
 * directory, which replaces the chroot by an atomic rename only once complete. A failed, cancelled or
 * killed creation or upgrade therefore leaves the previous chroot exactly as it was, and its leftovers
 * are removed by the next operation on that chroot. Upgrades and removals hold the chroot's lock alone;
 * builds hold it shared ({@link #acquire}), so a build never starts from a chroot being upgraded.
 */
public final class ChrootManager {
    /** How long a chroot operation may run before it is stopped. */
    public static final Duration OPERATION_TIMEOUT = Duration.ofHours(1);
    private static final String META_SUFFIX = ".chroot";
    private static final int TAIL_LINES = 25;

    private final Path root;

    public ChrootManager(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** {@code ~/.cache/debian-buildd/chroots}: where the command line and the tests keep chroots. */
    public static Path defaultCacheRoot() {
        return Path.of(System.getProperty("user.home"), ".cache", "debian-buildd", "chroots");
    }

    public Path root() {
        return root;
    }

    /** Where the chroot {@code id} is (or would be). */
    public Path pathOf(ChrootId id) {
        return root.resolve(id.fileName());
    }

    private Path metadataOf(ChrootId id) {
        return root.resolve(id.name() + META_SUFFIX);
    }

    private ChrootLock lockOf(ChrootId id) {
        return ChrootLock.of(root.resolve(".locks").resolve(id.name() + ".lock"));
    }

    // ---------------------------------------------------------------- reading

    /** All complete chroots, by name. */
    public List<Chroot> list() {
        List<Chroot> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, "*" + META_SUFFIX)) {
            for (Path meta : ds) {
                readMetadata(meta).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list chroots in " + root + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(c -> c.id().name()));
        return out;
    }

    /** The chroot {@code id} if it exists and is complete. */
    public Optional<Chroot> find(ChrootId id) {
        Path meta = metadataOf(id);
        return Files.exists(meta) ? readMetadata(meta).filter(c -> c.id().equals(id)) : Optional.empty();
    }

    public Chroot require(ChrootId id) {
        return find(id).orElseThrow(() -> new ChrootException("no chroot " + id.name() + " in " + root
                + " (create it first: buildd chroot create " + id.suite() + " " + id.architecture() + " " + id.kind().id() + ")"));
    }

    // ---------------------------------------------------------------- builds

    /**
     * A build's shared hold on the chroot, waiting at most {@code wait} while it is being upgraded.
     *
     * @throws ChrootBusyException when the upgrade did not finish in time
     * @throws ChrootException when there is no such chroot
     */
    public ChrootLease acquire(ChrootId id, Duration wait) {
        ChrootLock lock = lockOf(id);
        lock.acquireShared(wait, "chroot " + id.name());
        try {
            return new ChrootLease(require(id), lock);
        } catch (RuntimeException e) {
            lock.releaseShared();
            throw e;
        }
    }

    // ---------------------------------------------------------------- changes

    /** Makes the chroot {@code spec} describes; fails if it exists. */
    public Chroot create(ChrootSpec spec, ChrootProgress progress, Cancellation cancellation) {
        ChrootId id = spec.id();
        long t0 = System.nanoTime();
        ChrootLock lock = lockOf(id);
        progress.step("waiting for exclusive use of " + id.name(), since(t0));
        lock.acquireExclusive(OPERATION_TIMEOUT, "chroot " + id.name());
        try {
            if (find(id).isPresent()) {
                throw new ChrootException("chroot " + id.name() + " exists already at " + pathOf(id) + " (update or remove it)");
            }
            cleanLeftovers(id);
            Path target = newTarget(id);
            Path tmp = operationTmpDir(id);
            try {
                run(ChrootCommands.create(spec, target, tmp), "create " + id.name(), progress, cancellation, t0);
                progress.step("installing " + pathOf(id), since(t0));
                installNew(id, target);
                Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                writeMetadata(spec, now, now);
            } finally {
                removeQuietly(target);
                removeQuietly(tmp);
            }
            Chroot c = require(id);
            progress.step("created " + c.path() + " (" + c.sizeBytes() / (1024 * 1024) + " MiB)", since(t0));
            return c;
        } finally {
            lock.releaseExclusive();
        }
    }

    /**
     * The chroot {@code spec} describes: the existing one when it was made from the same spec, else a new
     * one. A chroot of the same name made from another spec is an error, never silently replaced.
     */
    public Chroot ensure(ChrootSpec spec, ChrootProgress progress, Cancellation cancellation) {
        Optional<Chroot> existing = find(spec.id());
        if (existing.isPresent()) {
            if (!existing.get().spec().equals(spec)) {
                throw new ChrootException("chroot " + spec.id().name() + " exists with another spec (" + existing.get().spec()
                        + "); remove it to make it again as " + spec);
            }
            return existing.get();
        }
        try {
            return create(spec, progress, cancellation);
        } catch (ChrootException e) {
            // Another process may have made it meanwhile.
            Optional<Chroot> now = find(spec.id());
            if (now.isPresent() && now.get().spec().equals(spec)) {
                return now.get();
            }
            throw e;
        }
    }

    /**
     * Upgrades the chroot's packages ({@code apt-get dist-upgrade} inside), waiting at most
     * {@code waitForBuilds} for running builds to release it. The chroot stays usable (as it was) if the
     * upgrade fails or is cancelled.
     */
    public Chroot update(ChrootId id, ChrootProgress progress, Cancellation cancellation, Duration waitForBuilds) {
        long t0 = System.nanoTime();
        ChrootLock lock = lockOf(id);
        progress.step("waiting for exclusive use of " + id.name(), since(t0));
        lock.acquireExclusive(waitForBuilds, "chroot " + id.name());
        try {
            Chroot current = require(id);
            cleanLeftovers(id);
            Path target = newTarget(id);
            Path tmp = operationTmpDir(id);
            try {
                run(ChrootCommands.update(current.spec(), current.path(), target, tmp), "update " + id.name(), progress,
                        cancellation, t0);
                progress.step("installing upgraded " + pathOf(id), since(t0));
                installNew(id, target);
                writeMetadata(current.spec(), current.created(), Instant.now().truncatedTo(ChronoUnit.SECONDS));
            } finally {
                removeQuietly(target);
                removeQuietly(tmp);
            }
            Chroot c = require(id);
            progress.step("updated " + c.path(), since(t0));
            return c;
        } finally {
            lock.releaseExclusive();
        }
    }

    /** Removes the chroot, waiting at most {@code waitForBuilds} for running builds to release it. */
    public void remove(ChrootId id, Duration waitForBuilds) {
        ChrootLock lock = lockOf(id);
        lock.acquireExclusive(waitForBuilds, "chroot " + id.name());
        try {
            // The metadata goes first: without it the chroot no longer exists for anyone.
            Files.deleteIfExists(metadataOf(id));
            Path p = pathOf(id);
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                Mounts.deleteTree(p);
            } else {
                Files.deleteIfExists(p);
            }
            cleanLeftovers(id);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove chroot " + id.name() + ": " + e.getMessage(), e);
        } finally {
            lock.releaseExclusive();
        }
    }

    /** The schroot definition of a directory chroot ({@link BuilderKind#SCHROOT}). */
    public String schrootDefinition(ChrootId id) {
        return ChrootCommands.schrootDefinition(require(id));
    }

    // ---------------------------------------------------------------- internals

    private void run(Command command, String what, ChrootProgress progress, Cancellation cancellation, long t0) {
        progress.step("running " + command.program() + " (" + what + ")", since(t0));
        ArrayDeque<String> tail = new ArrayDeque<>();
        StreamResult r = StreamingExec.run(command, StreamingExec.Options.defaults().withTimeout(OPERATION_TIMEOUT),
                cancellation, line -> {
                    if (tail.size() == TAIL_LINES) {
                        tail.removeFirst();
                    }
                    tail.addLast(line);
                    progress.line(line);
                });
        if (!r.started()) {
            throw new ChrootException("cannot " + what + ": " + r.startError());
        }
        if (r.cancelled()) {
            throw new ChrootException(what + " cancelled (" + r.cancelReason() + "); the previous chroot, if any, is unchanged");
        }
        if (r.timedOut()) {
            throw new ChrootException(what + " timed out after " + OPERATION_TIMEOUT.toMinutes() + " min");
        }
        if (r.exitCode() != 0) {
            throw new ChrootException("cannot " + what + ": " + command.program() + " exited with status " + r.exitCode()
                    + "; last lines:\n  " + String.join("\n  ", tail) + "\n  command: " + command);
        }
    }

    /** A new chroot's temporary name in the chroot directory, so the final rename stays on one file system. */
    private Path newTarget(ChrootId id) {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + root + ": " + e.getMessage(), e);
        }
        return root.resolve("." + id.name() + ".new-" + shortId() + id.kind().suffix());
    }

    /**
     * mmdebstrap's TMPDIR: in unshare mode the unshared user must reach it, so it must be world-writable
     * and its parents world-searchable; the chroot directory is used when it qualifies.
     */
    private Path operationTmpDir(ChrootId id) {
        Path parent = temporaryDirectory();
        try {
            Files.createDirectories(parent);
            Path dir = parent.resolve(id.name() + "-" + shortId());
            Files.createDirectory(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            // The sticky bit is not settable through NIO; a private directory per operation needs none.
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory under " + parent + ": " + e.getMessage(), e);
        }
    }

    /**
     * Where mmdebstrap's temporary directories go: {@code .tmp} in the store when an unprivileged user
     * can reach it, else a directory of this store's own in the system's temporary directory.
     */
    Path temporaryDirectory() {
        return worldSearchable(root) ? root.resolve(".tmp")
                : Path.of(System.getProperty("java.io.tmpdir"), "debian-buildd-chroots-" + Integer.toHexString(root.toString().hashCode()));
    }

    static boolean worldSearchable(Path dir) {
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            try {
                if (Files.exists(p) && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        return true;
    }

    /** Replaces the chroot by the new one in one atomic rename (for directories: two renames, recoverable). */
    private void installNew(ChrootId id, Path target) {
        Path dest = pathOf(id);
        try {
            if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new ChrootException("mmdebstrap reported success but wrote no " + target);
            }
            if (id.kind().isDirectory()) {
                Path old = root.resolve("." + id.name() + ".old-" + shortId());
                if (Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
                    Files.move(dest, old, StandardCopyOption.ATOMIC_MOVE);
                }
                Files.move(target, dest, StandardCopyOption.ATOMIC_MOVE);
                removeQuietly(old);
            } else {
                if (Files.size(target) == 0) {
                    throw new ChrootException("mmdebstrap wrote an empty " + target);
                }
                try (FileChannel ch = FileChannel.open(target, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
                Files.move(target, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (AtomicMoveNotSupportedException e) {
            throw new ChrootException("cannot replace " + dest + " atomically: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install " + target + " as " + dest + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes what an interrupted operation on {@code id} left (its temporary chroot and directories);
     * called holding the exclusive lock, so nothing else is writing them. A directory chroot interrupted
     * between its two renames is put back first.
     */
    private void cleanLeftovers(ChrootId id) {
        if (!Files.isDirectory(root)) {
            return;
        }
        String prefix = "." + id.name() + ".";
        List<Path> olds = new ArrayList<>();
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (n.startsWith(prefix + "old-")) {
                    olds.add(p);
                } else if (n.startsWith(prefix + "new-")) {
                    stale.add(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root + ": " + e.getMessage(), e);
        }
        Path dest = pathOf(id);
        if (!Files.exists(dest, LinkOption.NOFOLLOW_LINKS) && !olds.isEmpty() && Files.exists(metadataOf(id))) {
            try {
                Files.move(olds.remove(0), dest, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot restore " + dest + ": " + e.getMessage(), e);
            }
        }
        stale.addAll(olds);
        for (Path p : stale) {
            removeQuietly(p);
        }
        if (!Files.exists(metadataOf(id)) && Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
            // A chroot without metadata is the half of a creation that did not finish.
            removeQuietly(dest);
        }
        Path tmpParent = temporaryDirectory();
        if (Files.isDirectory(tmpParent)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmpParent, id.name() + "-*")) {
                for (Path p : ds) {
                    removeQuietly(p);
                }
            } catch (IOException e) {
                // best effort: temporary directories only
            }
        }
    }

    private static void removeQuietly(Path p) {
        try {
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                Mounts.deleteTree(p);
            } else {
                Files.deleteIfExists(p);
            }
        } catch (RuntimeException | IOException e) {
            // Leftovers are removed by the next operation on this chroot.
        }
    }

    private void writeMetadata(ChrootSpec spec, Instant created, Instant updated) {
        ChrootId id = spec.id();
        Paragraph.Builder b = Paragraph.builder()
                .set("Chroot", id.name())
                .set("Suite", id.suite())
                .set("Architecture", id.architecture())
                .set("Builder", id.kind().id())
                .set("File", id.fileName())
                .set("Mirror", spec.mirror().toString())
                .set("Components", String.join(" ", spec.components()))
                .set("Variant", spec.variant());
        if (!spec.include().isEmpty()) {
            b.set("Include", String.join(" ", spec.include()));
        }
        if (!spec.keyrings().isEmpty()) {
            b.setLines("Keyrings", spec.keyrings().stream().map(Path::toString).toList());
        }
        if (!spec.extraSources().isEmpty()) {
            b.setLines("Extra-Sources", spec.extraSources().stream().map(AptSource::toSourcesLine).toList());
        }
        b.set("Created", created.toString()).set("Updated", updated.toString());
        Path meta = metadataOf(id);
        Path tmp = root.resolve("." + id.name() + ".new-" + shortId() + META_SUFFIX);
        try {
            Files.writeString(tmp, Deb822Writer.toString(List.of(b.build())), StandardCharsets.UTF_8);
            Files.move(tmp, meta, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + meta + ": " + e.getMessage(), e);
        } finally {
            removeQuietly(tmp);
        }
    }

    private Optional<Chroot> readMetadata(Path meta) {
        try {
            Paragraph p = Deb822.parseSingle(Files.readString(meta, StandardCharsets.UTF_8), meta.toString());
            ChrootId id = new ChrootId(p.require("Suite"), p.require("Architecture"), BuilderKind.fromId(p.require("Builder")));
            List<AptSource> extra = p.lines("Extra-Sources").stream().map(AptSource::parse).toList();
            List<Path> keyrings = p.lines("Keyrings").stream().map(Path::of).toList();
            List<String> include = p.has("Include") ? Arrays.asList(p.get("Include").strip().split("\\s+")) : List.of();
            ChrootSpec spec = new ChrootSpec(id, URI.create(p.require("Mirror")),
                    Arrays.asList(p.require("Components").strip().split("\\s+")), extra, keyrings, include, p.require("Variant"));
            Path path = pathOf(id);
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            long size = id.kind().isDirectory() ? 0 : Files.size(path);
            return Optional.of(new Chroot(spec, path, Instant.parse(p.require("Created")), Instant.parse(p.require("Updated")), size));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + meta + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ChrootException("invalid chroot metadata " + meta + ": " + e.getMessage(), e);
        }
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }
}
