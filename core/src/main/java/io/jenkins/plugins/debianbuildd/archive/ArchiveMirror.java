package io.jenkins.plugins.debianbuildd.archive;

import io.jenkins.plugins.debianbuildd.openpgp.ClearSigned;
import io.jenkins.plugins.debianbuildd.formats.Compression;
import io.jenkins.plugins.debianbuildd.formats.Deb822;
import io.jenkins.plugins.debianbuildd.formats.Deb822Parser;
import io.jenkins.plugins.debianbuildd.openpgp.Gpgv;
import io.jenkins.plugins.debianbuildd.formats.Names;
import io.jenkins.plugins.debianbuildd.openpgp.SignatureException;
import java.io.BufferedInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;

/**
 * Reads a suite's index files from a mirror root (http, https or file), verified the way apt verifies
 * them: InRelease, its signature against a keyring, then the size and SHA-256 of every index read
 * against the Release entry. A mismatch is an error, never a silent fallback.
 *
 * <p>What is verified is the content that gets parsed: an index is checked against the Release entry of
 * its uncompressed path (Debian's Release files always list it, published or not), and only when that
 * entry is missing against the entry of the compressed file that was downloaded. The compression is the
 * first in apt's order that the Release lists and the mirror serves; a file the mirror does not have
 * moves on to the next, a file that fails verification stops everything.
 */
public final class ArchiveMirror {
    private final URI root;
    private final Path keyring;
    private final Path cacheDir;
    private final Clock clock;
    private HttpClient http;

    /**
     * @param root the mirror root, the directory holding {@code dists/} ({@code http://deb.debian.org/debian})
     * @param keyring the keyring to verify InRelease against; null reads unsigned repositories without verification
     * @param cacheDir where http downloads are kept (reused when they still verify); null for a temporary directory
     */
    public ArchiveMirror(URI root, Path keyring, Path cacheDir) {
        this(root, keyring, cacheDir, Clock.systemUTC());
    }

    public ArchiveMirror(URI root, Path keyring, Path cacheDir, Clock clock) {
        String s = root.toString();
        this.root = URI.create(s.endsWith("/") ? s : s + "/");
        String scheme = this.root.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https") || scheme.equals("file"))) {
            throw new IllegalArgumentException("mirror must be an http, https or file URL: " + root);
        }
        this.keyring = keyring;
        this.cacheDir = cacheDir;
        this.clock = clock;
    }

    public URI root() {
        return root;
    }

    /**
     * Fetches and checks a suite's Release: InRelease verified with gpgv when a keyring is set, the
     * Suite or Codename matching the one asked for, and Valid-Until not passed.
     */
    public Release release(String suite) throws IOException {
        Names.checkSuiteName(suite);
        String relPath = "dists/" + suite + "/InRelease";
        Path local = fetch(relPath);
        String text;
        if (keyring != null) {
            text = Gpgv.verifyClearSigned(local, keyring).text();
        } else {
            String content = Files.readString(local, StandardCharsets.UTF_8);
            text = ClearSigned.isClearSigned(content) ? ClearSigned.parse(content, uri(relPath).toString()).text() : content;
        }
        Release r = Release.of(Deb822.parseSingle(text, uri(relPath).toString()));
        if (!suite.equals(r.suite()) && !suite.equals(r.codename())) {
            throw new SignatureException(uri(relPath) + ": Release is for suite '" + r.suite() + "' (codename '"
                    + r.codename() + "'), not '" + suite + "'");
        }
        if (r.validUntil() != null && clock.instant().isAfter(r.validUntil())) {
            throw new SignatureException(uri(relPath) + ": Release file expired on " + r.validUntil() + " (Valid-Until)");
        }
        return r;
    }

    /**
     * Opens an index (such as {@code main/binary-amd64/Packages}) of a verified Release, decompressed.
     * The stream throws {@link IndexVerificationException} when the content does not verify; a reader
     * must read to the end before using what it read.
     */
    public InputStream openIndex(String suite, Release release, String indexPath) throws IOException {
        Release.IndexFile plain = release.file(indexPath);
        for (Compression c : Compression.APT_PREFERENCE) {
            String path = indexPath + c.extension();
            Release.IndexFile entry = release.file(path);
            if (entry == null) {
                continue;
            }
            Path local;
            try {
                local = fetch("dists/" + suite + "/" + path, entry);
            } catch (FileNotFoundException | NoSuchFileException e) {
                continue;
            }
            String what = uri("dists/" + suite + "/" + path).toString();
            InputStream raw = new BufferedInputStream(Files.newInputStream(local), 1 << 16);
            if (plain != null && plain.sha256() != null) {
                InputStream decompressed = c.open(raw);
                return new VerifyingInputStream(decompressed, what + " (uncompressed)", plain.size(), plain.sha256());
            }
            if (entry.sha256() == null) {
                raw.close();
                throw new IndexVerificationException(what + ": the Release file has no SHA256 entry for it");
            }
            // Only the compressed file has an entry: verify it whole before a decompressor sees a byte of it.
            raw.close();
            try (InputStream check = new VerifyingInputStream(Files.newInputStream(local), what, entry.size(), entry.sha256())) {
                check.transferTo(OutputStream.nullOutputStream());
            }
            return c.open(new BufferedInputStream(Files.newInputStream(local), 1 << 16));
        }
        throw new IndexVerificationException("dists/" + suite + "/" + indexPath + ": not listed in the Release file of "
                + root + " (in any compression), or not found on the mirror");
    }

    /**
     * A verified, uncompressed copy of an index in {@code dir}, named after its SHA-256 so that an index
     * that did not change since the last call is not read again: the copy is written under a temporary
     * name and renamed only once it verified.
     */
    public Path fetchIndex(String suite, Release release, String indexPath, Path dir) throws IOException {
        Release.IndexFile plain = release.file(indexPath);
        if (plain != null && plain.sha256() != null) {
            Path known = dir.resolve(plain.sha256());
            if (Files.isRegularFile(known) && Files.size(known) == plain.size()) {
                return known;
            }
        }
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "index-", ".part");
        try {
            try (InputStream in = openIndex(suite, release, indexPath)) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            Path target = dir.resolve(plain != null && plain.sha256() != null ? plain.sha256() : Hashes.sha256(tmp));
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Streams the paragraphs of a verified index. */
    public Deb822Parser parseIndex(String suite, Release release, String indexPath) throws IOException {
        return new Deb822Parser(openIndex(suite, release, indexPath), uri("dists/" + suite + "/" + indexPath).toString());
    }

    private URI uri(String relPath) {
        return root.resolve(relPath);
    }

    private Path fetch(String relPath) throws IOException {
        return fetch(relPath, null);
    }

    /** A local copy of a mirror file: the file itself for file: URLs, a cached download otherwise. */
    private Path fetch(String relPath, Release.IndexFile expected) throws IOException {
        URI u = uri(relPath);
        if (u.getScheme().equals("file")) {
            Path p = Path.of(u);
            if (!Files.exists(p)) {
                throw new NoSuchFileException(p.toString());
            }
            return p;
        }
        Path dir = cacheDir != null ? cacheDir : Files.createTempDirectory("debian-buildd-mirror");
        Path target = dir.resolve(u.getHost()).resolve(u.getPath().replaceFirst("^/+", ""));
        if (expected != null && Files.isRegularFile(target) && Files.size(target) == expected.size()
                && expected.sha256() != null && Hashes.sha256(target).equals(expected.sha256())) {
            return target;
        }
        Files.createDirectories(target.getParent());
        Path part = target.resolveSibling(target.getFileName() + ".part");
        HttpRequest req = HttpRequest.newBuilder(u).timeout(Duration.ofMinutes(10)).GET().build();
        try {
            HttpResponse<Path> resp = client().send(req, HttpResponse.BodyHandlers.ofFile(part));
            if (resp.statusCode() == 404 || resp.statusCode() == 410) {
                Files.deleteIfExists(part);
                throw new FileNotFoundException(u + ": " + resp.statusCode());
            }
            if (resp.statusCode() != 200) {
                Files.deleteIfExists(part);
                throw new IOException(u + ": HTTP " + resp.statusCode());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(u + ": interrupted", e);
        }
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    private synchronized HttpClient client() {
        if (http == null) {
            http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(30)).build();
        }
        return http;
    }

    /** Reads an index stream to its end (which completes its verification) and returns its paragraph count. */
    public static long count(InputStream in, String source) throws IOException {
        try (Deb822Parser p = new Deb822Parser(in, source)) {
            long n = 0;
            while (p.read() != null) {
                n++;
            }
            return n;
        }
    }
}
