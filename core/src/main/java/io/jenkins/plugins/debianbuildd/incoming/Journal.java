package io.jenkins.plugins.debianbuildd.incoming;

import io.jenkins.plugins.debianbuildd.formats.Deb822;
import io.jenkins.plugins.debianbuildd.formats.Paragraph;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The state of one claimed upload, a deb822 paragraph in {@code work/<id>/.journal}. Upload files have
 * plain names (starting with a letter or digit), so the dot file never collides with one. Each change is
 * written to a temporary file, synced, and renamed over the old one: a reader sees the old or the new
 * state, never a torn one.
 */
final class Journal {
    static final String NAME = ".journal";

    /** Where a claimed upload is; the order is the order of processing. */
    enum Phase {
        /** Files are being moved from incoming/ into work/&lt;id&gt;/. */
        CLAIMING,
        /** All files are in work/&lt;id&gt;/; the checks run (again, after a crash: they change nothing). */
        CLAIMED,
        /** Accepted; the repository include is running or about to (replayed after a crash; it is idempotent). */
        PUBLISHING,
        /** In the repository; the handler is to be called (again, after a crash: at least once). */
        PUBLISHED,
        /** The handler returned; only the move to accepted/ is left. */
        HANDLED,
        /** Rejected; only the reason file and the move to rejected/ are left. */
        REJECTING
    }

    private Journal() {
    }

    static Path file(Path workDir) {
        return workDir.resolve(NAME);
    }

    static Paragraph read(Path workDir) throws IOException {
        Path f = file(workDir);
        return Deb822.parseSingle(Files.readString(f, StandardCharsets.UTF_8), f.toString());
    }

    static Phase phase(Paragraph p) {
        return Phase.valueOf(p.require("Phase").strip());
    }

    static void write(Path workDir, Paragraph p) throws IOException {
        Path tmp = workDir.resolve(NAME + ".new");
        Files.writeString(tmp, p.toString(), StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, file(workDir), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(workDir);
    }

    /** Makes a rename durable (Linux lets a directory be opened and synced). */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every platform can sync a directory; the rename itself is still atomic.
        }
    }
}
