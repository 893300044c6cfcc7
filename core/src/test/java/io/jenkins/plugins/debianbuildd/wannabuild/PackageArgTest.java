package io.jenkins.plugins.debianbuildd.wannabuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PackageArgTest {

    @ParameterizedTest
    @CsvSource({
        "hello, hello, ",
        "hello_2.10-3, hello, 2.10-3",
        "hello_2.10-3.dsc, hello, 2.10-3",
        "/srv/pool/main/h/hello/hello_2.10-3.dsc, hello, 2.10-3",
        "../hello_1:2.10-3, hello, 1:2.10-3",
        "hello_2.10-3_amd64.changes, hello, 2.10-3",
        "hello_2.10-3_source.changes, hello, 2.10-3",
        "hello_2.10-3+b1_amd64.deb, hello, 2.10-3+b1",
        "hello_2.10-3_amd64.buildinfo, hello, 2.10-3",
        "hello_2.10-3.debian.tar.xz, hello, 2.10-3",
        "hello_2.10.orig.tar.gz, hello, 2.10",
        "hello_2.10.orig-docs.tar.xz.asc, hello, 2.10",
        "hello_2.10-3.diff.gz, hello, 2.10-3",
        "hello_2.10-3_arm64, hello, 2.10-3",
        "libc++_1.0~rc1-1, libc++, 1.0~rc1-1",
    })
    void readsWannaBuildsFreeFormat(String arg, String name, String version) {
        PackageArg p = PackageArg.parse(arg);
        assertThat(p.name()).isEqualTo(name);
        assertThat(p.version() == null ? null : p.version().toString()).isEqualTo(version);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "Hello_1.0", "h_1.0", "hello_", "hello_a:b:c", "-rf_1.0", "hello_1.0 2", "héllo_1.0"})
    void rejectsWhatIsNotAPackage(String arg) {
        assertThatThrownBy(() -> PackageArg.parse(arg)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello_1.0-1+b3"})
    void theSourceVersionDropsTheBinNmu(String arg) {
        assertThat(PackageArg.parse(arg).sourceVersion().toString()).isEqualTo("1.0-1");
    }
}
