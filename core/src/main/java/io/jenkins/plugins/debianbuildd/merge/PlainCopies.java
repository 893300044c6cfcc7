package io.jenkins.plugins.debianbuildd.merge;

import io.jenkins.plugins.debianbuildd.archive.Hashes;
import io.jenkins.plugins.debianbuildd.formats.Compression;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

/**
 * Uncompressed copies of compressed index files, by the SHA-256 of the compressed bytes, in a directory of
 * the merge's work directory. A daemon merges the same Packages.xz again and again (after every build);
 * decompressing 50 MB of xz costs about half a second of a core each time, reading the plain copy a tenth
 * of that. A copy unused for {@link #KEEP} is deleted.
 */
final class PlainCopies {
    /**
     * Longer than the daemon's default merge interval (6 h), so an idle daemon's periodic merge still finds its
     * copies; short enough that a mirror pushing four times a day leaves about two generations on disk.
     */
    static final Duration KEEP = Duration.ofHours(8);

    private final Path dir;

    PlainCopies(Path dir) {
        this.dir = dir;
    }

    /** The file's content, uncompressed: from its plain copy (made now if there is none). A plain file is read as it is. */
    InputStream open(Path file) throws IOException {
        if (Compression.fromFileName(file.getFileName().toString()) == Compression.NONE) {
            return Compression.open(file);
        }
        Path copy = dir.resolve(Hashes.sha256(file) + ".plain");
        if (Files.isRegularFile(copy)) {
            Files.setLastModifiedTime(copy, FileTime.from(Instant.now()));
        } else {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "new-", ".tmp");
            try (InputStream in = Compression.open(file)) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                try {
                    Files.move(tmp, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        return Files.newInputStream(copy);
    }

    /** Deletes the copies unused for {@link #KEEP} and temporary files left by a killed process. */
    void prune() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        Instant before = Instant.now().minus(KEEP);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                boolean stale = Files.getLastModifiedTime(p).toInstant().isBefore(before);
                boolean oldTmp = name.endsWith(".tmp") && Files.getLastModifiedTime(p).toInstant().isBefore(Instant.now().minus(Duration.ofHours(1)));
                if ((name.endsWith(".plain") && stale) || oldTmp) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
