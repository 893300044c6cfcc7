package io.jenkins.plugins.debianbuildd.cli.wannabuild;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.debianbuildd.wannabuild.State;
import org.junit.jupiter.api.Test;

/** Bad arguments: one clear line on standard error, nothing on standard output, exit code 2, nothing changed. */
class WannaBuildArgumentsTest extends WannaBuildFixture {

    @Test
    void unknownOptionsAndMissingValues() {
        run("wanna-build", "--lsit", "all").isUsageError("wanna-build: Unknown option: '--lsit' (see wanna-build --help)");
        run("list-all", "-l").isUsageError("list-all: Missing required parameter for option '--list' (STATE) (see list-all --help)");
        run("wanna-build", "--binNMU", "x", "hello").isUsageError(
                "wanna-build: Invalid value for option '--binNMU': 'x' is not an int (see wanna-build --help)");
        run("list-failed", "-a", "soon").isUsageError(
                "list-failed: Invalid value for option '--min-age': 'soon' is not an int (see list-failed --help)");
    }

    @Test
    void oneActionAtATime() {
        run("wanna-build", "--failed", "--uploaded", "hello").isUsageError(
                "wanna-build: one action at a time: --failed, --uploaded (see wanna-build --help)");
        run("list-failed", "--uploaded", "hello").isUsageError(
                "list-failed: one action at a time: --list (implied by the name list-failed), --uploaded (see list-failed --help)");
        run("build-info", "--forget", "hello").isUsageError(
                "build-info: one action at a time: --info (implied by the name build-info), --forget (see build-info --help)");
        // The alias's own option again is no conflict.
        needsBuild("experimental", "amd64", "hello", "1.0-1", "devel", "optional", "uncompiled");
        run("failed-build", "--failed", "-d", "experimental", "-U", "b", "-m", "x", "hello").succeeds();
        assertThat(store.get("experimental", "amd64", "hello").orElseThrow().state()).isEqualTo(State.FAILED);
    }

    @Test
    void packagesWhereNeededAndOnlyThere() {
        for (Alias a : Alias.values()) {
            if (a.mode() != Mode.LIST) {
                run(a.commandName()).isUsageError(a.commandName() + ": No packages given. (see " + a.commandName() + " --help)");
            } else {
                run(a.commandName(), "hello").isUsageError(a.commandName()
                        + ": --list takes no package arguments, but got: hello (see " + a.commandName() + " --help)");
            }
        }
        run("wanna-build").isUsageError("wanna-build: No packages given. (see wanna-build --help)");
        run("wanna-build", "--merge-v3").isUsageError("wanna-build: --merge-v3 needs PACKAGES... . SOURCES... "
                + "[. BUILD-AGAINST-PACKAGES...] (see wanna-build --help)");
        run("wanna-build", "--export", "/tmp/x", "hello").isUsageError(
                "wanna-build: --export takes no package arguments, but got: hello (see wanna-build --help)");
    }

    @Test
    void badPackageArguments() {
        run("wanna-build", "-d", "experimental", "Hello_1.0").isUsageError(
                "wanna-build: Hello_1.0: can't extract package name and version (bad format) (see wanna-build --help)");
        run("uploaded-build", "-d", "experimental", "hello_1.0", "../x/hello_:1.dsc").isUsageError(
                "uploaded-build: ../x/hello_:1.dsc: invalid version ':1': epoch in version is empty (see uploaded-build --help)");
    }

    @Test
    void optionsThatMeanNothingForTheAction() {
        run("wanna-build", "-m", "x", "hello").isUsageError(
                "wanna-build: -m is only used with --failed, --dep-wait, --binNMU, not with --take (see wanna-build --help)");
        run("list-all", "-m", "x").isUsageError(
                "list-all: -m is only used with --failed, --dep-wait, --binNMU, not with --list (see list-all --help)");
        run("uploaded-build", "-c", "easy", "hello").isUsageError(
                "uploaded-build: -c is only used with --failed, --list, not with --uploaded (see uploaded-build --help)");
        run("wanna-build", "-a", "3", "hello").isUsageError(
                "wanna-build: -a is only used with --list, not with --take (see wanna-build --help)");
        run("build-info", "-O", "n", "hello").isUsageError(
                "build-info: -O is only used with --list, not with --info (see build-info --help)");
        run("list-all", "-o").isUsageError(
                "list-all: --override is only used with an operation on packages, not with --list (see list-all --help)");
        run("wanna-build", "--arch-all", "amd64", "hello").isUsageError(
                "wanna-build: --arch-all is only used with --merge-v3, not with --take (see wanna-build --help)");
        run("list-all", "--database-user", "wb").isUsageError(
                "list-all: --database-user and --database-password-file go with --database (see list-all --help)");
        run("list-all", "--data", dataDir.toString(), "--database", "jdbc:sqlite::memory:").isUsageError(
                "list-all: --data and --database name two databases: give one (see list-all --help)");
        run("wanna-build", "--json", "--export", "-").isUsageError("wanna-build: --json and '-' (the dump on standard "
                + "input or output) do not go together (see wanna-build --help)");
    }

    @Test
    void badValues() {
        run("wanna-build", "-l", "nonsense").isUsageError("wanna-build: Unknown state to list: nonsense (one of all, "
                + "needs-build, building, built, build-attempted, uploaded, installed, dep-wait, bd-uninstallable, failed, "
                + "not-for-us, auto-not-for-us, failed-removed, dep-wait-removed, install-wait, reupload-wait) "
                + "(see wanna-build --help)");
        run("list-all", "-O", "cpx").isUsageError(
                "list-all: Bad ordering character 'x' (use bcpsnfPCWSa) (see list-all --help)");
        run("list-failed", "-c", "weird").isUsageError("list-failed: unknown failure category 'weird' (one of none, "
                + "uploaded-fixed-pkg (u), fix-expected (f), reminder-sent (r), nmu-offered (n), easy (e), medium (m), "
                + "hard (h), compiler-error (c)) (see list-failed --help)");
        run("wanna-build", "--binNMU", "-1", "-m", "x", "hello").isUsageError(
                "wanna-build: --binNMU: the binNMU number must not be negative: -1 (see wanna-build --help)");
        needsBuild("experimental", "amd64", "hello", "1.0-1", "devel", "optional", "uncompiled");
        run("wanna-build", "-d", "experimental", "-U", "b", "hello").succeeds();
        run("dep-wait-build", "-d", "experimental", "-U", "b", "-m", " ", "hello").isUsageError(
                "dep-wait-build: No dependencies given (see dep-wait-build --help)");
        run("wanna-build", "-d", "experimental", "-U", "has space", "hello").isUsageError(
                "wanna-build: invalid user name 'has space': no spaces or control characters (see wanna-build --help)");
        assertThat(store.get("experimental", "amd64", "hello").orElseThrow().state()).isEqualTo(State.BUILDING);
    }

    @Test
    void suitesAndArchitectures() {
        run("list-all").isUsageError(
                "list-all: several suites are configured (experimental, unstable): choose one with -d (see list-all --help)");
        run("list-all", "-d", "stable").isUsageError(
                "list-all: Bad distribution 'stable' (configured: experimental, unstable) (see list-all --help)");
        run("list-all", "-d", "unstable", "-A", "sparc").isUsageError(
                "list-all: architecture sparc is not configured for suite unstable (amd64, arm64) (see list-all --help)");
        run("list-all", "-d", "unstable,experimental", "-A", "arm64").isUsageError(
                "list-all: architecture arm64 is not configured for every suite of unstable, experimental (see list-all --help)");
        run("build-info", "-d", "all", "-A", "sparc", "hello").isUsageError(
                "build-info: architecture sparc is not configured for any suite of experimental, unstable (see build-info --help)");
        run("wanna-build", "-d", "all", "hello").isUsageError(
                "wanna-build: -d all (every suite) is only allowed for --list and --info (see wanna-build --help)");
        // unstable has two architectures: without -A, this machine's, if it is one of them.
        Run r = run("list-all", "-d", "unstable");
        String host = OpenStore.hostArchitecture();
        if ("amd64".equals(host) || "arm64".equals(host)) {
            assertThat(r.succeeds().out()).isEqualTo("Total 0 package(s)\n");
        } else {
            r.isUsageError("list-all: choose an architecture with -A (unstable: amd64, arm64) (see list-all --help)");
        }
    }

    @Test
    void helpAndVersionEverywhere() {
        for (Alias a : Alias.values()) {
            Run help = run(a.commandName(), "--help").succeeds();
            assertThat(help.out()).startsWith("Usage: " + a.commandName() + " ").contains("Exit codes:", "list-needs-build");
        }
        assertThat(run("wanna-build", "-h").succeeds().out()).startsWith("Usage: wanna-build ");
        assertThat(run("build-info", "--version").succeeds().out()).isEqualTo("debian-buildd 0.1.0\n");
    }
}
