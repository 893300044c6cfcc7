package io.jenkins.plugins.debianbuildd.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.debianbuildd.formats.Deb822Parser;
import io.jenkins.plugins.debianbuildd.formats.Paragraph;
import io.jenkins.plugins.debianbuildd.openpgp.GnupgHome;
import io.jenkins.plugins.debianbuildd.openpgp.SignatureException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small signed mirror written by the test, read over file: and over real http. */
class ArchiveMirrorTest {
    @TempDir
    static Path keys;
    static GnupgHome gpg;
    static String key;
    static Path keyring;

    @TempDir
    Path dir;
    Path root;

    static final String PACKAGES = """
            Package: hello
            Version: 2.10-3
            Architecture: amd64

            Package: hello-doc
            Version: 2.10-3
            Architecture: all
            """;

    @BeforeAll
    static void key() throws Exception {
        gpg = new GnupgHome(keys.resolve("gnupg"));
        key = gpg.generateSigningKey("Test Archive <archive@example.org>");
        keyring = keys.resolve("archive.gpg");
        gpg.exportPublicKey(key, keyring, false);
    }

    @AfterAll
    static void stop() {
        gpg.stopAgent();
    }

    @BeforeEach
    void mirror() throws Exception {
        root = dir.resolve("mirror");
        Path suite = root.resolve("dists/unstable");
        Files.createDirectories(suite.resolve("main/binary-amd64"));
        Path packages = suite.resolve("main/binary-amd64/Packages");
        Files.writeString(packages, PACKAGES);
        compress("xz", packages);
        compress("gzip", packages);
        Files.delete(packages);
        writeRelease(suite, "unstable", null, PACKAGES);
        Files.createSymbolicLink(root.resolve("dists/sid"), Path.of("unstable"));
    }

    private static void compress(String tool, Path file) throws Exception {
        assertThat(new ProcessBuilder(tool, "-k", "-f", file.toString()).start().waitFor()).isZero();
    }

    /** A Release listing the uncompressed Packages (as Debian does) and the compressed files present. */
    private void writeRelease(Path suite, String suiteName, Instant validUntil, String uncompressed) throws Exception {
        StringBuilder r = new StringBuilder();
        r.append("Origin: Test\nSuite: ").append(suiteName).append("\nCodename: sid\nDate: ")
                .append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC))).append('\n');
        if (validUntil != null) {
            r.append("Valid-Until: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(validUntil.atZone(ZoneOffset.UTC))).append('\n');
        }
        r.append("Architectures: amd64\nComponents: main\nSHA256:\n");
        byte[] plain = uncompressed.getBytes(StandardCharsets.UTF_8);
        r.append(' ').append(sha256(plain)).append(' ').append(plain.length).append(" main/binary-amd64/Packages\n");
        for (String ext : new String[] {".xz", ".gz"}) {
            Path f = suite.resolve("main/binary-amd64/Packages" + ext);
            if (Files.exists(f)) {
                r.append(' ').append(Hashes.sha256(f)).append(' ').append(Files.size(f)).append(" main/binary-amd64/Packages").append(ext).append('\n');
            }
        }
        Path release = suite.resolve("Release");
        Files.writeString(release, r.toString());
        gpg.clearSign(key, release, suite.resolve("InRelease"));
    }

    private static String sha256(byte[] b) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static List<String> names(ArchiveMirror m, String suite) throws Exception {
        Release r = m.release(suite);
        List<String> out = new ArrayList<>();
        try (Deb822Parser p = m.parseIndex(suite, r, "main/binary-amd64/Packages")) {
            Paragraph para;
            while ((para = p.read()) != null) {
                out.add(para.get("Package"));
            }
        }
        return out;
    }

    @Test
    void readsAVerifiedIndexOverFileUrls() throws Exception {
        ArchiveMirror m = new ArchiveMirror(root.toUri(), keyring, null);
        assertThat(names(m, "unstable")).containsExactly("hello", "hello-doc");
        assertThat(names(m, "sid")).containsExactly("hello", "hello-doc");
    }

    @Test
    void readsOverHttpAndReusesVerifiedDownloads() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = serve(root, requests);
        try {
            Path cache = dir.resolve("cache");
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            ArchiveMirror m = new ArchiveMirror(uri, keyring, cache);
            assertThat(names(m, "unstable")).containsExactly("hello", "hello-doc");
            int first = requests.get();
            assertThat(names(m, "unstable")).containsExactly("hello", "hello-doc");
            // The second read fetches InRelease again but not the index, whose cached copy still verifies.
            assertThat(requests.get() - first).isEqualTo(1);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aTamperedIndexIsAHashSumMismatchNotAFallback() throws Exception {
        Path xz = root.resolve("dists/unstable/main/binary-amd64/Packages.xz");
        Path plain = root.resolve("dists/unstable/main/binary-amd64/Packages");
        Files.writeString(plain, PACKAGES.replace("2.10-3", "6.66-6"));
        Files.delete(xz);
        compress("xz", plain);
        Files.delete(plain);
        ArchiveMirror m = new ArchiveMirror(root.toUri(), keyring, null);
        assertThatThrownBy(() -> names(m, "unstable"))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .cause().isInstanceOf(IndexVerificationException.class)
                .hasMessageContaining("Packages.xz (uncompressed): SHA256").hasMessageContaining("hash sum mismatch");
    }

    @Test
    void fetchIndexKeepsOneVerifiedCopyPerContent() throws Exception {
        ArchiveMirror m = new ArchiveMirror(root.toUri(), keyring, null);
        Release r = m.release("unstable");
        Path cache = dir.resolve("indexes");
        Path first = m.fetchIndex("unstable", r, "main/binary-amd64/Packages", cache);
        assertThat(Files.readString(first)).isEqualTo(PACKAGES);
        assertThat(first.getFileName().toString()).isEqualTo(r.file("main/binary-amd64/Packages").sha256());
        long modified = Files.getLastModifiedTime(first).toMillis();
        Thread.sleep(20);
        assertThat(m.fetchIndex("unstable", r, "main/binary-amd64/Packages", cache)).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(first).toMillis()).isEqualTo(modified);
        try (var files = Files.list(cache)) {
            assertThat(files.toList()).containsExactly(first);
        }
    }

    @Test
    void aCompressionTheMirrorDoesNotServeMovesOnToTheNext() throws Exception {
        Files.delete(root.resolve("dists/unstable/main/binary-amd64/Packages.xz"));
        ArchiveMirror m = new ArchiveMirror(root.toUri(), keyring, null);
        assertThat(names(m, "unstable")).containsExactly("hello", "hello-doc");
    }

    @Test
    void withoutAnUncompressedEntryTheCompressedFileIsChecked() throws Exception {
        Path suite = root.resolve("dists/unstable");
        String release = Files.readString(suite.resolve("Release"));
        String withoutPlain = release.lines().filter(l -> !l.endsWith("binary-amd64/Packages"))
                .reduce("", (a, b) -> a + b + "\n");
        Files.writeString(suite.resolve("Release"), withoutPlain);
        gpg.clearSign(key, suite.resolve("Release"), suite.resolve("InRelease"));
        ArchiveMirror m = new ArchiveMirror(root.toUri(), keyring, null);
        assertThat(names(m, "unstable")).containsExactly("hello", "hello-doc");
        Path xz = suite.resolve("main/binary-amd64/Packages.xz");
        byte[] b = Files.readAllBytes(xz);
        b[b.length / 2] ^= 1;
        Files.write(xz, b);
        assertThatThrownBy(() -> names(m, "unstable")).isInstanceOf(IndexVerificationException.class)
                .hasMessageContaining("Packages.xz: SHA256");
    }

    @Test
    void unsignedOrWronglySignedReleaseIsRefused() throws Exception {
        Path suite = root.resolve("dists/unstable");
        Files.copy(suite.resolve("Release"), suite.resolve("InRelease"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ArchiveMirror m = new ArchiveMirror(root.toUri(), keyring, null);
        assertThatThrownBy(() -> m.release("unstable")).isInstanceOf(SignatureException.class).hasMessageContaining("not signed");
        // Without a keyring an unsigned repository is read as it is (a local, trusted repository).
        assertThat(names(new ArchiveMirror(root.toUri(), null, null), "unstable")).hasSize(2);
    }

    @Test
    void expiredReleaseIsRefused() throws Exception {
        writeRelease(root.resolve("dists/unstable"), "unstable", Instant.parse("2020-01-01T00:00:00Z"), PACKAGES);
        ArchiveMirror m = new ArchiveMirror(root.toUri(), keyring, null, Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
        assertThatThrownBy(() -> m.release("unstable")).hasMessageContaining("expired");
    }

    @Test
    void anIndexTheReleaseDoesNotListIsAnError() throws Exception {
        ArchiveMirror m = new ArchiveMirror(root.toUri(), keyring, null);
        Release r = m.release("unstable");
        assertThatThrownBy(() -> m.openIndex("unstable", r, "main/binary-arm64/Packages"))
                .isInstanceOf(IndexVerificationException.class).hasMessageContaining("not listed");
    }

    private static HttpServer serve(Path root, AtomicInteger requests) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            requests.incrementAndGet();
            Path f = root.resolve(ex.getRequestURI().getPath().substring(1)).normalize();
            if (!f.startsWith(root) || !Files.isRegularFile(f)) {
                ex.sendResponseHeaders(404, -1);
                ex.close();
                return;
            }
            ex.sendResponseHeaders(200, Files.size(f));
            try (OutputStream os = ex.getResponseBody(); InputStream in = Files.newInputStream(f)) {
                in.transferTo(os);
            }
        });
        server.start();
        return server;
    }
}
