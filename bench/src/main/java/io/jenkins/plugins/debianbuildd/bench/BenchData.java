package io.jenkins.plugins.debianbuildd.bench;

import io.jenkins.plugins.debianbuildd.formats.Compression;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the Debian trixie snapshot the benchmarks run on: $DEBIAN_BUILDD_SNAPSHOT, the project's
 * shared copy (shared/data/debian next to the checkout), or the copy the tests downloaded into
 * ~/.cache/debian-buildd/snapshot/debian.
 */
public final class BenchData {
    private BenchData() {
    }

    public static Path root() {
        String env = System.getenv("DEBIAN_BUILDD_SNAPSHOT");
        if (env != null && Files.isDirectory(Path.of(env, "dists/trixie"))) {
            return Path.of(env);
        }
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 5 && dir != null; i++, dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/data/debian");
            if (Files.isDirectory(candidate.resolve("dists/trixie"))) {
                return candidate;
            }
        }
        Path cache = Path.of(System.getProperty("user.home"), ".cache/debian-buildd/snapshot/debian");
        if (Files.isDirectory(cache.resolve("dists/trixie"))) {
            return cache;
        }
        throw new IllegalStateException("no trixie snapshot: set DEBIAN_BUILDD_SNAPSHOT, or run the core tests once "
                + "(they download it to ~/.cache/debian-buildd/snapshot)");
    }

    /** The compressed file of an index such as main/binary-amd64/Packages. */
    public static Path index(String path) {
        for (String ext : new String[] {".xz", ".gz", ""}) {
            Path p = root().resolve("dists/trixie").resolve(path + ext);
            if (Files.exists(p)) {
                return p;
            }
        }
        throw new IllegalStateException("no " + path + " under " + root());
    }

    /** An index decompressed into memory, so that benchmarks measure parsing and not xz. */
    public static byte[] uncompressed(String path) throws IOException {
        try (InputStream in = Compression.decompressing(new BufferedInputStream(Files.newInputStream(index(path)), 1 << 16))) {
            return in.readAllBytes();
        }
    }
}
