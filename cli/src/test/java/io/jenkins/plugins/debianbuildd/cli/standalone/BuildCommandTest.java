package io.jenkins.plugins.debianbuildd.cli.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.debianbuildd.chroot.BuilderKind;
import io.jenkins.plugins.debianbuildd.exec.Mounts;
import io.jenkins.plugins.debianbuildd.openpgp.GnupgHome;
import io.jenkins.plugins.debianbuildd.testsupport.PackageFixture;
import io.jenkins.plugins.debianbuildd.testsupport.TestChroots;
import io.jenkins.plugins.debianbuildd.wannabuild.BuildRecord;
import io.jenkins.plugins.debianbuildd.wannabuild.BuildResult;
import io.jenkins.plugins.debianbuildd.wannabuild.PackageRecord;
import io.jenkins.plugins.debianbuildd.wannabuild.State;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Real sbuild builds through {@code buildd build}, in the builder tests' cached chroot, of the demo's example
 * packages uploaded through incoming: libgreet builds and is published; hello-greet then builds against
 * libgreet-dev from our own signed repository; broken-calc fails with the compiler's error as diagnosis.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BuildCommandTest {
    static Path data;
    static Path work;
    static GnupgHome uploader;
    static String arch;
    static PackageFixture.Built brokenCalc;

    @BeforeAll
    static void dataDirectory() throws IOException {
        TestChroots.get(BuilderKind.SBUILD);
        arch = TestChroots.architecture();
        // sbuild's unprivileged user reads the repository and unpacks the chroot under build/: no 0700 @TempDir here.
        work = Files.createTempDirectory("debian-buildd-cli-builds-");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        uploader = new GnupgHome(work.resolve("uploader"));
        String key = uploader.generateSigningKey("Uploader <uploader@example.org>");
        Path keyring = work.resolve("uploaders.gpg");
        uploader.exportPublicKey(key, keyring, false);
        data = work.resolve("data");
        Cli.Run init = Cli.in(data, "init", "--arch", arch, "--chroot-distribution", TestChroots.suite(),
                "--chroot-dir", TestChroots.manager().root().toString(), "--uploaders-keyring", keyring.toString(),
                "--builder-name", "buildd-test");
        assertThat(init.exit()).as(init.toString()).isZero();
        for (String name : List.of("libgreet", "hello-greet", "broken-calc")) {
            PackageFixture.Built b = Examples.sourceUpload(name, work, uploader, key);
            PackageFixture.upload(b, data.resolve("incoming/incoming"));
            if (name.equals("broken-calc")) {
                brokenCalc = b;
            }
        }
        Cli.Run in = Cli.in(data, "incoming", "process");
        assertThat(in.exit()).as(in.toString()).isZero();
        assertThat(in.out()).contains("3 accepted");
    }

    @AfterAll
    static void cleanUp() {
        if (uploader != null) {
            uploader.stopAgent();
        }
        if (work != null) {
            Mounts.deleteTree(work);
        }
    }

    private static PackageRecord row(String name) throws IOException {
        try (Instance i = Instance.open(data)) {
            return i.store().get("unstable", arch, name).orElseThrow();
        }
    }

    private static List<Path> files(Path dir, String prefix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
        }
    }

    @Test
    @Order(1)
    void recordedBuildIsTakenBuiltPublishedAndRecorded() throws Exception {
        Cli.Run r = Cli.in(data, "build", "libgreet", "--arch", arch, "--record");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("libgreet_1.0 (unstable/" + arch + "): taken by buildd-test",
                "Building libgreet_1.0_" + arch + " for unstable (arch:any) in chroot " + TestChroots.suite() + "-" + arch + "-sbuild",
                "] Build\n", "libgreet_1.0_" + arch + ": successful in ",
                "disposition: Built (libgreet_1.0_" + arch + ".changes)",
                "published into unstable\n",
                "libgreet_1.0 (unstable/" + arch + "): Uploaded in wanna-build");
        // The log went to the terminal as it was written, and is kept in logs/.
        assertThat(r.out()).contains("dpkg-buildpackage");
        List<Path> logs = files(data.resolve("logs"), "libgreet_1.0_" + arch + "-");
        assertThat(logs).singleElement();
        assertThat(Files.readString(logs.get(0))).contains("Status: successful");
        assertThat(r.out()).contains("log: " + logs.get(0));

        PackageRecord row = row("libgreet");
        assertThat(row.state()).isEqualTo(State.UPLOADED);
        assertThat(row.builder()).isEqualTo("buildd-test");
        try (Instance i = Instance.open(data)) {
            List<BuildRecord> history = i.store().history("unstable", arch, "libgreet");
            assertThat(history).singleElement().satisfies(h -> {
                assertThat(h.result()).isEqualTo(BuildResult.SUCCESSFUL);
                assertThat(h.builder()).isEqualTo("buildd-test");
                assertThat(h.buildTime()).isPositive();
            });
            assertThat(i.store().transactions("unstable", arch, "libgreet")).extracting(t -> t.newState())
                    .containsExactly(State.NEEDS_BUILD, State.BUILDING, State.BUILT, State.UPLOADED);
        }
        assertThat(Cli.in(data, "repo", "list").out()).contains("unstable|main|" + arch + ": libgreet-dev 1.0 (source libgreet 1.0)");
        // Published: the work directory is gone.
        assertThat(files(data.resolve("build"), "libgreet")).isEmpty();
    }

    @Test
    @Order(2)
    void buildsAgainstWhatTheRepositoryPublished() throws Exception {
        Cli.Run r = Cli.in(data, "build", "hello-greet_1.0", "--arch", arch, "--record", "--quiet");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("disposition: Built (hello-greet_1.0_" + arch + ".changes)")
                .doesNotContain("dpkg-buildpackage");
        assertThat(row("hello-greet").state()).isEqualTo(State.UPLOADED);
        String log = Files.readString(files(data.resolve("logs"), "hello-greet_1.0_" + arch + "-").get(0));
        // libgreet-dev came from our repository, verified with our key.
        assertThat(log).contains("Get:1 file:" + data.resolve("repository") + " unstable InRelease", "libgreet-dev");
    }

    @Test
    @Order(3)
    void unrecordedFailedBuildPrintsTheDiagnosisAndChangesNothing() throws Exception {
        PackageRecord before = row("broken-calc");
        Cli.Run r = Cli.in(data, "build", brokenCalc.dsc().toString(), "--arch", arch, "--quiet");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.UNSUCCESSFUL);
        assertThat(r.out()).contains("broken-calc_1.0_" + arch + ": attempted in ", "(failed stage: build)",
                "disposition: Build-Attempted [medium]: calc.c:5:21: error: expected ‘;’ before ‘}’ token",
                "diagnosis: COMPILE_ERROR, category medium");
        assertThat(r.out()).containsPattern("  log line \\d+: calc\\.c:5:21: error: expected ‘;’ before ‘}’ token");
        assertThat(row("broken-calc")).isEqualTo(before);
        assertThat(files(data.resolve("logs"), "broken-calc_1.0_" + arch + "-")).singleElement();
        assertThat(files(data.resolve("build"), "broken-calc")).isEmpty();
    }

    @Test
    @Order(4)
    void mistakes() throws Exception {
        Cli.Run taken = Cli.in(data, "build", "libgreet", "--arch", arch, "--record");
        assertThat(taken.exit()).isEqualTo(1);
        assertThat(taken.errLines()).singleElement().asString().startsWith("error: libgreet: NOT OK!");
        Cli.Run unknown = Cli.in(data, "build", "nosuch", "--arch", arch);
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("error: nosuch is not in suite unstable of the repository\n");
        Cli.Run version = Cli.in(data, "build", "libgreet_2.0", "--arch", arch);
        assertThat(version.exit()).isEqualTo(1);
        assertThat(version.err()).isEqualTo("error: libgreet 2.0 is not in suite unstable of the repository (it has 1.0)\n");
        String[][] usage = {
            {"build", "libgreet"},
            {"build", "--arch", arch},
            {"build", "libgreet", "--arch", "s390x"},
            {"build", "libgreet", "--arch", arch, "--suite", "nosuch"},
            {"build", "libgreet", "--arch", arch, "--override"},
            {"build", brokenCalc.dsc().toString(), "--arch", arch, "--record"},
            {"build", "bad name!", "--arch", arch},
        };
        for (String[] args : usage) {
            Cli.Run r = Cli.in(data, args);
            assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isEqualTo(2);
            assertThat(r.errLines()).as(String.join(" ", args)).singleElement().asString().startsWith("buildd build: ");
        }
    }
}
