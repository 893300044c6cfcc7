package io.jenkins.plugins.debianbuildd.cli.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.debianbuildd.wannabuild.BuildResult;
import io.jenkins.plugins.debianbuildd.wannabuild.State;
import io.jenkins.plugins.debianbuildd.wannabuild.TransactionEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's main job, for real: sbuild in a real chroot, reprepro, gpg, dose-builddebcheck, the
 * wanna-build store; the final states are asserted.
 */
class DemoTest {

    /** A data directory sbuild's unprivileged build user can reach (JUnit's @TempDir is mode 0700). */
    static Path reachableDir(String prefix) throws Exception {
        Path parent = Files.createTempDirectory(prefix);
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
        return parent.resolve("data");
    }

    @Test
    void theDemoBuildsWaitsAndFailsAsItSays() throws Exception {
        Path data = reachableDir("demo-test");
        Cli.Run r = Cli.run("demo", "--data", data.toString(), "--examples", Examples.root().toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("The demo ended as expected.")
                .contains("incoming: accepted libgreet_1.0_source.changes")
                .contains("Dep-Wait")
                .contains("math/broken-calc_1.0: Failed by buildd-demo")
                .contains("calc.c:5:21: error: expected")
                .contains("Total 3 package(s)")
                .contains("unstable|main|amd64: libgreet-dev 1.0 (source libgreet 1.0)")
                .contains("deb [signed-by=" + data.resolve("repository/archive-keyring.asc") + "] file://");

        try (Instance i = Instance.open(data)) {
            String arch = InitCommand.hostArchitecture();
            assertThat(i.store().get("unstable", arch, "libgreet").orElseThrow().state()).isEqualTo(State.INSTALLED);
            assertThat(i.store().get("unstable", arch, "hello-greet").orElseThrow().state()).isEqualTo(State.INSTALLED);
            assertThat(i.store().get("unstable", arch, "broken-calc").orElseThrow().state()).isEqualTo(State.FAILED);
            assertThat(i.store().get("unstable", arch, "broken-calc").orElseThrow().failed()).contains("calc.c:5:21");
            // hello-greet waited for libgreet-dev, then was built once.
            List<TransactionEntry> log = i.store().transactions("unstable", arch, "hello-greet");
            assertThat(log).anyMatch(t -> t.newState() == State.DEP_WAIT);
            assertThat(i.store().history("unstable", arch, "hello-greet")).extracting(h -> h.result())
                    .containsExactly(BuildResult.SUCCESSFUL);
            assertThat(i.store().list(io.jenkins.plugins.debianbuildd.wannabuild.ListQuery.of("unstable", arch, State.BUILDING))).isEmpty();
        }

        // Rerunnable: a second run starts from a fresh data directory and reuses the chroot.
        Cli.Run again = Cli.run("demo", "--data", data.toString(), "--examples", Examples.root().toString());
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.out()).contains("reusing").contains("The demo ended as expected.");
    }
}
