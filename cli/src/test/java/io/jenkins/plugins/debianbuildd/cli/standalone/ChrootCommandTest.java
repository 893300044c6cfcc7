package io.jenkins.plugins.debianbuildd.cli.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.debianbuildd.chroot.BuilderKind;
import io.jenkins.plugins.debianbuildd.chroot.Chroot;
import io.jenkins.plugins.debianbuildd.testsupport.TestChroots;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code buildd chroot ...} against the builder tests' cached chroots (made once by core's TestChroots),
 * without making new ones: that takes a minute or more and core's tests cover it.
 */
class ChrootCommandTest {
    static Chroot sbuild;

    @TempDir
    Path dir;

    @BeforeAll
    static void chroot() {
        sbuild = TestChroots.get(BuilderKind.SBUILD);
    }

    private Path init(String archs) {
        Path data = dir.resolve("data");
        Cli.Run r = Cli.in(data, "init", "--arch", archs, "--chroot-distribution", TestChroots.suite(),
                "--chroot-dir", TestChroots.manager().root().toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        return data;
    }

    @Test
    void listShowsTheChrootsAndWhatTheConfigurationStillNeeds() {
        String host = TestChroots.architecture();
        String other = host.equals("arm64") ? "amd64" : "arm64";
        Path data = init(host + "," + other);
        Cli.Run r = Cli.in(data, "chroot", "list");
        assertThat(r.exit()).as(r.toString()).isZero();
        String s = TestChroots.suite();
        assertThat(r.out()).startsWith("Chroots in " + TestChroots.manager().root() + ":\n  CHROOT ")
                .containsPattern("\n  " + s + "-" + host + "-sbuild +" + sbuild.sizeBytes() / (1024 * 1024)
                        + " MiB +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d +unstable/" + host + "\n")
                .containsPattern("\n  " + s + "-" + other + "-sbuild +missing +unstable/" + other + "\n");
    }

    @Test
    void createKeepsAnExistingChroot() throws Exception {
        Path data = init(TestChroots.architecture());
        long size = Files.size(sbuild.path());
        var modified = Files.getLastModifiedTime(sbuild.path());
        Cli.Run r = Cli.in(data, "chroot", "create");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains(sbuild.id().name() + ": exists (made ", "'buildd chroot update' upgrades it");
        assertThat(Files.size(sbuild.path())).isEqualTo(size);
        assertThat(Files.getLastModifiedTime(sbuild.path())).isEqualTo(modified);
    }

    @Test
    void mistakes() {
        Path data = init(TestChroots.architecture());
        Cli.Run missing = Cli.in(data, "chroot", "update", "nosuchdist", "amd64");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("error: no chroot nosuchdist-amd64-sbuild (buildd chroot create nosuchdist amd64 sbuild)\n");
        Cli.Run remove = Cli.in(data, "chroot", "remove", "nosuchdist", "amd64");
        assertThat(remove.exit()).isEqualTo(1);
        assertThat(remove.errLines()).singleElement().asString().startsWith("error: no chroot nosuchdist-amd64-sbuild in ");
        String[][] usage = {
            {"chroot", "create", "bookworm", "amd64", "docker"},
            {"chroot", "create", "../x", "amd64"},
            {"chroot", "update", "--wait", "soon"},
            {"chroot", "remove", "bookworm"},
            {"chroot", "remove", "bookworm", "amd64", "schroot", "extra"},
        };
        for (String[] args : usage) {
            Cli.Run r = Cli.in(data, args);
            assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isEqualTo(2);
            assertThat(r.errLines()).as(String.join(" ", args)).hasSize(1);
        }
        assertThat(Cli.in(data, "chroot", "--help").out()).contains("create", "update", "list", "remove");
    }
}
