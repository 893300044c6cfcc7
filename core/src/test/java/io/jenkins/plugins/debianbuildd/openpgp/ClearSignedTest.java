package io.jenkins.plugins.debianbuildd.openpgp;

import io.jenkins.plugins.debianbuildd.formats.FormatException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClearSignedTest {
    static final String SIGNED = """
            -----BEGIN PGP SIGNED MESSAGE-----
            Hash: SHA256

            Format: 1.8
            Source: hello
            - -not-a-field-but-escaped: x
            -----BEGIN PGP SIGNATURE-----

            iQIzBAEBCAAdFiEE
            =abcd
            -----END PGP SIGNATURE-----
            """;

    @Test
    void extractsTheSignedTextUndoingDashEscapes() {
        ClearSigned cs = ClearSigned.parse(SIGNED, "hello.dsc");
        assertThat(cs.text()).isEqualTo("Format: 1.8\nSource: hello\n-not-a-field-but-escaped: x\n");
        assertThat(cs.hashHeaders()).containsExactly("SHA256");
        assertThat(cs.signature()).startsWith("-----BEGIN PGP SIGNATURE-----").endsWith("-----END PGP SIGNATURE-----\n");
    }

    @Test
    void refusesTextOutsideTheSignature() {
        assertThatThrownBy(() -> ClearSigned.parse("Injected: yes\n" + SIGNED, "x.changes"))
                .isInstanceOf(FormatException.class).hasMessageContaining("x.changes:1: not an OpenPGP signed message");
        assertThatThrownBy(() -> ClearSigned.parse(SIGNED + "Injected: yes\n", "x.changes"))
                .isInstanceOf(FormatException.class).hasMessageContaining("content after the signature is not signed");
        assertThatThrownBy(() -> ClearSigned.parse(SIGNED + SIGNED, "x.changes"))
                .isInstanceOf(FormatException.class).hasMessageContaining("content after the signature");
    }

    @Test
    void refusesBrokenFraming() {
        assertThatThrownBy(() -> ClearSigned.parse(SIGNED.replace("-----BEGIN PGP SIGNATURE-----\n", ""), "f"))
                .hasMessageContaining("has no signature");
        assertThatThrownBy(() -> ClearSigned.parse(SIGNED.replace("-----END PGP SIGNATURE-----\n", ""), "f"))
                .hasMessageContaining("not terminated");
        assertThatThrownBy(() -> ClearSigned.parse(SIGNED.replace("- -not", "-not"), "f"))
                .hasMessageContaining("f:6: line starting with '-' is not dash-escaped");
        assertThatThrownBy(() -> ClearSigned.parse(SIGNED.replace("Hash: SHA256", "Comment: evil"), "f"))
                .hasMessageContaining("unexpected armor header");
    }
}
