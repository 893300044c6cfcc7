package io.jenkins.plugins.debianbuildd.cli.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.debianbuildd.exec.Command;
import io.jenkins.plugins.debianbuildd.exec.LocalExec;
import io.jenkins.plugins.debianbuildd.testsupport.PackageFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code buildd repo ...} on a real reprepro repository, checked with gpgv and the published indices. */
class RepoCommandTest {
    @TempDir
    Path dir;

    private Path init() throws Exception {
        Path data = dir.resolve("data");
        assertThat(Cli.in(data, "init", "--arch", "amd64,arm64", "--chroot-dir", dir.resolve("chroots").toString()).exit()).isZero();
        // A second suite, added by editing the file as a user would: the repository follows on next use.
        Files.writeString(data.resolve("buildd.conf"), "\nSuite: testing\nArchitectures: amd64 arm64\n", StandardOpenOption.APPEND);
        return data;
    }

    @Test
    void includeListCopyRemoveExportCheck() throws Exception {
        Path data = init();
        Path repo = data.resolve("repository");
        PackageFixture.Built hello = PackageFixture.of(dir, "hello", "1.0-1").binary("hello", "amd64").binary("hello-doc", "all").build();

        Cli.Run inc = Cli.in(data, "repo", "include", "unstable", hello.changes().toString());
        assertThat(inc.exit()).as(inc.toString()).isZero();
        assertThat(inc.out()).contains("hello 1.0-1 into unstable (source all amd64)", "unstable|main|source: hello 1.0-1",
                "unstable|main|amd64: hello 1.0-1", "unstable|main|arm64: hello-doc 1.0-1 (source hello 1.0-1)");
        assertThat(Files.readString(repo.resolve("conf/distributions"))).contains("Codename: testing");
        FileTime conf = Files.getLastModifiedTime(repo.resolve("conf/distributions"));

        Cli.Run list = Cli.in(data, "repo", "list");
        assertThat(list.exit()).isZero();
        assertThat(list.out().lines()).containsExactly(
                "unstable|main|amd64: hello 1.0-1",
                "unstable|main|amd64: hello-doc 1.0-1 (source hello 1.0-1)",
                "unstable|main|arm64: hello-doc 1.0-1 (source hello 1.0-1)",
                "unstable|main|source: hello 1.0-1",
                "Total 4 entries");
        // The repository is reconfigured only when the configuration changed.
        assertThat(Files.getLastModifiedTime(repo.resolve("conf/distributions"))).isEqualTo(conf);

        PackageFixture.Built older = PackageFixture.of(dir, "hello", "0.9-1").binary("hello", "amd64").build();
        Cli.Run refused = Cli.in(data, "repo", "include", "unstable", older.changes().toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.errLines()).hasSize(1);
        assertThat(refused.err()).startsWith("error: ").contains("hello", "0.9-1", "1.0-1");

        PackageFixture.Built other = PackageFixture.of(dir, "other", "2.0-1").build();
        Cli.Run dsc = Cli.in(data, "repo", "include", "unstable", other.dsc().toString(), "--section", "utils");
        assertThat(dsc.exit()).as(dsc.toString()).isZero();
        assertThat(dsc.out()).contains("unstable|main|source: other 2.0-1");

        Cli.Run copy = Cli.in(data, "repo", "copy", "--from", "unstable", "--to", "testing", "hello");
        assertThat(copy.exit()).as(copy.toString()).isZero();
        assertThat(copy.out()).contains("testing|main|source: hello 1.0-1", "testing|main|amd64: hello 1.0-1");
        Cli.Run bin = Cli.in(data, "repo", "copy", "--from", "unstable", "--to", "testing", "--binaries", "other");
        assertThat(bin.exit()).as(bin.toString()).isZero();

        Cli.Run remove = Cli.in(data, "repo", "remove", "unstable", "hello");
        assertThat(remove.exit()).as(remove.toString()).isZero();
        assertThat(remove.out()).contains("Removed 4 entries:");
        assertThat(Cli.in(data, "repo", "list", "unstable", "--source", "hello").out().lines()).containsExactly("Total 0 entries");
        Cli.Run again = Cli.in(data, "repo", "remove", "unstable", "hello");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("hello is not in unstable");

        assertThat(Cli.in(data, "repo", "export").exit()).isZero();
        Cli.Run check = Cli.in(data, "repo", "check");
        assertThat(check.exit()).isZero();
        assertThat(check.out()).contains("consistent");

        // What apt reads: the signed InRelease verifies with the exported key, and lists what was copied.
        var v = LocalExec.run(Command.of("gpgv", "--keyring", repo.resolve("archive-keyring.gpg").toString(),
                repo.resolve("dists/testing/InRelease").toString()), Duration.ofSeconds(30));
        assertThat(v.succeeded()).as(v.stderr()).isTrue();
        assertThat(Files.readString(repo.resolve("dists/testing/main/binary-amd64/Packages"))).contains("Package: hello\n");
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(repo.resolve("dists/testing/main/source/Sources.gz")))) {
            assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).contains("Package: hello\n");
        }
        assertThat(Cli.in(data, "repo", "list", "testing").out()).contains("testing|main|source: other 2.0-1");
    }

    @Test
    void keyShowsTheFingerprintAndExportsThePublicKey() throws Exception {
        Path data = init();
        Cli.Run key = Cli.in(data, "repo", "key");
        assertThat(key.exit()).isZero();
        assertThat(key.out()).containsPattern("fingerprint: [0-9A-F]{40}")
                .contains("apt:         deb [signed-by=" + data.resolve("repository/archive-keyring.asc") + "]");
        assertThat(key.out()).contains(" testing main");
        assertThat(Cli.in(data, "repo", "key", "--armor").out()).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----");
        Path out = dir.resolve("exported.gpg");
        assertThat(Cli.in(data, "repo", "key", "--output", out.toString()).exit()).isZero();
        assertThat(out).hasSameBinaryContentAs(data.resolve("repository/archive-keyring.gpg"));
    }

    @Test
    void mistakes() throws Exception {
        Path data = init();
        Path txt = Files.writeString(dir.resolve("notes.txt"), "x");
        String[][] usage = {
            {"repo", "include", "nosuchsuite", txt.toString()},
            {"repo", "include", "unstable", txt.toString()},
            {"repo", "include", "unstable"},
            {"repo", "copy", "--from", "unstable", "hello"},
            {"repo", "copy", "--from", "unstable", "--to", "unstable", "hello"},
            {"repo", "list", "nosuchsuite"},
            {"repo", "frobnicate"},
        };
        for (String[] args : usage) {
            Cli.Run r = Cli.in(data, args);
            assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isEqualTo(2);
            assertThat(r.errLines()).as(String.join(" ", args)).hasSize(1);
        }
        Cli.Run missing = Cli.in(data, "repo", "include", "unstable", dir.resolve("gone_1.0_amd64.changes").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("error: no such file: " + dir.resolve("gone_1.0_amd64.changes") + "\n");
        Cli.Run noData = Cli.in(dir.resolve("nothing-here"), "repo", "list");
        assertThat(noData.exit()).isEqualTo(1);
        assertThat(noData.err()).contains("run 'buildd init --data " + dir.resolve("nothing-here") + "' first");
    }
}
