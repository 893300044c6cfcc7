package io.jenkins.plugins.debianbuildd.incoming;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.debianbuildd.archive.Hashes;
import io.jenkins.plugins.debianbuildd.openpgp.ClearSigned;
import io.jenkins.plugins.debianbuildd.openpgp.GnupgHome;
import io.jenkins.plugins.debianbuildd.repo.RepreproRepository;
import io.jenkins.plugins.debianbuildd.repo.SuiteConfig;
import io.jenkins.plugins.debianbuildd.testsupport.PackageFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Keys, a signed repository with two suites, a queue, and helpers to build and upload real packages. */
abstract class IncomingTestBase {
    @TempDir
    static Path keys;
    static GnupgHome archive;
    static String archiveKey;
    static GnupgHome uploader;
    static String uploaderKey;
    static GnupgHome stranger;
    static String strangerKey;
    static Path keyring;

    @TempDir
    Path dir;
    RepreproRepository repo;
    IncomingConfig config;
    final List<AcceptedUpload> handled = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void generateKeys() throws IOException {
        archive = new GnupgHome(keys.resolve("archive"));
        archiveKey = archive.generateSigningKey("Test Archive <archive@example.org>");
        uploader = new GnupgHome(keys.resolve("uploader"));
        uploaderKey = uploader.generateSigningKey("Uploader <uploader@example.org>");
        stranger = new GnupgHome(keys.resolve("stranger"));
        strangerKey = stranger.generateSigningKey("Stranger <stranger@example.org>");
        keyring = keys.resolve("uploaders.gpg");
        uploader.exportPublicKey(uploaderKey, keyring, false);
    }

    @AfterAll
    static void stopAgents() {
        archive.stopAgent();
        uploader.stopAgent();
        stranger.stopAgent();
    }

    @BeforeEach
    void repository() throws IOException {
        repo = RepreproRepository.create(dir.resolve("repo"), List.of(
                SuiteConfig.of("sid", "unstable", List.of("amd64", "arm64"), List.of("main", "contrib")).withSignWith(archiveKey),
                SuiteConfig.of("trixie", "testing", List.of("amd64", "arm64"), List.of("main", "contrib")).withSignWith(archiveKey)),
                archive).withLockWait(Duration.ofSeconds(30));
        config = IncomingConfig.of(dir.resolve("queue"), keyring).withIncompleteTimeout(Duration.ofMinutes(30));
    }

    IncomingQueue queue() throws IOException {
        return new IncomingQueue(config, repo, handled::add);
    }

    Path incoming() {
        return config.incoming();
    }

    PackageFixture source(String name, String version) {
        return PackageFixture.of(dir.resolve("build"), name, version).architecture("any all").signedBy(uploader, uploaderKey);
    }

    /** Uploads as dput does: the files, then the .changes. */
    PackageFixture.Built upload(PackageFixture.Built built) throws IOException {
        PackageFixture.upload(built, incoming());
        return built;
    }

    /** Every file of a directory (not the journal) with its SHA-256: what must survive a rejection unchanged. */
    static Map<String, String> contents(Path d) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(d)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".") && !name.endsWith(".reason")) {
                    out.put(name, Files.isSymbolicLink(p) ? "symlink" : Hashes.sha256(p));
                }
            }
        }
        return out;
    }

    static Map<String, String> contents(List<Path> files) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (Path p : files) {
            out.put(p.getFileName().toString(), Files.isSymbolicLink(p) ? "symlink" : Hashes.sha256(p));
        }
        return out;
    }

    static List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * Asserts the one outcome is a rejection for {@code reason}, that every uploaded file is in its rejected/
     * directory unchanged with a reason file, and that nothing was left in incoming/ or work/ or published.
     */
    ProcessReport.Outcome assertRejected(ProcessReport report, RejectReason reason, Map<String, String> uploaded) throws IOException {
        assertThat(report.outcomes()).hasSize(1);
        ProcessReport.Outcome o = report.outcomes().get(0);
        assertThat(o.status()).as(o.message()).isEqualTo(ProcessReport.Status.REJECTED);
        assertThat(o.reason()).as(o.message()).isEqualTo(reason);
        assertThat(o.location()).isEqualTo(config.rejected().resolve(o.uploadId()));
        assertThat(contents(o.location())).isEqualTo(uploaded);
        Path reasonFile = o.location().resolve(o.changesName() + ".reason");
        assertThat(reasonFile).content().contains("Reason: " + reason.name()).contains("Upload: " + o.uploadId());
        assertThat(names(incoming())).isEmpty();
        assertThat(names(config.work())).isEmpty();
        assertThat(names(config.accepted())).isEmpty();
        assertThat(handled).isEmpty();
        assertThat(repo.list("sid")).isEmpty();
        return o;
    }

    /** Edits the signed text of a file and signs it again (with {@code home}'s key, or leaves it unsigned). */
    static void resign(Path file, GnupgHome home, String key, UnaryOperator<String> edit) throws IOException {
        String content = Files.readString(file);
        String text = ClearSigned.isClearSigned(content) ? ClearSigned.parse(content, file.toString()).text() : content;
        Path plain = file.resolveSibling(file.getFileName() + ".plain");
        Files.writeString(plain, edit.apply(text));
        Files.delete(file);
        if (home == null) {
            Files.move(plain, file);
        } else {
            home.clearSign(key, plain, file);
            Files.delete(plain);
        }
    }

    /** Replaces the size and checksums of {@code file} in a .changes text's Files and Checksums fields. */
    static String refresh(String changesText, Path file) throws IOException {
        String name = file.getFileName().toString();
        long size = Files.size(file);
        List<String> out = new ArrayList<>();
        String field = "";
        for (String line : changesText.split("\n", -1)) {
            if (!line.startsWith(" ")) {
                field = line.contains(":") ? line.substring(0, line.indexOf(':')) : "";
            } else if (line.endsWith(" " + name)) {
                String[] f = line.trim().split("\\s+");
                String sum = switch (field) {
                    case "Files" -> Hashes.md5(file);
                    case "Checksums-Sha1" -> Hashes.sha1(file);
                    default -> Hashes.sha256(file);
                };
                f[0] = sum;
                f[1] = Long.toString(size);
                line = " " + String.join(" ", f);
            }
            out.add(line);
        }
        return String.join("\n", out);
    }

    static boolean exists(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }
}
