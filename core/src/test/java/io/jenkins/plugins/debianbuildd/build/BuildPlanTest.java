package io.jenkins.plugins.debianbuildd.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.debianbuildd.chroot.AptSource;
import io.jenkins.plugins.debianbuildd.chroot.BuilderKind;
import io.jenkins.plugins.debianbuildd.chroot.Chroot;
import io.jenkins.plugins.debianbuildd.chroot.ChrootSpec;
import io.jenkins.plugins.debianbuildd.version.DebianVersion;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Build requests become explicit commands: every option in its own argv element (never a shell string),
 * the environment and the files the builder needs, for sbuild and pbuilder.
 */
class BuildPlanTest {
    private static final Instant START = Instant.parse("2025-11-21T12:34:56Z");
    private static final Path WORK = Path.of("/srv/buildd/work/foo_1.2-3_amd64-x");
    private static final SourceRef.Dsc DSC = new SourceRef.Dsc(Path.of("/srv/incoming/foo_1.2-3.dsc"), "foo",
            DebianVersion.parse("1:1.2-3"));
    private static final AptSource OWN_ARCHIVE = AptSource.localFlat(Path.of("/srv/archive/flat"))
            .signedBy(Path.of("/srv/archive/keys/archive.asc"));

    private static Chroot chroot(BuilderKind kind) {
        ChrootSpec spec = ChrootSpec.of("bookworm", "amd64", kind).withMirror(URI.create("http://mirror.example/debian"))
                .withComponents("main", "contrib");
        return new Chroot(spec, Path.of("/var/cache/chroots/" + spec.id().fileName()), START, START, 1);
    }

    @Test
    void sbuildPlan() {
        BuildRequest r = BuildRequest.of(DSC, "bookworm", "amd64").withArchAll(true).withProfiles("nocheck", "nodoc")
                .withExtraRepository(OWN_ARCHIVE).withBuildOptions("parallel=2 nocheck").withTimeout(Duration.ofMinutes(90));
        BuildPlan p = new SbuildDriver().plan(r, chroot(BuilderKind.SBUILD), WORK, START);
        assertThat(p.command().argv()).containsExactly(
                "sbuild", "--nolog", "--dist=bookworm", "--arch=amd64", "--chroot-mode=unshare",
                "--chroot=/var/cache/chroots/bookworm-amd64-sbuild.tar.zst", "--build-dir=" + WORK.resolve("result"),
                "--apt-update", "--no-apt-upgrade", "--no-apt-distupgrade", "--no-run-lintian", "--no-run-piuparts",
                "--no-run-autopkgtest", "--arch-any", "--arch-all", "--profiles=nocheck,nodoc",
                // sbuild installs the key into the chroot itself, so the line names none.
                "--extra-repository=deb file:///srv/archive/flat ./", "--extra-repository-key=/srv/archive/keys/archive.asc",
                "/srv/incoming/foo_1.2-3.dsc");
        assertThat(p.command().workingDirectory()).isEqualTo(WORK);
        assertThat(p.command().environment()).containsEntry("SBUILD_CONFIG", WORK.resolve("sbuild.conf").toString())
                .containsEntry("DEB_BUILD_OPTIONS", "parallel=2 nocheck");
        assertThat(p.logFile()).isEqualTo(WORK.resolve("foo_1.2-3_amd64-2025-11-21T12:34:56Z.build"));
        assertThat(p.resultDirectory()).isEqualTo(WORK.resolve("result"));
        assertThat(p.scratchDirectories()).containsExactly("scratch");
        PreparedFile conf = p.files().get(0);
        assertThat(conf.relativePath()).isEqualTo("sbuild.conf");
        assertThat(conf.content()).contains("$unshare_bind_mounts = [\n    { directory => '/srv/archive/flat', mountpoint => '/srv/archive/flat' },\n];")
                .endsWith("1;\n");
    }

    @Test
    void sbuildCrossBinNmuFromTheArchive() {
        BuildRequest r = BuildRequest.ofArchive("foo", "1.2-3", "bookworm", "amd64").withHost("arm64")
                .withBinNmu(new BinNmu(2, "Rebuild against libbar2 (transition; see #123)", "Buildd <buildd@example.org>"));
        BuildPlan p = new SbuildDriver().plan(r, chroot(BuilderKind.SBUILD), WORK, START);
        List<String> argv = p.command().argv();
        assertThat(argv).contains("--build=amd64", "--host=arm64", "--binNMU=2",
                "--make-binNMU=Rebuild against libbar2 (transition; see #123)", "--maintainer=Buildd <buildd@example.org>",
                "--extra-repository=deb-src http://mirror.example/debian bookworm main contrib", "--no-arch-all");
        assertThat(argv).doesNotContain("--arch=amd64");
        assertThat(argv.get(argv.size() - 1)).isEqualTo("foo_1.2-3");
        assertThat(p.logFile().getFileName().toString()).isEqualTo("foo_1.2-3+b2_arm64-2025-11-21T12:34:56Z.build");
        assertThat(p.command().environment()).containsEntry("DEB_BUILD_OPTIONS", null);
    }

    @Test
    void pbuilderPlan() {
        BuildRequest r = BuildRequest.of(DSC, "bookworm", "amd64").withArchAll(true).withExtraRepository(OWN_ARCHIVE)
                .withProfiles("nocheck");
        BuildPlan p = new PbuilderDriver().plan(r, chroot(BuilderKind.PBUILDER), WORK, START);
        assertThat(p.command().argv()).containsExactly(
                "pbuilder", "build", "--configfile", WORK.resolve("pbuilderrc").toString(),
                "--basetgz", "/var/cache/chroots/bookworm-amd64-pbuilder.tgz",
                "--buildplace", WORK.resolve("scratch/place").toString(), "--buildresult", WORK.resolve("result").toString(),
                "--hookdir", WORK.resolve("hooks").toString(), "--distribution", "bookworm", "--architecture", "amd64",
                "--debbuildopts", "-b", "--profiles", "nocheck",
                "--override-config", "--mirror", "http://mirror.example/debian", "--components", "main contrib",
                "--othermirror", "deb [signed-by=/srv/archive/keys/archive.asc] file:///srv/archive/flat ./",
                "--bindmounts", "/srv/archive/flat /srv/archive/keys",
                "/srv/incoming/foo_1.2-3.dsc");
        assertThat(p.files()).extracting(PreparedFile::relativePath).containsExactly("pbuilderrc", "hooks/D05apt-update");
        assertThat(p.files().get(0).content()).contains("USECOLORS=no", "pbuilder-satisfydepends-apt", "APTCACHE=\"\"");
        assertThat(p.files().get(1).executable()).isTrue();
        assertThat(p.files().get(1).content()).contains("apt-get update");
        assertThat(p.directories()).contains("result", "scratch/place", "hooks");
    }

    @Test
    void pbuilderArchOnlyAllOnlyAndBinNmu() {
        PbuilderDriver d = new PbuilderDriver();
        Chroot c = chroot(BuilderKind.PBUILDER);
        assertThat(d.plan(BuildRequest.of(DSC, "bookworm", "amd64"), c, WORK, START).command().argv()).contains("--binary-arch");
        assertThat(d.plan(BuildRequest.of(DSC, "bookworm", "amd64").archAllOnly(), c, WORK, START).command().argv())
                .contains("--binary-indep");
        List<String> nmu = d.plan(BuildRequest.of(DSC, "bookworm", "amd64").withHost("arm64").withBinNmu(new BinNmu(1, "Rebuild", null)),
                c, WORK, START).command().argv();
        assertThat(nmu).containsSubsequence("--host-arch", "arm64").containsSubsequence("--bin-nmu", "Rebuild", "--bin-nmu-version", "1");
    }

    @Test
    void driversRefuseWhatTheyCannotDo() {
        assertThatThrownBy(() -> new PbuilderDriver().plan(BuildRequest.ofArchive("foo", "1.0", "bookworm", "amd64"),
                chroot(BuilderKind.PBUILDER), WORK, START)).hasMessageContaining("pbuilder builds from a .dsc");
        assertThatThrownBy(() -> new PbuilderDriver().plan(BuildRequest.of(DSC, "bookworm", "amd64"), chroot(BuilderKind.SBUILD),
                WORK, START)).hasMessageContaining("base tarball");
        assertThatThrownBy(() -> new SbuildDriver().plan(BuildRequest.of(DSC, "bookworm", "amd64"), chroot(BuilderKind.PBUILDER),
                WORK, START)).hasMessageContaining("pbuilder chroot");
    }

    @Test
    void hostileRequestsAreRefusedWithTheReason() {
        BuildRequest ok = BuildRequest.of(DSC, "bookworm", "amd64");
        assertThatThrownBy(() -> ok.withProfiles("nocheck nodoc")).hasMessageContaining("invalid build profile");
        assertThatThrownBy(() -> ok.withBuildOptions("nocheck; rm -rf /")).hasMessageContaining("DEB_BUILD_OPTIONS");
        assertThatThrownBy(() -> BuildRequest.of(DSC, "../etc", "amd64")).hasMessageContaining("invalid suite");
        assertThatThrownBy(() -> BuildRequest.of(DSC, "bookworm", "amd64;id")).hasMessageContaining("invalid architecture");
        assertThatThrownBy(() -> new BinNmu(1, "two\nlines", null)).hasMessageContaining("one non-empty line");
        assertThatThrownBy(() -> new BinNmu(0, "x", null)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> ok.withArchAll(true).withBinNmu(new BinNmu(1, "x", null))).hasMessageContaining("binNMU");
        assertThatThrownBy(() -> ok.withTimeout(Duration.ZERO)).hasMessageContaining("timeout");
        assertThatThrownBy(() -> new SourceRef.Dsc(Path.of("/x/foo_1.0.tar.xz"), "foo", DebianVersion.parse("1.0")))
                .hasMessageContaining("not a .dsc");
        assertThatThrownBy(() -> new SourceRef.Archive("Foo;", DebianVersion.parse("1.0"))).hasMessageContaining("invalid package name");
        assertThatThrownBy(() -> new PreparedFile("../sbuild.conf", "", false)).hasMessageContaining("stay in the work directory");
    }

    @Test
    void aptSourcesAreCheckedAndParsedBack() {
        AptSource s = AptSource.parse("deb [signed-by=/etc/apt/keyrings/own.asc] https://archive.example/debian bookworm main contrib");
        assertThat(s.toSourcesLine()).isEqualTo("deb [signed-by=/etc/apt/keyrings/own.asc] https://archive.example/debian bookworm main contrib");
        assertThat(AptSource.parse(OWN_ARCHIVE.toSourcesLine())).isEqualTo(OWN_ARCHIVE);
        assertThat(AptSource.localFlat(Path.of("/srv/repo")).toSourcesLine()).isEqualTo("deb [trusted=yes] file:///srv/repo ./");
        assertThatThrownBy(() -> AptSource.parse("deb http://x/debian bookworm main'$(id)'")).hasMessageContaining("component");
        assertThatThrownBy(() -> AptSource.parse("deb ftp://x/debian bookworm main")).hasMessageContaining("http, https or file");
        assertThatThrownBy(() -> AptSource.parse("deb http://x/deb\"ian bookworm main")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AptSource.parse("deb http://x/debian ../.. main")).hasMessageContaining("suite");
        assertThatThrownBy(() -> AptSource.parse("deb http://x/debian ./ main")).hasMessageContaining("flat repository");
        assertThatThrownBy(() -> AptSource.parse("deb [signed-by=key.asc] http://x/debian bookworm main")).hasMessageContaining("absolute");
        assertThatThrownBy(() -> AptSource.parse("deb [arch=amd64] http://x/debian bookworm main")).hasMessageContaining("unsupported");
        assertThatThrownBy(() -> AptSource.localFlat(Path.of("/srv/my repo"))).hasMessageContaining("plain");
    }
}
