package io.jenkins.plugins.debianbuildd.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.debianbuildd.exec.ExecResult;
import io.jenkins.plugins.debianbuildd.exec.LocalExec;
import io.jenkins.plugins.debianbuildd.openpgp.GnupgHome;
import io.jenkins.plugins.debianbuildd.openpgp.Gpgv;
import io.jenkins.plugins.debianbuildd.repo.RepreproException.Reason;
import io.jenkins.plugins.debianbuildd.testsupport.PackageFixture;
import io.jenkins.plugins.debianbuildd.testsupport.PrivateApt;
import io.jenkins.plugins.debianbuildd.version.DebianVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real reprepro, real gpg signatures, and the real apt reading what was published. */
class RepreproRepositoryTest {
    @TempDir
    static Path keys;
    static GnupgHome archive;
    static String archiveKey;
    static GnupgHome other;
    static String otherKey;

    @TempDir
    Path dir;

    @BeforeAll
    static void generateKeys() throws IOException {
        archive = new GnupgHome(keys.resolve("archive"));
        archiveKey = archive.generateSigningKey("Test Archive <archive@example.org>");
        other = new GnupgHome(keys.resolve("other"));
        otherKey = other.generateSigningKey("Other Archive <other@example.org>");
    }

    @AfterAll
    static void stopAgents() {
        archive.stopAgent();
        other.stopAgent();
    }

    private RepreproRepository repository() throws IOException {
        return RepreproRepository.create(dir.resolve("repo"), List.of(
                SuiteConfig.of("sid", "unstable", List.of("amd64", "arm64"), List.of("main", "contrib"))
                        .withSignWith(archiveKey).withOriginAndLabel("debian-buildd", "test"),
                SuiteConfig.of("trixie", "testing", List.of("amd64", "arm64"), List.of("main", "contrib"))
                        .withSignWith(archiveKey)), archive).withLockWait(Duration.ofSeconds(2));
    }

    private PackageFixture hello(String version) {
        return PackageFixture.of(dir.resolve("build"), "hello", version).binary("hello", "amd64").binary("hello-doc", "all");
    }

    /** Every file of the pool, relative to it: what "nothing half-done" is checked against. */
    private static Set<String> pool(RepreproRepository repo) throws IOException {
        Path pool = repo.base().resolve("pool");
        if (!Files.exists(pool)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.walk(pool)) {
            return s.filter(Files::isRegularFile).map(p -> pool.relativize(p).toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Set<String> entries(List<PackageRecord> records) {
        return records.stream().map(r -> r.target() + " " + r.name() + " " + r.version())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void publishedPackagesAreInstallableWithAptUsingTheExportedKey() throws Exception {
        RepreproRepository repo = repository();
        assertThat(Files.readString(repo.base().resolve("conf/distributions")))
                .contains("Codename: sid", "Suite: unstable", "Architectures: amd64 arm64 source", "Components: main contrib",
                        "SignWith: " + archiveKey, "Codename: trixie");
        PackageFixture.Built src = hello("1.0-1").build();

        PublishResult published = repo.include("sid", src.changes());

        assertThat(published.alreadyPresent()).isFalse();
        assertThat(published.source()).isEqualTo("hello");
        assertThat(published.sourceVersion()).isEqualTo(DebianVersion.parse("1.0-1"));
        assertThat(published.architectures()).containsExactlyInAnyOrder("source", "amd64", "all");
        assertThat(published.includesSource()).isTrue();
        assertThat(entries(published.packages())).containsExactly(
                "sid|main|amd64 hello 1.0-1", "sid|main|amd64 hello-doc 1.0-1", "sid|main|arm64 hello-doc 1.0-1",
                "sid|main|source hello 1.0-1");
        assertThat(entries(repo.list("unstable"))).isEqualTo(entries(published.packages()));
        assertThat(repo.sourceVersion("sid", "hello")).contains(DebianVersion.parse("1.0-1"));
        assertThat(repo.list("trixie")).isEmpty();

        // The Release file is signed by the repository's key, and the exported keyring verifies it.
        Path keyring = repo.base().resolve(RepreproRepository.KEYRING);
        assertThat(Gpgv.verifyClearSigned(repo.base().resolve("dists/sid/InRelease"), keyring).signer().fingerprint())
                .isEqualTo(archiveKey);
        assertThat(repo.base().resolve(RepreproRepository.KEYRING_ARMORED)).content().startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----");

        PrivateApt apt = new PrivateApt(dir.resolve("apt"), "amd64");
        Path armored = repo.base().resolve(RepreproRepository.KEYRING_ARMORED);
        apt.sources("deb [signed-by=" + armored + "] file:" + repo.base() + " unstable main",
                "deb-src [signed-by=" + armored + "] file:" + repo.base() + " unstable main");
        ExecResult update = apt.update();
        assertThat(update.exitCode()).as(update.stdout() + update.stderr()).isZero();
        assertThat(update.stdout() + update.stderr()).doesNotContain("W:", "E:");
        assertThat(apt.policy("hello")).contains("Candidate: 1.0-1").contains("file:" + repo.base() + " unstable/main amd64 Packages");
        assertThat(apt.policy("hello-doc")).contains("Candidate: 1.0-1");
        assertThat(apt.showsrc("hello")).contains("Version: 1.0-1");
        Path downloads = Files.createDirectories(dir.resolve("downloads"));
        assertThat(apt.download("hello", downloads).exitCode()).isZero();
        assertThat(downloads.resolve("hello_1.0-1_amd64.deb")).hasSameBinaryContentAs(src.file("hello_1.0-1_amd64.deb"));

        // A newer build reaches apt after the next update.
        repo.include("sid", hello("1.0-2").withoutOrig().build().changes());
        assertThat(apt.update().exitCode()).isZero();
        assertThat(apt.policy("hello")).contains("Candidate: 1.0-2");
        repo.check();
    }

    @Test
    void aptRefusesTheRepositoryWithAnotherKey() throws Exception {
        RepreproRepository repo = repository();
        repo.include("sid", hello("1.0-1").build().changes());
        Path wrongKey = dir.resolve("other.gpg");
        other.exportPublicKey(otherKey, wrongKey, false);
        PrivateApt apt = new PrivateApt(dir.resolve("apt"), "amd64");
        apt.sources("deb [signed-by=" + wrongKey + "] file:" + repo.base() + " sid main");
        ExecResult update = apt.update();
        assertThat(update.stdout() + update.stderr()).contains("NO_PUBKEY");
        assertThat(apt.policy("hello")).doesNotContain("Candidate: 1.0-1");
    }

    @Test
    void anUnsignedRepositoryHasNoSignature() throws Exception {
        RepreproRepository repo = RepreproRepository.create(dir.resolve("plain"),
                List.of(SuiteConfig.of("stable", null, List.of("amd64"), List.of("main"))), null);
        repo.include("stable", PackageFixture.of(dir, "hello", "1.0-1").distribution("stable").build().changes());
        assertThat(repo.base().resolve("dists/stable/Release")).exists();
        assertThat(repo.base().resolve("dists/stable/InRelease")).doesNotExist();
        assertThat(repo.base().resolve(RepreproRepository.KEYRING)).doesNotExist();
        assertThat(entries(repo.list("stable"))).containsExactly("stable|main|source hello 1.0-1");
    }

    @Test
    void aSourceOnlyUploadThenItsBuildsPublishEachArchitecture() throws Exception {
        RepreproRepository repo = repository();
        PackageFixture.Built source = PackageFixture.of(dir.resolve("b"), "hello", "1.0-1").build();
        PublishResult s = repo.include("sid", source.changes());
        assertThat(s.architectures()).containsExactly("source");
        assertThat(s.binaries()).isEmpty();

        PublishResult amd64 = repo.include("sid", PackageFixture.of(dir.resolve("b"), "hello", "1.0-1")
                .binary("hello", "amd64").binaryOnly().build().changes());
        assertThat(amd64.includesSource()).isFalse();
        assertThat(entries(amd64.binaries())).containsExactly("sid|main|amd64 hello 1.0-1");
        PublishResult arm64 = repo.include("sid", PackageFixture.of(dir.resolve("b"), "hello", "1.0-1")
                .binary("hello", "arm64").binaryOnly().build().changes());
        assertThat(entries(arm64.binaries())).containsExactly("sid|main|arm64 hello 1.0-1");
        assertThat(entries(repo.listSource("sid", "hello"))).containsExactly(
                "sid|main|amd64 hello 1.0-1", "sid|main|arm64 hello 1.0-1", "sid|main|source hello 1.0-1");
    }

    @Test
    void publishingTheSameUploadAgainIsHarmless() throws Exception {
        RepreproRepository repo = repository();
        PackageFixture.Built built = hello("1.0-1").build();
        PublishResult first = repo.include("sid", built.changes());
        Set<String> pool = pool(repo);
        PublishResult again = repo.include("sid", built.changes());
        assertThat(again.alreadyPresent()).isTrue();
        assertThat(entries(again.packages())).isEqualTo(entries(first.packages()));
        assertThat(pool(repo)).isEqualTo(pool);
    }

    @Test
    void aFullUploadAfterItsSourceAddsTheBinaries() throws Exception {
        RepreproRepository repo = repository();
        PackageFixture.Built full = hello("1.0-1").build();
        repo.includeDsc("sid", full.dsc(), null, "devel", "optional");
        PublishResult r = repo.include("sid", full.changes());
        assertThat(r.alreadyPresent()).isFalse();
        assertThat(entries(r.packages())).containsExactly("sid|main|amd64 hello 1.0-1", "sid|main|amd64 hello-doc 1.0-1",
                "sid|main|arm64 hello-doc 1.0-1", "sid|main|source hello 1.0-1");
    }

    @Test
    void anOlderVersionIsRefusedAndNothingChanges() throws Exception {
        RepreproRepository repo = repository();
        repo.include("sid", hello("1.0-2").build().changes());
        Set<String> pool = pool(repo);
        Set<String> before = entries(repo.list("sid"));

        assertThatThrownBy(() -> repo.include("sid", hello("1.0-1").build().changes()))
                .isInstanceOfSatisfying(RepreproException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.VERSION_NOT_NEWER);
                    assertThat(e.packageName()).startsWith("hello");
                })
                .hasMessageContaining("1.0-1").hasMessageContaining("not newer than 1.0-2");
        assertThat(entries(repo.list("sid"))).isEqualTo(before);
        assertThat(pool(repo)).isEqualTo(pool);
        repo.check();
    }

    @Test
    void theSameVersionWithOtherContentIsRefused() throws Exception {
        RepreproRepository repo = repository();
        repo.include("sid", PackageFixture.of(dir.resolve("a"), "hello", "1.0-1").binary("hello", "amd64").binaryOnly()
                .build().changes());
        Set<String> pool = pool(repo);
        assertThatThrownBy(() -> repo.include("sid", PackageFixture.of(dir.resolve("b"), "hello", "1.0-1").orig("rebuilt\n")
                .binary("hello", "amd64").binaryOnly().build().changes()))
                .isInstanceOfSatisfying(RepreproException.class, e -> assertThat(e.reason()).isEqualTo(Reason.VERSION_NOT_NEWER))
                .hasMessageContaining("hello 1.0-1 (amd64): not newer than 1.0-1 already in sid|main|amd64 with other content");
        assertThat(pool(repo)).isEqualTo(pool);
    }

    @Test
    void aRebuiltOrigTarballIsRefusedAsAlreadyRegistered() throws Exception {
        RepreproRepository repo = repository();
        repo.include("sid", PackageFixture.of(dir.resolve("a"), "hello", "1.0-1").build().changes());
        Set<String> pool = pool(repo);
        Set<String> before = entries(repo.list("sid"));
        PackageFixture.Built rebuilt = PackageFixture.of(dir.resolve("b"), "hello", "1.0-2").orig("other upstream\n").build();
        assertThatThrownBy(() -> repo.include("sid", rebuilt.changes()))
                .isInstanceOfSatisfying(RepreproException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.ALREADY_REGISTERED);
                    assertThat(e.packageName()).isEqualTo("hello");
                })
                .hasMessageContaining("hello: include sid hello_1.0-2_source.changes: pool/main/h/hello/hello_1.0.orig.tar.gz"
                        + " is already in the pool with different content");
        assertThat(entries(repo.list("sid"))).isEqualTo(before);
        assertThat(pool(repo)).isEqualTo(pool);
        repo.check();
    }

    @Test
    void missingAndCorruptFilesAreRefusedAndNothingChanges() throws Exception {
        RepreproRepository repo = repository();
        PackageFixture.Built missing = hello("1.0-1").build();
        Files.delete(missing.file(".debian.tar.xz"));
        assertThatThrownBy(() -> repo.include("sid", missing.changes()))
                .isInstanceOfSatisfying(RepreproException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MISSING_FILE))
                .hasMessageContaining("hello: include sid").hasMessageContaining("missing file")
                .hasMessageContaining("hello_1.0-1.debian.tar.xz");
        PackageFixture.Built missingDeb = hello("1.0-1").build();
        Files.delete(missingDeb.file("_amd64.deb"));
        assertThatThrownBy(() -> repo.include("sid", missingDeb.changes()))
                .isInstanceOfSatisfying(RepreproException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MISSING_FILE))
                .hasMessageContaining("hello_1.0-1_amd64.deb");
        PackageFixture.Built corrupt = hello("1.0-1").build();
        Files.writeString(corrupt.file(".debian.tar.xz"), "not a tarball");
        assertThatThrownBy(() -> repo.include("sid", corrupt.changes()))
                .isInstanceOfSatisfying(RepreproException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CHECKSUM_MISMATCH))
                .hasMessageContaining("hello_1.0-1.debian.tar.xz does not match");
        assertThat(repo.list("sid")).isEmpty();
        assertThat(pool(repo)).isEmpty();
    }

    @Test
    void unknownDistributionsAndArchitecturesAreRefused() throws Exception {
        RepreproRepository repo = repository();
        PackageFixture.Built built = hello("1.0-1").build();
        assertThatThrownBy(() -> repo.include("experimental", built.changes()))
                .isInstanceOfSatisfying(RepreproException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_DISTRIBUTION))
                .hasMessageContaining("hello: unknown distribution 'experimental'");
        assertThatThrownBy(() -> repo.include("trixie", built.changes()))
                .isInstanceOfSatisfying(RepreproException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_DISTRIBUTION))
                .hasMessageContaining("is for [unstable], not trixie (testing)");
        PackageFixture.Built riscv = PackageFixture.of(dir.resolve("r"), "hello", "1.0-1").binary("hello", "riscv64").build();
        assertThatThrownBy(() -> repo.include("sid", riscv.changes()))
                .isInstanceOfSatisfying(RepreproException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.WRONG_ARCHITECTURE);
                    assertThat(e.packageName()).isEqualTo("hello");
                })
                .hasMessageContaining("hello_1.0-1_riscv64.deb is for riscv64, which sid does not have");
        assertThat(pool(repo)).isEmpty();
    }

    @Test
    void repreprosOwnErrorsAreClassified() throws Exception {
        // The typed errors also read reprepro's words, for what reaches reprepro (a foreign caller, a race).
        RepreproRepository repo = repository();
        PackageFixture.Built built = hello("1.0-1").build();
        ExecResult r = LocalExec.run(repo.commands().include("nosuch", built.changes()), Duration.ofMinutes(1));
        assertThat(r.exitCode()).isNotZero();
        assertThat(RepreproException.from("include", "hello", r.stderr()).reason()).isEqualTo(Reason.UNKNOWN_DISTRIBUTION);
        r = LocalExec.run(repo.commands().include("trixie", built.changes()), Duration.ofMinutes(1));
        assertThat(RepreproException.from("include", "hello", r.stderr()).reason()).isEqualTo(Reason.WRONG_DISTRIBUTION);
        repo.include("sid", built.changes());
        r = LocalExec.run(repo.commands().include("sid", hello("1.0-0").build().changes()), Duration.ofMinutes(1));
        assertThat(r.exitCode()).isZero();
        RepreproException skipped = RepreproException.from("include", "hello", r.stderr());
        assertThat(skipped.reason()).isEqualTo(Reason.VERSION_NOT_NEWER);
        assertThat(skipped.getMessage()).contains("version 1.0-0 is not newer than 1.0-1 in sid|main|");
    }

    @Test
    void includeDebAndIncludeDscPublishSingleFiles() throws Exception {
        RepreproRepository repo = repository();
        PackageFixture.Built built = hello("1.0-1").build();
        PublishResult dsc = repo.includeDsc("sid", built.dsc(), null, "devel", "optional");
        assertThat(entries(dsc.packages())).containsExactly("sid|main|source hello 1.0-1");
        PublishResult deb = repo.includeDeb("sid", built.file("hello-doc_1.0-1_all.deb"), "contrib", null, null);
        assertThat(deb.source()).isEqualTo("hello");
        assertThat(deb.architectures()).containsExactly("all");
        assertThat(entries(deb.packages())).containsExactly("sid|contrib|amd64 hello-doc 1.0-1", "sid|contrib|arm64 hello-doc 1.0-1");
        assertThat(repo.includeDeb("sid", built.file("hello-doc_1.0-1_all.deb"), "contrib", null, null).alreadyPresent()).isTrue();
    }

    @Test
    void removeSourceTakesItsBinariesAlong() throws Exception {
        RepreproRepository repo = repository();
        repo.include("sid", hello("1.0-1").build().changes());
        repo.include("sid", PackageFixture.of(dir.resolve("w"), "world", "2.0-1").build().changes());

        List<PackageRecord> removed = repo.removeSource("sid", "hello", null);

        assertThat(entries(removed)).hasSize(4);
        assertThat(entries(repo.list("sid"))).containsExactly("sid|main|source world 2.0-1");
        assertThat(pool(repo)).allMatch(f -> f.startsWith("main/w/world/"));
        assertThatThrownBy(() -> repo.removeSource("sid", "hello", null))
                .isInstanceOfSatisfying(RepreproException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
                .hasMessageContaining("hello is not in sid");
        assertThatThrownBy(() -> repo.removeSource("sid", "world", "1.0-1"))
                .isInstanceOfSatisfying(RepreproException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
        assertThatThrownBy(() -> repo.removeSource("sid", "-rf", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void copySourceMigratesBetweenSuitesAndRefusesDowngrades() throws Exception {
        RepreproRepository repo = repository();
        repo.include("sid", hello("1.0-1").build().changes());
        List<PackageRecord> migrated = repo.copySource("testing", "unstable", "hello");
        assertThat(entries(migrated)).containsExactly("trixie|main|amd64 hello 1.0-1", "trixie|main|amd64 hello-doc 1.0-1",
                "trixie|main|arm64 hello-doc 1.0-1", "trixie|main|source hello 1.0-1");

        repo.include("sid", hello("1.0-2").withoutOrig().build().changes());
        repo.copySource("trixie", "sid", "hello");
        assertThat(repo.sourceVersion("trixie", "hello")).contains(DebianVersion.parse("1.0-2"));
        repo.removeSource("sid", "hello", null);
        repo.include("sid", hello("1.0-1").build().changes());
        assertThatThrownBy(() -> repo.copySource("trixie", "sid", "hello"))
                .isInstanceOfSatisfying(RepreproException.class, e -> assertThat(e.reason()).isEqualTo(Reason.VERSION_NOT_NEWER))
                .hasMessageContaining("would downgrade trixie|main|");
        assertThat(repo.sourceVersion("trixie", "hello")).contains(DebianVersion.parse("1.0-2"));
        assertThatThrownBy(() -> repo.copySource("trixie", "sid", "nosuch"))
                .isInstanceOfSatisfying(RepreproException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));

        repo.removeSource("trixie", "hello", null);
        assertThat(entries(repo.copy("trixie", "sid", List.of("hello-doc"))))
                .containsExactly("trixie|main|amd64 hello-doc 1.0-1", "trixie|main|arm64 hello-doc 1.0-1");
    }

    @Test
    void reprepros_lockIsWaitedForThenReportedClearly() throws Exception {
        RepreproRepository repo = repository().withLockWait(Duration.ofSeconds(1));
        Path lockfile = repo.base().resolve("db/lockfile");
        Files.writeString(lockfile, "");
        long start = System.nanoTime();
        assertThatThrownBy(() -> repo.list("sid"))
                .isInstanceOfSatisfying(RepreproException.class, e -> assertThat(e.reason()).isEqualTo(Reason.LOCKED))
                .hasMessageContaining("db/lockfile exists").hasMessageContaining("gave up after 1 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));

        // A lock released within the wait is simply waited for.
        RepreproRepository patient = repo.withLockWait(Duration.ofSeconds(20));
        Thread release = new Thread(() -> {
            try {
                Thread.sleep(700);
                Files.delete(lockfile);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        release.start();
        PublishResult r = patient.include("sid", hello("1.0-1").build().changes());
        release.join();
        assertThat(r.packages()).hasSize(4);
    }

    @Test
    void concurrentPublishersAreSerialised() throws Exception {
        RepreproRepository repo = repository().withLockWait(Duration.ofSeconds(60));
        List<PackageFixture.Built> uploads = List.of(
                PackageFixture.of(dir.resolve("c1"), "alpha", "1.0-1").build(),
                PackageFixture.of(dir.resolve("c2"), "beta", "1.0-1").build(),
                PackageFixture.of(dir.resolve("c3"), "gamma", "1.0-1").build(),
                PackageFixture.of(dir.resolve("c4"), "delta", "1.0-1").build());
        RepreproRepository second = RepreproRepository.open(repo.base(), archive).withLockWait(Duration.ofSeconds(60));
        List<Thread> threads = uploads.stream().map(u -> new Thread(() -> {
            try {
                (u.changes().toString().contains("c1") || u.changes().toString().contains("c3") ? repo : second)
                        .include("sid", u.changes());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        })).toList();
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertThat(repo.list("sid")).extracting(PackageRecord::name).containsExactlyInAnyOrder("alpha", "beta", "gamma", "delta");
    }

    @Test
    void checkFindsAMissingPoolFileAndExportRestoresIndices() throws Exception {
        RepreproRepository repo = repository();
        repo.include("sid", hello("1.0-1").build().changes());
        repo.check();
        Path deb = repo.base().resolve("pool/main/h/hello/hello_1.0-1_amd64.deb");
        byte[] saved = Files.readAllBytes(deb);
        Files.delete(deb);
        assertThatThrownBy(repo::check)
                .isInstanceOfSatisfying(RepreproException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CHECK_FAILED))
                .hasMessageContaining("hello_1.0-1_amd64.deb");
        Files.write(deb, saved);
        repo.check();

        Path packages = repo.base().resolve("dists/sid/main/binary-amd64/Packages");
        Files.delete(packages);
        repo.export("unstable");
        assertThat(packages).content().contains("Package: hello\n");
    }

    @Test
    void configurationIsValidatedAndReadBack() throws Exception {
        assertThatThrownBy(() -> SuiteConfig.of("sid", null, List.of("amd64", "source"), List.of("main")))
                .hasMessageContaining("'source' is not a binary architecture");
        assertThatThrownBy(() -> SuiteConfig.of("sid\nSignWith: x", null, List.of("amd64"), List.of("main")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SuiteConfig.of("sid", null, List.of("amd64"), List.of("main")).withDescription("a\nUpdate: x"))
                .hasMessageContaining("Description must be one line");
        assertThatThrownBy(() -> SuiteConfig.of("sid", null, List.of("amd64"), List.of("main")).withSignWith("yes"))
                .hasMessageContaining("SignWith must be a key id");
        assertThatThrownBy(() -> SuiteConfig.of("sid", null, List.of("amd64"), List.of("main")).withTracking(List.of("includechanges")))
                .hasMessageContaining("Tracking needs exactly one of");
        assertThatThrownBy(() -> RepreproRepository.create(dir.resolve("x"),
                List.of(SuiteConfig.of("sid", null, List.of("amd64"), List.of("main")).withSignWith(archiveKey)), null))
                .hasMessageContaining("has no GnuPG home");
        assertThatThrownBy(() -> RepreproRepository.create(dir.resolve("x"), List.of(
                SuiteConfig.of("sid", "unstable", List.of("amd64"), List.of("main")),
                SuiteConfig.of("unstable", null, List.of("amd64"), List.of("main"))), null))
                .hasMessageContaining("used twice");

        SuiteConfig tracked = SuiteConfig.of("sid", "unstable", List.of("amd64"), List.of("main"))
                .withTracking(List.of("minimal", "includechanges")).withSignWith(archiveKey);
        RepreproRepository repo = RepreproRepository.create(dir.resolve("tracked"), List.of(tracked), archive);
        assertThat(RepreproRepository.open(repo.base(), archive).suites()).containsExactly(tracked);
        PackageFixture.Built built = PackageFixture.of(dir, "hello", "1.0-1").binary("hello", "amd64").build();
        repo.include("unstable", built.changes());
        // Tracking includechanges keeps the .changes in the pool, which shows reprepro read the option.
        assertThat(pool(repo)).anyMatch(f -> f.startsWith("main/h/hello/hello_1.0-1_") && f.endsWith(".changes"));
    }
}
