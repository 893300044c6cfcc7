package io.jenkins.plugins.debianbuildd.cli.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.debianbuildd.cli.config.BuilddConfig;
import io.jenkins.plugins.debianbuildd.exec.Command;
import io.jenkins.plugins.debianbuildd.exec.LocalExec;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesAConfigurationThatReadsBackAndARepositoryAptCanVerify() throws Exception {
        Path data = dir.resolve("data");
        Cli.Run r = Cli.run("init", "--data", data.toString(), "--suite", "experimental", "--arch", "amd64,arm64",
                "--arch-all", "arm64", "--mirror", "http://mirror.example.org/debian", "--chroot-distribution", "trixie",
                "--chroot-dir", dir.resolve("chroots").toString(), "--builder-name", "buildd-test");
        assertThat(r.exit()).as(r.toString()).isZero();

        BuilddConfig c = BuilddConfig.load(data);
        assertThat(c.instance().builderName()).isEqualTo("buildd-test");
        assertThat(c.instance().mirror()).isEqualTo(URI.create("http://mirror.example.org/debian"));
        assertThat(c.instance().chrootDistribution()).isEqualTo("trixie");
        assertThat(c.chrootDir()).isEqualTo(dir.resolve("chroots"));
        assertThat(c.instance().chrootInclude()).containsExactly("debhelper");
        assertThat(c.instance().embeddedDatabase()).isTrue();
        BuilddConfig.Suite s = c.suite("experimental");
        assertThat(s.architectures()).containsExactly("amd64", "arm64");
        assertThat(s.archAll()).isEqualTo("arm64");
        assertThat(s.buildAgainst()).isEqualTo("trixie");
        // Documented: every field comes with its comment.
        assertThat(Files.readString(c.file())).contains("# Where the chroots are kept", "# The key signing the repository's");

        for (String d : new String[] {"repository", "logs", "build", "keys", "gnupg", "incoming/incoming", "incoming/rejected"}) {
            assertThat(data.resolve(d)).isDirectory();
        }
        Path repo = data.resolve("repository");
        assertThat(Files.readString(repo.resolve("conf/distributions"))).contains("Codename: experimental",
                "Architectures: amd64 arm64 source", "SignWith: ");
        // The exported key verifies the signed Release: what apt does with Signed-By.
        var v = LocalExec.run(Command.of("gpgv", "--keyring", repo.resolve("archive-keyring.gpg").toString(),
                repo.resolve("dists/experimental/InRelease").toString()), Duration.ofSeconds(30));
        assertThat(v.succeeded()).as(v.stderr()).isTrue();
        assertThat(r.out()).contains("apt: deb [signed-by=" + repo.resolve("archive-keyring.asc") + "] "
                + repo.toUri() + " experimental main");
        assertThat(r.out()).contains("trixie-amd64-sbuild: missing (buildd chroot create)");
    }

    @Test
    void refusesToOverwriteAnExistingConfigurationUnlessForced() throws Exception {
        Path data = dir.resolve("data");
        assertThat(Cli.run("--data", data.toString(), "init", "--builder-name", "first").exit()).isZero();
        String before = Files.readString(data.resolve("buildd.conf"));

        Cli.Run again = Cli.in(data, "init", "--builder-name", "second");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.errLines()).hasSize(1);
        assertThat(again.err()).contains("buildd.conf exists already", "--force");
        assertThat(Files.readString(data.resolve("buildd.conf"))).isEqualTo(before);

        Cli.Run forced = Cli.in(data, "init", "--builder-name", "second", "--force");
        assertThat(forced.exit()).as(forced.toString()).isZero();
        assertThat(BuilddConfig.load(data).instance().builderName()).isEqualTo("second");
    }

    @Test
    void copiesTheUploadersKeyring() throws Exception {
        Path keyring = Files.writeString(dir.resolve("up.gpg"), "not really a keyring, copied as it is");
        Path data = dir.resolve("data");
        assertThat(Cli.in(data, "init", "--uploaders-keyring", keyring.toString()).exit()).isZero();
        assertThat(data.resolve("keys/uploaders.gpg")).hasSameTextualContentAs(keyring);
    }

    @Test
    void aDataDirectoryTheBuildUserCannotReachIsRefusedBeforeBuilding() throws Exception {
        // @TempDir is 0700, as /root is: sbuild's unprivileged user could not read the repository below it.
        Path data = dir.resolve("data");
        assertThat(Cli.in(data, "init", "--chroot-dir", dir.resolve("chroots").toString()).exit()).isZero();
        var dsc = io.jenkins.plugins.debianbuildd.testsupport.PackageFixture.of(dir, "hello", "1.0-1").build().dsc();
        Cli.Run r = Cli.in(data, "build", dsc.toString(), "--arch", Instance.open(data).hostArchitecture());
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.errLines()).singleElement().asString()
                .startsWith("error: sbuild's unprivileged build user cannot reach " + data.resolve("repository") + ": " + dir
                        + " is closed to others");
        assertThat(data.resolve("build")).isEmptyDirectory();
    }

    @Test
    void badArgumentsAreOneLineAndExitCode2() {
        Path data = dir.resolve("data");
        String[][] cases = {
            {"init", "--arch", "amd46"},
            {"init", "--suite", "../etc"},
            {"init", "--arch", "amd64", "--arch-all", "arm64"},
            {"init", "--database", "mysql://db"},
            {"init", "--mirror", "ftp://old.example.org/debian"},
            {"init", "--uploaders-keyring", dir.resolve("missing.gpg").toString()},
            {"init", "--no-such-option"},
            {"init", "--builder-name", "has space"},
        };
        for (String[] args : cases) {
            Cli.Run r = Cli.in(data, args);
            assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isEqualTo(2);
            assertThat(r.errLines()).as(String.join(" ", args)).hasSize(1);
            assertThat(r.err()).startsWith("buildd init: ");
            assertThat(data.resolve("buildd.conf")).doesNotExist();
        }
    }
}
