package io.jenkins.plugins.debianbuildd.cli.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.debianbuildd.openpgp.GnupgHome;
import io.jenkins.plugins.debianbuildd.testsupport.PackageFixture;
import io.jenkins.plugins.debianbuildd.wannabuild.State;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code buildd incoming process} with real signed uploads, and {@code buildd status} on what it entered. */
class IncomingAndStatusTest {
    @TempDir
    static Path keys;
    static GnupgHome uploader;
    static String uploaderKey;
    static Path keyring;

    @TempDir
    Path dir;

    @BeforeAll
    static void key() throws IOException {
        uploader = new GnupgHome(keys.resolve("uploader"));
        uploaderKey = uploader.generateSigningKey("Uploader <uploader@example.org>");
        keyring = keys.resolve("uploaders.gpg");
        uploader.exportPublicKey(uploaderKey, keyring, false);
    }

    @AfterAll
    static void stopAgent() {
        uploader.stopAgent();
    }

    private Path init() {
        Path data = dir.resolve("data");
        Cli.Run r = Cli.in(data, "init", "--arch", "amd64,arm64", "--chroot-dir", dir.resolve("chroots").toString(),
                "--uploaders-keyring", keyring.toString(), "--builder-name", "buildd-here");
        assertThat(r.exit()).as(r.toString()).isZero();
        return data;
    }

    @Test
    void acceptedUploadsArePublishedAndNeedBuildingRejectedOnesSayWhy() throws Exception {
        Path data = init();
        Path incoming = data.resolve("incoming/incoming");
        PackageFixture.upload(PackageFixture.of(dir, "hello", "1.0-1").signedBy(uploader, uploaderKey).build(), incoming);
        PackageFixture.upload(PackageFixture.of(dir, "docs", "2.0-1").architecture("all").signedBy(uploader, uploaderKey).build(), incoming);
        PackageFixture.upload(PackageFixture.of(dir, "unsigned", "1.0-1").build(), incoming);

        Cli.Run r = Cli.in(data, "incoming", "process");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.UNSUCCESSFUL);
        assertThat(r.out().lines()).contains(
                "ACCEPTED docs_2.0-1_source.changes -> unstable: amd64: 2.0-1 Needs-Build; arm64: not built here (AUTO_NOT_FOR_US)",
                "ACCEPTED hello_1.0-1_source.changes -> unstable: amd64: 1.0-1 Needs-Build; arm64: 1.0-1 Needs-Build");
        assertThat(r.out()).containsPattern("REJECTED unsigned_1.0-1_source.changes: UNSIGNED: .* \\(kept in .*/incoming/rejected/unsigned_1.0-1_source")
                .contains("2 accepted, 1 rejected, 0 waiting, 0 deferred");
        assertThat(Cli.in(data, "repo", "list").out()).contains("unstable|main|source: hello 1.0-1", "unstable|main|source: docs 2.0-1")
                .doesNotContain("unsigned");
        try (Instance i = Instance.open(data)) {
            assertThat(i.store().get("unstable", "arm64", "hello").orElseThrow().state()).isEqualTo(State.NEEDS_BUILD);
            assertThat(i.store().get("unstable", "amd64", "docs").orElseThrow().state()).isEqualTo(State.NEEDS_BUILD);
            assertThat(i.store().get("unstable", "arm64", "docs")).isEmpty();
            i.store().take("unstable", "amd64", "hello", "buildd-elsewhere");
        }

        Cli.Run nothing = Cli.in(data, "incoming", "process");
        assertThat(nothing.exit()).isZero();
        assertThat(nothing.out()).startsWith("Nothing to process in " + incoming);

        Cli.Run status = Cli.in(data, "status");
        assertThat(status.exit()).as(status.toString()).isZero();
        assertThat(status.out().lines()).contains(
                "  SUITE     ARCH   Needs-Build  Building  Uploaded  Installed  Dep-Wait  BD-Uninstallable  Failed  TOTAL",
                "  unstable  amd64            1         1         0          0         0                 0       0      2",
                "  unstable  arm64            1         0         0          0         0                 0       0      1",
                "  PACKAGE      SUITE/ARCH      BUILDER           SINCE");
        assertThat(status.out()).containsPattern("  hello_1\\.0-1  unstable/amd64  buildd-elsewhere  \\d+\\.\\d s\n")
                .contains("Chroots: missing bookworm-amd64-sbuild, bookworm-arm64-sbuild (buildd chroot create)".replace("bookworm",
                        io.jenkins.plugins.debianbuildd.testsupport.TestChroots.suite()))
                .contains("Incoming: 0 upload(s) waiting");
    }

    @Test
    void withoutAnUploadersKeyringNothingIsProcessed() throws Exception {
        Path data = dir.resolve("data");
        assertThat(Cli.in(data, "init", "--chroot-dir", dir.resolve("chroots").toString()).exit()).isZero();
        PackageFixture.upload(PackageFixture.of(dir, "hello", "1.0-1").signedBy(uploader, uploaderKey).build(),
                data.resolve("incoming/incoming"));
        Cli.Run r = Cli.in(data, "incoming", "process");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.errLines()).singleElement().asString().startsWith("error: no uploaders keyring " + data.resolve("keys/uploaders.gpg"));
        assertThat(data.resolve("incoming/incoming/hello_1.0-1_source.changes")).exists();
        assertThat(Files.list(data.resolve("incoming/rejected"))).isEmpty();
    }
}
