package io.jenkins.plugins.debianbuildd.buildd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Remembers, across a crash, where a Built package's .changes is: written before wanna-build is told
 * "built" and removed once the package is Uploaded, so that a restarted buildd publishes what it had
 * built instead of building it again.
 */
public final class JobJournal {
    private final Path dir;

    public JobJournal(Path dir) {
        this.dir = dir;
    }

    private Path file(BuildJob job) {
        return dir.resolve(job.suite() + "_" + job.arch() + "_" + job.packageName() + ".changes-path");
    }

    public void built(BuildJob job, Path changes) throws IOException {
        Files.createDirectories(dir);
        Path f = file(job);
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        Files.writeString(tmp, changes.toAbsolutePath() + "\n" + job.builtVersion() + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The .changes of a built job of this version, if it was recorded and is still there. */
    public Optional<Path> changes(BuildJob job) throws IOException {
        Path f = file(job);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        String[] lines = Files.readString(f, StandardCharsets.UTF_8).split("\n");
        if (lines.length < 2 || !lines[1].strip().equals(job.builtVersion().toString())) {
            return Optional.empty();
        }
        Path changes = Path.of(lines[0].strip());
        return Files.isRegularFile(changes) ? Optional.of(changes) : Optional.empty();
    }

    public void done(BuildJob job) throws IOException {
        Files.deleteIfExists(file(job));
    }
}
