package io.jenkins.plugins.debianbuildd.testsupport;

import io.jenkins.plugins.debianbuildd.archive.ArchiveMirror;
import io.jenkins.plugins.debianbuildd.archive.Release;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The Debian trixie {@code main} snapshot the large tests run on: the project's shared copy when it is
 * there (../shared/data/debian, or $DEBIAN_BUILDD_SNAPSHOT), otherwise the same suite fetched once from a
 * Debian mirror into ~/.cache/debian-buildd/snapshot and reused.
 */
public final class TrixieSnapshot {
    public static final String SUITE = "trixie";
    public static final Path DEBIAN_KEYRING = Path.of("/usr/share/keyrings/debian-archive-keyring.gpg");
    public static final String[] INDEXES = {"main/source/Sources", "main/binary-amd64/Packages", "main/binary-arm64/Packages"};

    private static Path root;
    private static boolean shared;

    private TrixieSnapshot() {
    }

    /** The mirror root (holding dists/trixie). */
    public static synchronized Path root() throws IOException {
        if (root == null) {
            Path found = findShared();
            if (found != null) {
                root = found;
                shared = true;
            } else {
                root = download();
            }
        }
        return root;
    }

    /** Whether the data is the project's fixed snapshot (exact counts known) rather than a live mirror copy. */
    public static boolean isSharedSnapshot() throws IOException {
        root();
        return shared;
    }

    public static Path suiteDir() throws IOException {
        return root().resolve("dists").resolve(SUITE);
    }

    /** The (compressed) file of an index, such as main/source/Sources → .../Sources.xz. */
    public static Path index(String path) throws IOException {
        for (String ext : new String[] {".xz", ".gz", ""}) {
            Path p = suiteDir().resolve(path + ext);
            if (Files.exists(p)) {
                return p;
            }
        }
        throw new IOException("no " + path + " in " + suiteDir());
    }

    private static Path findShared() {
        String env = System.getenv("DEBIAN_BUILDD_SNAPSHOT");
        if (env != null && Files.isDirectory(Path.of(env, "dists", SUITE))) {
            return Path.of(env);
        }
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 5 && dir != null; i++, dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/data/debian");
            if (Files.isDirectory(candidate.resolve("dists").resolve(SUITE))) {
                return candidate;
            }
        }
        return null;
    }

    private static Path download() throws IOException {
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "debian-buildd", "snapshot", "debian");
        Path suite = cache.resolve("dists").resolve(SUITE);
        if (Files.exists(suite.resolve("main/binary-arm64/Packages.xz"))) {
            return cache;
        }
        String mirror = System.getenv().getOrDefault("DEBIAN_BUILDD_MIRROR", "http://deb.debian.org/debian");
        Path downloads = Files.createTempDirectory("trixie-download");
        ArchiveMirror m = new ArchiveMirror(URI.create(mirror), DEBIAN_KEYRING, downloads);
        Release r = m.release(SUITE);
        Files.createDirectories(suite);
        // Keep what the mirror served, verified, so the copy verifies against its InRelease as the shared one does.
        for (String index : INDEXES) {
            try (InputStream in = m.openIndex(SUITE, r, index)) {
                Path tmp = Files.createTempFile(downloads, "index", "");
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.createDirectories(suite.resolve(index).getParent());
                Process xz = new ProcessBuilder("xz", "-T0", "-6", "-c", tmp.toString())
                        .redirectOutput(suite.resolve(index + ".xz").toFile()).start();
                try {
                    if (xz.waitFor() != 0) {
                        throw new IOException("xz failed");
                    }
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
        }
        Path inRelease = downloads.resolve("deb.debian.org").resolve("debian/dists/trixie/InRelease");
        if (!Files.exists(inRelease)) {
            try (var s = Files.walk(downloads)) {
                inRelease = s.filter(p -> p.getFileName().toString().equals("InRelease")).findFirst().orElseThrow();
            }
        }
        Files.copy(inRelease, suite.resolve("InRelease"), StandardCopyOption.REPLACE_EXISTING);
        return cache;
    }
}
