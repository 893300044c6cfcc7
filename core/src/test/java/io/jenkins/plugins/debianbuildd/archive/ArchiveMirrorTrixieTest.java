package io.jenkins.plugins.debianbuildd.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.debianbuildd.openpgp.Gpgv;
import io.jenkins.plugins.debianbuildd.openpgp.SignatureException;
import io.jenkins.plugins.debianbuildd.testsupport.TrixieSnapshot;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real chain of trust on the real archive: Debian's keyring, trixie's InRelease, its index files. */
class ArchiveMirrorTrixieTest {

    @Test
    void inReleaseVerifiesAgainstDebiansKeyring() throws Exception {
        Gpgv.Verified v = Gpgv.verifyClearSigned(TrixieSnapshot.suiteDir().resolve("InRelease"), TrixieSnapshot.DEBIAN_KEYRING);
        assertThat(v.text()).contains("Codename: trixie");
        assertThat(v.signer().primaryFingerprint()).isNotBlank();
    }

    @Test
    void aTamperedCopyFails(@TempDir Path dir) throws Exception {
        String original = Files.readString(TrixieSnapshot.suiteDir().resolve("InRelease"));
        Path tampered = dir.resolve("InRelease");
        // One changed checksum character: the kind of edit an attacker would need.
        int at = original.indexOf("main/source/Sources\n") - 80;
        char c = original.charAt(at);
        Files.writeString(tampered, original.substring(0, at) + (c == 'a' ? 'b' : 'a') + original.substring(at + 1));
        assertThatThrownBy(() -> Gpgv.verifyClearSigned(tampered, TrixieSnapshot.DEBIAN_KEYRING))
                .isInstanceOf(SignatureException.class).hasMessageContaining("BAD signature");
    }

    @Test
    void uncompressedIndexChecksumsMatchTheInRelease() throws Exception {
        ArchiveMirror mirror = new ArchiveMirror(TrixieSnapshot.root().toUri(), TrixieSnapshot.DEBIAN_KEYRING, null);
        Release release = mirror.release("trixie");
        assertThat(release.codename()).isEqualTo("trixie");
        for (String index : TrixieSnapshot.INDEXES) {
            assertThat(release.file(index)).as(index).isNotNull();
            long paragraphs;
            try (InputStream in = mirror.openIndex("trixie", release, index)) {
                // Reading to the end is what triggers (and passes) the size and SHA-256 check.
                paragraphs = ArchiveMirror.count(in, index);
            }
            assertThat(paragraphs).as(index).isGreaterThan(30_000);
        }
    }

    @Test
    void aSuiteNameTheReleaseDoesNotCarryIsRefused(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("mirror");
        Files.createDirectories(root.resolve("dists/bookworm"));
        Files.copy(TrixieSnapshot.suiteDir().resolve("InRelease"), root.resolve("dists/bookworm/InRelease"));
        ArchiveMirror mirror = new ArchiveMirror(root.toUri(), TrixieSnapshot.DEBIAN_KEYRING, null);
        assertThatThrownBy(() -> mirror.release("bookworm")).hasMessageContaining("not 'bookworm'");
    }
}
