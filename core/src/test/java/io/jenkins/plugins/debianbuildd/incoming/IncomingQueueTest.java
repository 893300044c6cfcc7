package io.jenkins.plugins.debianbuildd.incoming;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.debianbuildd.archive.BuildScope;
import io.jenkins.plugins.debianbuildd.exec.ExecResult;
import io.jenkins.plugins.debianbuildd.repo.RepreproRepository;
import io.jenkins.plugins.debianbuildd.testsupport.PackageFixture;
import io.jenkins.plugins.debianbuildd.testsupport.PrivateApt;
import io.jenkins.plugins.debianbuildd.version.DebianVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Accepted uploads, uploads still arriving, shared files, concurrent processors: real gpgv, reprepro and apt. */
class IncomingQueueTest extends IncomingTestBase {

    @Test
    void aSignedSourceUploadIsPublishedAndHandedOverWithItsBuildPlan() throws Exception {
        PackageFixture.Built b = upload(source("hello", "1.0-1").build());
        Map<String, String> uploaded = contents(incoming());

        ProcessReport report = queue().processOnce();

        assertThat(report.busy()).isFalse();
        ProcessReport.Outcome o = report.outcomes().get(0);
        assertThat(report.outcomes()).hasSize(1);
        assertThat(o.status()).as(o.message()).isEqualTo(ProcessReport.Status.ACCEPTED);
        assertThat(o.message()).isEqualTo("hello 1.0-1 published to sid");
        assertThat(o.location()).isEqualTo(config.accepted().resolve(o.uploadId()));
        assertThat(contents(o.location())).isEqualTo(uploaded);
        assertThat(names(incoming())).isEmpty();
        assertThat(names(config.work())).isEmpty();

        assertThat(handled).singleElement().satisfies(u -> {
            assertThat(u.uploadId()).isEqualTo(o.uploadId());
            assertThat(u.changesName()).isEqualTo(b.changes().getFileName().toString());
            assertThat(u.suite()).isEqualTo("sid");
            assertThat(u.distribution()).isEqualTo("unstable");
            assertThat(u.source()).isEqualTo("hello");
            assertThat(u.version()).isEqualTo(DebianVersion.parse("1.0-1"));
            assertThat(u.architecture()).containsExactly("any", "all");
            assertThat(u.uploadedArchitectures()).containsExactly("source");
            assertThat(u.component()).isEqualTo("main");
            assertThat(u.section()).isEqualTo("devel");
            assertThat(u.priority()).isEqualTo("optional");
            assertThat(u.maintainer()).isEqualTo("Test Maintainer <maint@example.org>");
            assertThat(u.signer()).isEqualTo(uploaderKey);
            assertThat(u.plan()).containsExactly(Map.entry("amd64", BuildScope.ARCH_DEPENDENT),
                    Map.entry("arm64", BuildScope.ARCH_DEPENDENT));
            assertThat(u.buildArchitectures()).containsExactly("amd64", "arm64");
            assertThat(u.published().includesSource()).isTrue();
            assertThat(u.published().packages()).singleElement().satisfies(r -> {
                assertThat(r.target()).isEqualTo("sid|main|source");
                assertThat(r.fileKey()).isEqualTo("pool/main/h/hello/hello_1.0-1.dsc");
            });
        });
        assertThat(repo.sourceVersion("unstable", "hello")).contains(DebianVersion.parse("1.0-1"));

        // apt sees the source through the signed repository.
        PrivateApt apt = new PrivateApt(dir.resolve("apt"), "amd64");
        apt.sources("deb-src [signed-by=" + repo.base().resolve(RepreproRepository.KEYRING) + "] file:" + repo.base() + " unstable main");
        ExecResult update = apt.update();
        assertThat(update.exitCode()).as(update.stdout() + update.stderr()).isZero();
        assertThat(apt.showsrc("hello")).contains("Package: hello\n").contains("Version: 1.0-1\n");

        // Nothing is processed twice.
        assertThat(queue().processOnce().outcomes()).isEmpty();
        assertThat(handled).hasSize(1);
    }

    @Test
    void archAllOnlyBuildsOnTheDesignatedArchitectureAndANewRevisionFindsItsOrigInThePool() throws Exception {
        config = config.withArchAllArchitecture("sid", "arm64");
        upload(source("hello", "1.0-1").architecture("all").build());
        assertThat(queue().processOnce().with(ProcessReport.Status.ACCEPTED)).hasSize(1);
        assertThat(handled.get(0).plan()).containsExactly(Map.entry("amd64", BuildScope.AUTO_NOT_FOR_US),
                Map.entry("arm64", BuildScope.ARCH_ALL_ONLY));
        assertThat(handled.get(0).buildArchitectures()).containsExactly("arm64");

        // -sd: the .orig.tar.gz is not uploaded again; the .dsc's copy in the pool is checked instead.
        upload(source("hello", "1.0-2").architecture("all").withoutOrig().build());
        ProcessReport.Outcome second = queue().processOnce().outcomes().get(0);
        assertThat(second.status()).as(second.message()).isEqualTo(ProcessReport.Status.ACCEPTED);
        assertThat(repo.sourceVersion("sid", "hello")).contains(DebianVersion.parse("1.0-2"));
    }

    @Test
    void aSourcefulUploadWithBinariesPublishesThemToo() throws Exception {
        upload(PackageFixture.of(dir.resolve("b"), "hello", "1.0-1").binary("hello", "amd64").binary("hello-doc", "all")
                .signedBy(uploader, uploaderKey).distribution("testing").build());
        ProcessReport.Outcome o = queue().processOnce().outcomes().get(0);
        assertThat(o.status()).as(o.message()).isEqualTo(ProcessReport.Status.ACCEPTED);
        AcceptedUpload u = handled.get(0);
        assertThat(u.suite()).isEqualTo("trixie");
        assertThat(u.uploadedArchitectures()).containsExactlyInAnyOrder("source", "amd64", "all");
        assertThat(u.published().binaries()).extracting(r -> r.target() + " " + r.name())
                .containsExactlyInAnyOrder("trixie|main|amd64 hello", "trixie|main|amd64 hello-doc", "trixie|main|arm64 hello-doc");
    }

    @Test
    void anIncompleteUploadWaitsThenCompletes() throws Exception {
        PackageFixture.Built b = source("hello", "1.0-1").build();
        Files.createDirectories(incoming());
        // The .changes first (dupload's order may differ from dput's), the tarball half written.
        Files.copy(b.changes(), incoming().resolve(b.changes().getFileName()));
        Files.copy(b.dsc(), incoming().resolve(b.dsc().getFileName()));
        Path orig = b.file(".orig.tar.gz");
        byte[] half = java.util.Arrays.copyOf(Files.readAllBytes(orig), (int) Files.size(orig) / 2);
        Files.write(incoming().resolve(orig.getFileName()), half);

        ProcessReport first = queue().processOnce();
        assertThat(first.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(ProcessReport.Status.WAITING);
            assertThat(o.uploadId()).isNull();
            assertThat(o.message()).contains("is still arriving");
        });
        Files.copy(orig, incoming().resolve(orig.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ProcessReport second = queue().processOnce();
        assertThat(second.outcomes()).singleElement().satisfies(o ->
                assertThat(o.message()).contains("hello_1.0-1.debian.tar.xz has not arrived"));
        assertThat(names(incoming())).hasSize(3);

        Files.copy(b.file(".debian.tar.xz"), incoming().resolve(b.file(".debian.tar.xz").getFileName()));
        assertThat(queue().processOnce().with(ProcessReport.Status.ACCEPTED)).hasSize(1);
        assertThat(handled).hasSize(1);
    }

    @Test
    void aChangesStillBeingWrittenWaitsAndTimesOutAsMalformed() throws Exception {
        PackageFixture.Built b = source("hello", "1.0-1").build();
        Files.createDirectories(incoming());
        String full = Files.readString(b.changes());
        Path partial = incoming().resolve(b.changes().getFileName());
        Files.writeString(partial, full.substring(0, full.length() / 2));
        assertThat(queue().processOnce().outcomes()).singleElement()
                .satisfies(o -> assertThat(o.status()).isEqualTo(ProcessReport.Status.WAITING));
        Files.writeString(partial, full.substring(0, 20));
        assertThat(queue().processOnce().outcomes()).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(ProcessReport.Status.WAITING);
            assertThat(o.message()).contains("is still being written");
        });

        Files.writeString(partial, full.substring(0, full.length() / 2));
        Files.setLastModifiedTime(partial, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        ProcessReport.Outcome o = queue().processOnce().outcomes().get(0);
        assertThat(o.status()).isEqualTo(ProcessReport.Status.REJECTED);
        assertThat(o.reason()).isEqualTo(RejectReason.MALFORMED);
        assertThat(o.location().resolve(partial.getFileName())).hasContent(full.substring(0, full.length() / 2));
    }

    @Test
    void aFileTwoPendingUploadsListIsLeftForTheSecond() throws Exception {
        // A full build (source + amd64) and the source-only upload of the same version share every source file.
        PackageFixture.Built full = PackageFixture.of(dir.resolve("f"), "hello", "1.0-1").binary("hello", "amd64")
                .signedBy(uploader, uploaderKey).build();
        PackageFixture.Built src = PackageFixture.of(dir.resolve("f"), "hello", "1.0-1").architecture("any")
                .signedBy(uploader, uploaderKey).build();
        // Same sources, built twice: make the second upload list the very same files.
        upload(full);
        Map<String, String> fullFiles = contents(full.all());
        Files.copy(src.changes(), incoming().resolve(src.changes().getFileName()));

        ProcessReport report = queue().processOnce();

        assertThat(report.outcomes()).extracting(ProcessReport.Outcome::status)
                .containsExactly(ProcessReport.Status.ACCEPTED, ProcessReport.Status.REJECTED);
        assertThat(contents(report.outcomes().get(0).location())).isEqualTo(fullFiles);
        ProcessReport.Outcome second = report.outcomes().get(1);
        assertThat(second.reason()).as(second.message()).isIn(RejectReason.VERSION_NOT_NEWER, RejectReason.MISSING_FILE,
                RejectReason.CHECKSUM_MISMATCH, RejectReason.SIZE_MISMATCH);
        // The source-only upload kept its own copies of the shared files: it is complete in rejected/.
        assertThat(names(second.location())).contains("hello_1.0-1.dsc", "hello_1.0.orig.tar.gz", "hello_1.0-1.debian.tar.xz");
        assertThat(names(incoming())).isEmpty();
    }

    @Test
    void concurrentProcessorsNeverHandleAnUploadTwice() throws Exception {
        List<String> sources = List.of("alpha", "beta", "gamma", "delta", "epsilon", "zeta");
        for (String s : sources) {
            upload(source(s, "1.0-1").build());
        }
        AtomicInteger busy = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < 3; t++) {
            // Separate queue objects, as separate daemons would have.
            IncomingQueue q = new IncomingQueue(config.withLockWait(Duration.ofMillis(50)), repo, handled::add);
            threads.add(new Thread(() -> {
                try {
                    for (int i = 0; i < 20 && handled.size() < sources.size(); i++) {
                        if (q.processOnce().busy()) {
                            busy.incrementAndGet();
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();
        assertThat(handled).extracting(AcceptedUpload::source).containsExactlyInAnyOrderElementsOf(sources);
        assertThat(names(config.accepted())).hasSize(sources.size());
        assertThat(names(incoming())).isEmpty();
        assertThat(names(config.work())).isEmpty();
        assertThat(busy.get()).as("the processors met at the lock").isPositive();
    }

    @Test
    void aFailingHandlerLeavesTheUploadPublishedAndIsRetried() throws Exception {
        upload(source("hello", "1.0-1").build());
        AtomicInteger calls = new AtomicInteger();
        IncomingQueue failing = new IncomingQueue(config, repo, u -> {
            calls.incrementAndGet();
            throw new IllegalStateException("store unavailable");
        });
        ProcessReport.Outcome o = failing.processOnce().outcomes().get(0);
        assertThat(o.status()).isEqualTo(ProcessReport.Status.DEFERRED);
        assertThat(o.message()).contains("store unavailable");
        assertThat(repo.sourceVersion("sid", "hello")).isPresent();
        assertThat(names(config.work())).hasSize(1);

        ProcessReport retry = queue().processOnce();
        assertThat(retry.with(ProcessReport.Status.ACCEPTED)).singleElement()
                .satisfies(a -> assertThat(a.uploadId()).isEqualTo(o.uploadId()));
        assertThat(handled).singleElement().satisfies(u -> assertThat(u.published().packages()).hasSize(1));
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void aLockedRepositoryDefersTheUpload() throws Exception {
        upload(source("hello", "1.0-1").build());
        Path lockfile = repo.base().resolve("db/lockfile");
        Files.writeString(lockfile, "");
        IncomingQueue q = new IncomingQueue(config, repo.withLockWait(Duration.ofMillis(300)), handled::add);
        ProcessReport.Outcome o = q.processOnce().outcomes().get(0);
        assertThat(o.status()).isEqualTo(ProcessReport.Status.DEFERRED);
        assertThat(o.message()).contains("db/lockfile exists");
        Files.delete(lockfile);
        assertThat(q.processOnce().with(ProcessReport.Status.ACCEPTED)).hasSize(1);
    }
}
