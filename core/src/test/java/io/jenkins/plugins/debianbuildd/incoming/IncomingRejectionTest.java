package io.jenkins.plugins.debianbuildd.incoming;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.debianbuildd.testsupport.PackageFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every rejection reason, each with a hostile or broken upload built from a real one; every rejected upload
 * is in rejected/ with all its files unchanged and a reason file, nothing is published, nothing is left behind.
 */
class IncomingRejectionTest extends IncomingTestBase {

    private Map<String, String> uploaded() throws Exception {
        return contents(incoming());
    }

    private Map<String, String> snapshot;

    private ProcessReport process() throws Exception {
        snapshot = uploaded();
        return queue().processOnce();
    }

    @Test
    void unsignedIsRejectedWithAllItsFiles() throws Exception {
        upload(PackageFixture.of(dir.resolve("b"), "hello", "1.0-1").architecture("any all").build());
        ProcessReport.Outcome o = assertRejected(process(), RejectReason.UNSIGNED, snapshot);
        assertThat(o.message()).contains("hello_1.0-1_source.changes is not signed");
        assertThat(names(o.location())).contains("hello_1.0-1_source.changes", "hello_1.0-1.dsc", "hello_1.0.orig.tar.gz",
                "hello_1.0-1.debian.tar.xz", "hello_1.0-1_source.changes.reason");
    }

    @Test
    void badSignature() throws Exception {
        PackageFixture.Built b = upload(source("hello", "1.0-1").build());
        Path changes = incoming().resolve(b.changes().getFileName());
        Files.writeString(changes, Files.readString(changes).replace("Urgency: medium", "Urgency: high"));
        ProcessReport.Outcome o = assertRejected(process(), RejectReason.BAD_SIGNATURE, snapshot);
        assertThat(o.message()).contains("BAD signature");
    }

    @Test
    void unknownKey() throws Exception {
        upload(source("hello", "1.0-1").signedBy(stranger, strangerKey).build());
        ProcessReport.Outcome o = assertRejected(process(), RejectReason.UNKNOWN_KEY, snapshot);
        assertThat(o.message()).contains("not in the keyring");
    }

    @Test
    void missingFileAfterTheTimeout() throws Exception {
        PackageFixture.Built b = upload(source("hello", "1.0-1").build());
        Files.delete(incoming().resolve("hello_1.0-1.debian.tar.xz"));
        for (Path f : Files.list(incoming()).toList()) {
            Files.setLastModifiedTime(f, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        }
        ProcessReport.Outcome o = assertRejected(process(), RejectReason.MISSING_FILE, snapshot);
        assertThat(o.message()).contains("hello_1.0-1.debian.tar.xz is listed in " + b.changes().getFileName()
                + " but was not uploaded");
    }

    @Test
    void wrongSizeIsRejectedAtOnce() throws Exception {
        // Larger than listed cannot be an upload still arriving: no waiting, even with the 30 minute timeout.
        upload(source("hello", "1.0-1").build());
        Path tar = incoming().resolve("hello_1.0-1.debian.tar.xz");
        Files.writeString(tar, Files.readString(tar, java.nio.charset.StandardCharsets.ISO_8859_1) + "extra",
                java.nio.charset.StandardCharsets.ISO_8859_1);
        ProcessReport.Outcome o = assertRejected(process(), RejectReason.SIZE_MISMATCH, snapshot);
        assertThat(o.message()).contains("hello_1.0-1.debian.tar.xz has").contains("lists");
    }

    @Test
    void wrongSha256() throws Exception {
        upload(source("hello", "1.0-1").build());
        Path orig = incoming().resolve("hello_1.0.orig.tar.gz");
        byte[] b = Files.readAllBytes(orig);
        b[b.length - 1] ^= 1;
        Files.write(orig, b);
        ProcessReport.Outcome o = assertRejected(process(), RejectReason.CHECKSUM_MISMATCH, snapshot);
        assertThat(o.message()).contains("hello_1.0.orig.tar.gz has SHA-256");
    }

    private void hostileName(String name) throws Exception {
        PackageFixture.Built b = upload(source("hello", "1.0-1").build());
        String sha = "0".repeat(64);
        resign(incoming().resolve(b.changes().getFileName()), uploader, uploaderKey, text -> text
                .replace("Checksums-Sha256:\n", "Checksums-Sha256:\n " + sha + " 4 " + name + "\n")
                .replace("Files:\n", "Files:\n " + "0".repeat(32) + " 4 devel optional " + name + "\n")
                .replace("Checksums-Sha1:\n", "Checksums-Sha1:\n " + "0".repeat(40) + " 4 " + name + "\n"));
        ProcessReport.Outcome o = assertRejected(process(), RejectReason.UNSAFE_FILE_NAME, snapshot);
        assertThat(o.message()).contains("unsafe file name '" + name + "'");
    }

    @Test
    void parentDirectoryName() throws Exception {
        // A file the hostile name points at, next to incoming/: it must stay where it is.
        Path victim = config.root().resolve("x");
        Files.createDirectories(config.root());
        Files.writeString(victim, "keep");
        hostileName("../x");
        assertThat(victim).hasContent("keep");
    }

    @Test
    void leadingDashName() throws Exception {
        Files.createDirectories(incoming());
        hostileName("-x");
    }

    @Test
    void absoluteName() throws Exception {
        Path victim = dir.resolve("victim");
        Files.writeString(victim, "keep");
        hostileName(victim.toString());
        assertThat(victim).hasContent("keep");
    }

    @Test
    void aSymbolicLinkIsNeverFollowed() throws Exception {
        Path secret = dir.resolve("secret");
        Files.writeString(secret, "not for the archive");
        upload(source("hello", "1.0-1").build());
        Path tar = incoming().resolve("hello_1.0-1.debian.tar.xz");
        Files.delete(tar);
        Files.createSymbolicLink(tar, secret);
        ProcessReport.Outcome o = assertRejected(process(), RejectReason.MISSING_FILE, snapshot);
        assertThat(o.message()).contains("not uploaded as a regular file");
        assertThat(Files.isSymbolicLink(o.location().resolve("hello_1.0-1.debian.tar.xz"))).isTrue();
        assertThat(secret).hasContent("not for the archive");
    }

    @Test
    void aSymbolicLinkAsChangesIsMovedNotFollowed() throws Exception {
        PackageFixture.Built b = source("hello", "1.0-1").build();
        Files.createDirectories(incoming());
        Files.createSymbolicLink(incoming().resolve("hello_1.0-1_source.changes"), b.changes());
        ProcessReport.Outcome o = assertRejected(process(), RejectReason.MALFORMED, snapshot);
        assertThat(o.message()).contains("not a regular file");
        assertThat(b.changes()).exists();
    }

    @Test
    void aChangesWithAHostileNameOfItsOwn() throws Exception {
        PackageFixture.Built b = source("hello", "1.0-1").build();
        Files.createDirectories(incoming());
        Files.copy(b.changes(), incoming().resolve("-rf.changes"));
        ProcessReport report = process();
        assertThat(report.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.reason()).isEqualTo(RejectReason.UNSAFE_FILE_NAME);
            assertThat(o.uploadId()).startsWith("rf-");
            assertThat(o.location().resolve("-rf.changes")).hasSameBinaryContentAs(b.changes());
            assertThat(o.location().resolve("upload.changes.reason")).content().contains("Changes: -rf.changes");
        });
        assertThat(names(incoming())).isEmpty();
    }

    @Test
    void unknownDistribution() throws Exception {
        upload(source("hello", "1.0-1").distribution("experimental").build());
        ProcessReport.Outcome o = assertRejected(process(), RejectReason.UNKNOWN_DISTRIBUTION, snapshot);
        assertThat(o.message()).contains("unknown distribution 'experimental'").contains("sid/unstable");
    }

    @Test
    void binaryOnlyUploadHasNoSource() throws Exception {
        upload(PackageFixture.of(dir.resolve("b"), "hello", "1.0-1").binary("hello", "amd64").binaryOnly()
                .signedBy(uploader, uploaderKey).build());
        ProcessReport.Outcome o = assertRejected(process(), RejectReason.NO_SOURCE, snapshot);
        assertThat(o.message()).contains("not a sourceful upload");
    }

    @Test
    void versionNotNewer() throws Exception {
        repo.include("sid", PackageFixture.of(dir.resolve("p"), "hello", "1.0-2").build().changes());
        upload(source("hello", "1.0-1").build());
        snapshot = uploaded();
        ProcessReport report = queue().processOnce();
        ProcessReport.Outcome o = report.outcomes().get(0);
        assertThat(o.reason()).isEqualTo(RejectReason.VERSION_NOT_NEWER);
        assertThat(o.message()).isEqualTo("hello 1.0-1 is not newer than 1.0-2 in sid");
        assertThat(contents(o.location())).isEqualTo(snapshot);
        assertThat(repo.sourceVersion("sid", "hello")).map(Object::toString).contains("1.0-2");

        // The same version again is not newer either.
        upload(source("hello", "1.0-2").orig("x\n").build());
        assertThat(queue().processOnce().outcomes().get(0).reason()).isEqualTo(RejectReason.VERSION_NOT_NEWER);
        assertThat(handled).isEmpty();
    }

    @Test
    void dscUnsigned() throws Exception {
        upload(source("hello", "1.0-1").unsignedDsc().build());
        ProcessReport.Outcome o = assertRejected(process(), RejectReason.DSC_UNSIGNED, snapshot);
        assertThat(o.message()).contains("hello_1.0-1.dsc is not signed");
    }

    @Test
    void dscSignedByAStranger() throws Exception {
        PackageFixture.Built b = upload(source("hello", "1.0-1").build());
        Path dsc = incoming().resolve("hello_1.0-1.dsc");
        resign(dsc, stranger, strangerKey, t -> t);
        resign(incoming().resolve(b.changes().getFileName()), uploader, uploaderKey, t -> {
            try {
                return refresh(t, dsc);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        ProcessReport.Outcome o = assertRejected(process(), RejectReason.DSC_BAD_SIGNATURE, snapshot);
        assertThat(o.message()).contains("hello_1.0-1.dsc").contains("not in the keyring");
    }

    @Test
    void dscWithAnotherVersion() throws Exception {
        dscEdited(t -> t.replace("Version: 1.0-1", "Version: 1.0-9"), "has version '1.0-9', the .changes 1.0-1");
    }

    @Test
    void dscListingAFileWithOtherChecksums() throws Exception {
        dscEdited(t -> t.replaceAll("(?m)^ [0-9a-f]{64} (\\d+) hello_1.0-1.debian.tar.xz$", " " + "a".repeat(64)
                + " $1 hello_1.0-1.debian.tar.xz"), "lists hello_1.0-1.debian.tar.xz with size");
    }

    @Test
    void dscListingAHostileName() throws Exception {
        dscEdited(t -> t.replaceAll("(?m) hello_1.0-1.debian.tar.xz$", " ../hello_1.0-1.debian.tar.xz"), "unsafe file name",
                RejectReason.UNSAFE_FILE_NAME);
    }

    private void dscEdited(java.util.function.UnaryOperator<String> edit, String message) throws Exception {
        dscEdited(edit, message, RejectReason.DSC_INCONSISTENT);
    }

    private void dscEdited(java.util.function.UnaryOperator<String> edit, String message, RejectReason reason) throws Exception {
        PackageFixture.Built b = upload(source("hello", "1.0-1").build());
        Path dsc = incoming().resolve("hello_1.0-1.dsc");
        resign(dsc, uploader, uploaderKey, edit);
        resign(incoming().resolve(b.changes().getFileName()), uploader, uploaderKey, t -> {
            try {
                return refresh(t, dsc);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        ProcessReport.Outcome o = assertRejected(process(), reason, snapshot);
        assertThat(o.message()).contains(message);
    }

    @Test
    void dscListingAnOrigThatIsNeitherUploadedNorArchived() throws Exception {
        upload(source("hello", "1.0-1").withoutOrig().build());
        ProcessReport.Outcome o = assertRejected(process(), RejectReason.DSC_INCONSISTENT, snapshot);
        assertThat(o.message()).isEqualTo("hello_1.0-1.dsc lists hello_1.0.orig.tar.gz, which is neither in the upload nor in the archive");
    }

    @Test
    void theRepositoryRefusingARebuiltOrig() throws Exception {
        repo.include("sid", PackageFixture.of(dir.resolve("p"), "hello", "1.0-1").build().changes());
        upload(source("hello", "1.0-2").orig("rebuilt upstream\n").build());
        snapshot = uploaded();
        ProcessReport.Outcome o = queue().processOnce().outcomes().get(0);
        assertThat(o.reason()).isEqualTo(RejectReason.REPOSITORY_REFUSED);
        assertThat(o.message()).contains("hello_1.0.orig.tar.gz is already in the pool with different content");
        assertThat(contents(o.location())).isEqualTo(snapshot);
        assertThat(repo.sourceVersion("sid", "hello")).map(Object::toString).contains("1.0-1");
        assertThat(names(config.work())).isEmpty();
        assertThat(handled).isEmpty();
    }

    @Test
    void malformedChanges() throws Exception {
        PackageFixture.Built b = upload(source("hello", "1.0-1").build());
        resign(incoming().resolve(b.changes().getFileName()), uploader, uploaderKey,
                t -> t.replace("Version: 1.0-1", "Version: 1.0-1 !bad"));
        ProcessReport.Outcome o = assertRejected(process(), RejectReason.MALFORMED, snapshot);
        assertThat(o.message()).contains("invalid version");
    }

    @Test
    void strayFilesAreMovedAsideAfterTheTimeout() throws Exception {
        Files.createDirectories(incoming());
        Path old = Files.writeString(incoming().resolve("leftover.tar.gz"), "old");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Files.writeString(incoming().resolve("fresh.tar.gz"), "new");
        ProcessReport report = queue().processOnce();
        assertThat(report.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.reason()).isEqualTo(RejectReason.STRAY_FILE);
            assertThat(o.location().resolve("leftover.tar.gz")).hasContent("old");
            assertThat(o.location().resolve("leftover.tar.gz.reason")).content().contains("not listed by any .changes");
        });
        assertThat(names(incoming())).containsExactly("fresh.tar.gz");
    }
}
