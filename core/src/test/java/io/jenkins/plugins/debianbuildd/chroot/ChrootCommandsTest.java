package io.jenkins.plugins.debianbuildd.chroot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.debianbuildd.exec.Command;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The mmdebstrap commands that make and upgrade chroots, and schroot definitions: described, not run. */
class ChrootCommandsTest {
    private static final Path TARGET = Path.of("/var/cache/chroots/.bookworm-amd64-sbuild.new-1234.tar.zst");
    private static final Path TMP = Path.of("/var/cache/chroots/.tmp/bookworm-amd64-sbuild-1234");

    @Test
    void createsWithMirrorComponentsExtraSourcesKeysAndPackages() {
        ChrootSpec spec = ChrootSpec.of("bookworm", "amd64", BuilderKind.SBUILD)
                .withMirror(URI.create("http://mirror.example/debian")).withComponents("main", "contrib")
                .withExtraSource(AptSource.localFlat(Path.of("/srv/archive")).signedBy(Path.of("/srv/keys/archive.asc")))
                .withKeyring(Path.of("/usr/share/keyrings/debian-archive-keyring.gpg")).withInclude("debhelper", "ccache");
        Command c = ChrootCommands.create(spec, TARGET, TMP);
        assertThat(c.argv()).containsExactly("mmdebstrap", "--mode=unshare", "--variant=buildd", "--architectures=amd64",
                "--components=main,contrib", "--keyring=/usr/share/keyrings/debian-archive-keyring.gpg",
                "--hook-dir=/usr/share/mmdebstrap/hooks/file-mirror-automount", "--include=debhelper", "--include=ccache",
                "--customize-hook=mkdir -p \"$1$(dirname \"$DEBIAN_BUILDD_KEY_0\")\" && cp \"$DEBIAN_BUILDD_KEY_0\" \"$1$DEBIAN_BUILDD_KEY_0\"",
                "bookworm", TARGET.toString(), "http://mirror.example/debian",
                "deb [signed-by=/srv/keys/archive.asc] file:///srv/archive ./");
        // Paths reach the hook through the environment, never inside the script text.
        assertThat(c.environment()).containsEntry("DEBIAN_BUILDD_KEY_0", "/srv/keys/archive.asc")
                .containsEntry("TMPDIR", TMP.toString());
    }

    @Test
    void updatesByUnpackingTheCurrentChrootAndUpgradingInside() {
        ChrootSpec spec = ChrootSpec.of("bookworm", "amd64", BuilderKind.PBUILDER);
        Path current = Path.of("/var/cache/chroots/bookworm-amd64-pbuilder.tgz");
        Command c = ChrootCommands.update(spec, current, Path.of("/var/cache/chroots/.x.new-1.tgz"), TMP);
        assertThat(c.argv()).containsSubsequence("mmdebstrap", "--mode=unshare", "--variant=custom", "--architectures=amd64",
                "--setup-hook=tar -C \"$1\" --exclude=./dev/* -xf \"$DEBIAN_BUILDD_BASE\"",
                "--customize-hook=chroot \"$1\" apt-get --yes -o Dpkg::Options::=--force-confold dist-upgrade",
                "bookworm", "/var/cache/chroots/.x.new-1.tgz", "http://deb.debian.org/debian");
        assertThat(c.argv()).doesNotContain("--variant=buildd");
        assertThat(c.environment()).containsEntry("DEBIAN_BUILDD_BASE", current.toString());
    }

    @Test
    void directoryChrootsAreMadeAsRootAndGetASchrootDefinition() {
        ChrootSpec spec = ChrootSpec.of("trixie", "arm64", BuilderKind.SCHROOT);
        assertThat(ChrootCommands.create(spec, Path.of("/srv/chroots/.trixie-arm64-schroot.new-1"), TMP).argv())
                .contains("--mode=root", "--architectures=arm64");
        Chroot c = new Chroot(spec, Path.of("/srv/chroots/trixie-arm64-schroot"), Instant.EPOCH, Instant.EPOCH, 0);
        assertThat(ChrootCommands.schrootDefinition(c)).isEqualTo("""
                [trixie-arm64-sbuild]
                description=Debian trixie/arm64 build chroot (debian-buildd)
                type=directory
                directory=/srv/chroots/trixie-arm64-schroot
                union-type=overlay
                groups=root,sbuild
                root-groups=root,sbuild
                profile=sbuild
                """);
        Chroot tarball = new Chroot(ChrootSpec.of("trixie", "arm64", BuilderKind.SBUILD), Path.of("/x.tar.zst"), Instant.EPOCH,
                Instant.EPOCH, 1);
        assertThatThrownBy(() -> ChrootCommands.schrootDefinition(tarball)).hasMessageContaining("not a schroot directory");
    }

    @Test
    void namesAndSpecsAreChecked() {
        assertThat(new ChrootId("bookworm-backports", "arm64", BuilderKind.PBUILDER).fileName())
                .isEqualTo("bookworm-backports-arm64-pbuilder.tgz");
        assertThatThrownBy(() -> new ChrootId("../etc", "amd64", BuilderKind.SBUILD)).hasMessageContaining("invalid suite");
        assertThatThrownBy(() -> new ChrootId("bookworm", "amd64 ", BuilderKind.SBUILD)).hasMessageContaining("invalid architecture");
        assertThatThrownBy(() -> ChrootSpec.of("bookworm", "amd64", BuilderKind.SBUILD).withInclude("debhelper;id"))
                .hasMessageContaining("invalid package name");
        assertThatThrownBy(() -> ChrootSpec.of("bookworm", "amd64", BuilderKind.SBUILD).withVariant("everything"))
                .hasMessageContaining("variant");
        assertThatThrownBy(() -> ChrootSpec.of("bookworm", "amd64", BuilderKind.SBUILD).withKeyring(Path.of("keys.gpg")))
                .hasMessageContaining("absolute");
        assertThatThrownBy(() -> ChrootSpec.of("bookworm", "amd64", BuilderKind.SBUILD).withMirror(URI.create("ftp://x/debian")))
                .hasMessageContaining("http, https or file");
        assertThat(BuilderKind.fromId("pbuilder")).isEqualTo(BuilderKind.PBUILDER);
        assertThatThrownBy(() -> BuilderKind.fromId("cowbuilder")).hasMessageContaining("unknown builder");
    }
}
