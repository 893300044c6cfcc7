package io.jenkins.plugins.debianbuildd.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.debianbuildd.formats.Deb822Parser;
import io.jenkins.plugins.debianbuildd.formats.FormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a Sources paragraph says about where a source's binaries are built. */
class SourcePackageTest {
    private static SourcePackage source(String stanza) throws IOException {
        try (Deb822Parser p = new Deb822Parser(new ByteArrayInputStream(stanza.getBytes(StandardCharsets.UTF_8)), "Sources")) {
            return SourcePackage.of(p.read());
        }
    }

    @Test
    void packageListNarrowsTheArchitectureField() throws IOException {
        SourcePackage s = source("""
                Package: mixed
                Version: 1.0-1
                Architecture: any all
                Package-List:
                 mixed-linux deb utils optional arch=linux-any,kfreebsd-any
                 mixed-x86 deb utils optional arch=amd64,i386
                 mixed-linux-dbg deb debug optional arch=linux-any
                 mixed-doc deb doc optional arch=all
                """);
        assertThat(s.architectures()).containsExactly("any", "all");
        assertThat(s.effectiveArchitectures()).containsExactly("linux-any", "kfreebsd-any", "amd64", "i386", "all");
        assertThat(BuildScope.of(s.effectiveArchitectures(), "arm64", "amd64")).isEqualTo(BuildScope.ARCH_DEPENDENT);
        // Only its arch:all binary is for hurd-amd64, and arch:all is built on amd64.
        assertThat(BuildScope.of(s.effectiveArchitectures(), "hurd-amd64", "amd64")).isEqualTo(BuildScope.AUTO_NOT_FOR_US);
    }

    @Test
    void aPackageListThatSaysWhatTheArchitectureFieldSaysIsTheField() throws IOException {
        SourcePackage s = source("""
                Package: plain
                Version: 2.0-1
                Architecture: any
                Package-List:
                 plain deb utils optional arch=any
                 libplain1 deb libs optional arch=any
                """);
        assertThat(s.effectiveArchitectures()).isSameAs(s.architectures());
        SourcePackage old = source("""
                Package: old
                Version: 1
                Architecture: amd64 arm64
                Package-List:
                 old deb utils optional
                """);
        assertThat(old.effectiveArchitectures()).containsExactly("amd64", "arm64");
    }

    @Test
    void anInvalidVersionNamesTheFileAndLine() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> source("Package: bad\nArchitecture: any\nVersion: 1.0:x\n"))
                .isInstanceOf(FormatException.class).hasMessageContaining("Sources").hasMessageContaining("3")
                .hasMessageContaining("bad");
    }
}
