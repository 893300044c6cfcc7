package io.jenkins.plugins.debianbuildd.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.debianbuildd.formats.FormatException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuilddConfigTest {
    private static final Path DATA = Path.of("/srv/buildd");

    @Test
    void theTemplateInitWritesReadsBackWithItsDefaults() {
        String text = BuilddConfig.render("buildd-test", "http://deb.debian.org/debian", "bookworm", "unstable",
                List.of("amd64", "arm64"), "amd64");
        BuilddConfig c = BuilddConfig.parse(DATA, text, "buildd.conf");
        assertThat(c.instance().builderName()).isEqualTo("buildd-test");
        assertThat(c.instance().embeddedDatabase()).isTrue();
        assertThat(c.instance().builder()).isEqualTo("sbuild");
        assertThat(c.instance().buildTimeout()).isEqualTo(Duration.ofMinutes(180));
        assertThat(c.instance().uploadersKeyring()).isEqualTo(DATA.resolve("keys/uploaders.gpg"));
        assertThat(c.instance().versionEnforcement()).isTrue();
        assertThat(c.suites()).hasSize(1);
        BuilddConfig.Suite s = c.suite("unstable");
        assertThat(s.architectures()).containsExactly("amd64", "arm64");
        assertThat(s.archAll()).isEqualTo("amd64");
        assertThat(s.buildAgainst()).isEqualTo("bookworm");
        assertThat(c.repositoryDir()).isEqualTo(DATA.resolve("repository"));
        // Chroots live outside the data directory by default, so that a new data directory reuses them.
        assertThat(c.chrootDir()).isEqualTo(Path.of(System.getProperty("user.home"), ".cache/debian-buildd/chroots"));
        assertThat(c.instance().chrootInclude()).containsExactly("debhelper");
        assertThat(c.instance().repositoryKey()).isEqualTo("generate");
    }

    @Test
    void chrootDirectoryIncludesAndRepositoryKey() {
        String base = "Chroot-Directory: chroots\nChroot-Include: debhelper fakeroot\nRepository-Key: 0x0123456789ABCDEF\n"
                + "\nSuite: s\nArchitectures: amd64\n";
        BuilddConfig c = BuilddConfig.parse(DATA, base, "c");
        assertThat(c.chrootDir()).isEqualTo(DATA.resolve("chroots"));
        assertThat(c.instance().chrootInclude()).containsExactly("debhelper", "fakeroot");
        assertThat(c.instance().repositoryKey()).isEqualTo("0x0123456789ABCDEF");
        assertThatThrownBy(() -> BuilddConfig.parse(DATA, base.replace("fakeroot", "Bad_Name"), "c"))
                .hasMessageContaining("c:2: invalid package name 'Bad_Name' in Chroot-Include");
        assertThatThrownBy(() -> BuilddConfig.parse(DATA, base.replace("0x0123456789ABCDEF", "mine"), "c"))
                .hasMessageContaining("c:3: Repository-Key must be generate, none or a key id (hex), not 'mine'");
    }

    @Test
    void mistakesAreErrorsNamingTheLine() {
        String base = "Builder-Name: b\n\nSuite: unstable\nArchitectures: amd64\n";
        assertThatThrownBy(() -> BuilddConfig.parse(DATA, "Buidler: sbuild\n\nSuite: s\nArchitectures: amd64\n", "buildd.conf"))
                .isInstanceOf(FormatException.class).hasMessageStartingWith("buildd.conf:1: unknown instance field 'Buidler'");
        assertThatThrownBy(() -> BuilddConfig.parse(DATA, base.replace("amd64", "amd46"), "buildd.conf"))
                .hasMessageContaining("buildd.conf:4: unknown architecture 'amd46'");
        assertThatThrownBy(() -> BuilddConfig.parse(DATA, base + "Arch-All: arm64\n", "buildd.conf"))
                .hasMessageContaining("Arch-All 'arm64' is not one of the suite's architectures");
        assertThatThrownBy(() -> BuilddConfig.parse(DATA, "Builder: docker\n\nSuite: s\nArchitectures: amd64\n", "c"))
                .hasMessageContaining("Builder must be one of sbuild, pbuilder");
        assertThatThrownBy(() -> BuilddConfig.parse(DATA, "Build-Timeout: soon\n\nSuite: s\nArchitectures: amd64\n", "c"))
                .hasMessageContaining("Build-Timeout must be a number followed by s, m or h");
        assertThatThrownBy(() -> BuilddConfig.parse(DATA, "Builder-Name: b\n", "c")).hasMessageContaining("no suite configured");
        assertThatThrownBy(() -> BuilddConfig.parse(DATA, base + "\nSuite: unstable\nArchitectures: amd64\n", "c"))
                .hasMessageContaining("configured twice");
        assertThatThrownBy(() -> BuilddConfig.parse(DATA, "Suite: x\nArchitectures: amd64\n", "c"))
                .hasMessageContaining("the first paragraph configures the instance");
        assertThatThrownBy(() -> BuilddConfig.parse(DATA, "Database: mysql://x\n\nSuite: s\nArchitectures: amd64\n", "c"))
                .hasMessageContaining("Database must be 'embedded' or a jdbc:postgresql: URL");
        assertThatThrownBy(() -> BuilddConfig.parse(DATA, base.replace("unstable", "../etc"), "c"))
                .hasMessageContaining("invalid suite name '../etc'");
    }
}
