package io.jenkins.plugins.debianbuildd.openpgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real gpg keys, real signatures, real gpgv. */
class GpgvTest {
    @TempDir
    static Path dir;
    static GnupgHome uploader;
    static GnupgHome stranger;
    static String uploaderKey;
    static String strangerKey;
    static Path keyring;
    static Path armoredKeyring;

    @BeforeAll
    static void keys() throws Exception {
        uploader = new GnupgHome(dir.resolve("uploader"));
        uploaderKey = uploader.generateSigningKey("Uploader <uploader@example.org>");
        stranger = new GnupgHome(dir.resolve("stranger"));
        strangerKey = stranger.generateSigningKey("Stranger <stranger@example.org>");
        keyring = dir.resolve("uploaders.gpg");
        uploader.exportPublicKey(uploaderKey, keyring, false);
        armoredKeyring = dir.resolve("uploaders.asc");
        uploader.exportPublicKey(uploaderKey, armoredKeyring, true);
    }

    @AfterAll
    static void stop() {
        uploader.stopAgent();
        stranger.stopAgent();
    }

    private static Path signed(GnupgHome home, String key, String name, String text) throws Exception {
        Path in = dir.resolve(name + ".in");
        Files.writeString(in, text);
        Path out = dir.resolve(name);
        home.clearSign(key, in, out);
        return out;
    }

    @Test
    void goodSignatureGivesTheSignedTextAndTheSigner() throws Exception {
        Path f = signed(uploader, uploaderKey, "good.dsc", "Source: hello\nVersion: 1.0-1\n-dash: x\n");
        Gpgv.Verified v = Gpgv.verifyClearSigned(f, keyring);
        assertThat(v.text()).isEqualTo("Source: hello\nVersion: 1.0-1\n-dash: x\n");
        assertThat(v.signer().fingerprint()).isEqualTo(uploaderKey);
        assertThat(v.signer().userId()).contains("uploader@example.org");
        assertThat(Gpgv.verifyClearSigned(f, armoredKeyring).signer().fingerprint()).isEqualTo(uploaderKey);
    }

    @Test
    void tamperedTextFails() throws Exception {
        Path f = signed(uploader, uploaderKey, "tampered.dsc", "Source: hello\nVersion: 1.0-1\n");
        Files.writeString(f, Files.readString(f).replace("Version: 1.0-1", "Version: 9.9-9"));
        assertThatThrownBy(() -> Gpgv.verifyClearSigned(f, keyring))
                .isInstanceOf(SignatureException.class).hasMessageContaining("BAD signature");
    }

    @Test
    void keyOutsideTheKeyringFails() throws Exception {
        Path f = signed(stranger, strangerKey, "stranger.dsc", "Source: hello\n");
        assertThatThrownBy(() -> Gpgv.verifyClearSigned(f, keyring))
                .isInstanceOf(SignatureException.class).hasMessageContaining("not in the keyring");
    }

    @Test
    void unsignedFileFailsWhenAKeyringIsGiven() throws Exception {
        Path f = dir.resolve("unsigned.dsc");
        Files.writeString(f, "Source: hello\n");
        assertThatThrownBy(() -> Gpgv.verifyClearSigned(f, keyring))
                .isInstanceOf(SignatureException.class).hasMessageContaining("not signed");
    }

    @Test
    void textAppendedAfterAGoodSignatureIsRejected() throws Exception {
        Path f = signed(uploader, uploaderKey, "appended.changes", "Source: hello\n");
        Files.writeString(f, Files.readString(f) + "Source: evil\n");
        assertThatThrownBy(() -> Gpgv.verifyClearSigned(f, keyring))
                .hasMessageContaining("content after the signature is not signed");
    }

    @Test
    void missingKeyringIsAClearError() throws Exception {
        Path f = signed(uploader, uploaderKey, "x.dsc", "Source: hello\n");
        assertThatThrownBy(() -> Gpgv.verifyClearSigned(f, dir.resolve("nope.gpg")))
                .isInstanceOf(SignatureException.class).hasMessageContaining("does not exist");
    }
}
