package io.jenkins.plugins.debianbuildd.cli.wannabuild;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.debianbuildd.wannabuild.PackageRecord;
import io.jenkins.plugins.debianbuildd.wannabuild.State;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every operation, under its option and its alias, with wanna-build's answers and the exit codes. */
class WannaBuildOperationsTest extends WannaBuildFixture {
    private static final String[] UNSTABLE = {"-d", "unstable", "-A", "amd64"};

    @BeforeEach
    void packages() {
        needsBuild("unstable", "amd64", "hello", "1.0-1", "devel", "optional", "uncompiled");
        needsBuild("unstable", "amd64", "world", "2.0-1", "utils", "optional", "out-of-date");
        needsBuild("unstable", "amd64", "zlib", "1:1.3-1", "libs", "required", "out-of-date");
    }

    /** {@code name -d unstable -A amd64 args...}. */
    Run wb(String name, String... args) {
        List<String> all = new ArrayList<>(List.of(UNSTABLE));
        all.addAll(List.of(args));
        return run(name, all.toArray(String[]::new));
    }

    PackageRecord row(String name) {
        return store.get("unstable", "amd64", name).orElseThrow();
    }

    @Test
    void takeUnderEveryNameOfTheOption() {
        assertThat(wb("wanna-build", "-U", "b1", "-v", "hello_1.0-1").succeeds().out()).isEqualTo("hello: ok\n");
        wb("wanna-build", "--take", "-U", "b1", "world_2.0-1").succeeds();
        wb("wanna-build", "--building", "-U", "b1", "zlib_1:1.3-1").succeeds();
        assertThat(List.of(row("hello"), row("world"), row("zlib"))).allSatisfy(r -> {
            assertThat(r.state()).isEqualTo(State.BUILDING);
            assertThat(r.builder()).isEqualTo("b1");
        });
        // Without -U, the login name is the builder, as wanna-build does.
        needsBuild("unstable", "amd64", "dash", "0.5-1", "shells", "required", "uncompiled");
        wb("wanna-build", "dash").succeeds();
        assertThat(row("dash").builder()).isEqualTo(System.getProperty("user.name"));
    }

    @Test
    void aRefusedPackageDoesNotStopTheOthersAndExitsOne() {
        wb("wanna-build", "-U", "b1", "world").succeeds();
        Run r = wb("wanna-build", "-U", "b2", "hello_1.0-1", "world_2.0-1", "nosuch_1.0", "zlib");
        assertThat(r.isRefused().out()).isEqualTo("""
                world: NOT OK!
                  already taken by b1
                nosuch: not registered yet.
                """);
        assertThat(row("hello").builder()).isEqualTo("b2");
        assertThat(row("zlib").builder()).isEqualTo("b2");
        // A version that is not the registered one is refused too.
        assertThat(wb("wanna-build", "-U", "b2", "world_1.9-1").isRefused().out())
                .isEqualTo("world: NOT OK!\n  already taken by b1 (in newer version 2.0-1)\n");
    }

    @Test
    void overrideTakesAPackageOver() {
        wb("wanna-build", "-U", "b1", "hello").succeeds();
        assertThat(wb("wanna-build", "-o", "-U", "b2", "hello").succeeds().out()).isEqualTo("""
                User b1 had already taken the following package,
                but overriding this as you request:
                """);
        assertThat(row("hello").builder()).isEqualTo("b2");
        wb("wanna-build", "--override", "-U", "b3", "hello").succeeds();
        assertThat(row("hello").builder()).isEqualTo("b3");
    }

    @Test
    void uploadedBuiltAndAttempted() {
        wb("wanna-build", "-U", "b1", "hello", "world", "zlib").succeeds();
        assertThat(wb("uploaded-build", "-v", "-U", "b1", "hello_1.0-1_amd64.changes").succeeds().out())
                .isEqualTo("hello: registered as uploaded\n");
        assertThat(row("hello").state()).isEqualTo(State.UPLOADED);
        assertThat(wb("uploaded-build", "-U", "b1", "hello_1.0-1").succeeds().out()).isEqualTo("hello: already uploaded\n");
        wb("wanna-build", "--uploaded", "-U", "b1", "world").succeeds();
        assertThat(row("world").state()).isEqualTo(State.UPLOADED);

        assertThat(wb("wanna-build", "--attempted", "-v", "-U", "b1", "zlib").succeeds().out())
                .isEqualTo("zlib: registered as attempted\n");
        assertThat(row("zlib").state()).isEqualTo(State.BUILD_ATTEMPTED);
        wb("wanna-build", "--built", "-U", "b1", "zlib").succeeds();
        assertThat(row("zlib").state()).isEqualTo(State.BUILT);
        wb("wanna-build", "-u", "-U", "b1", "zlib").succeeds();
        assertThat(row("zlib").state()).isEqualTo(State.UPLOADED);

        needsBuild("unstable", "amd64", "dash", "0.5-1", "shells", "required", "uncompiled");
        assertThat(wb("uploaded-build", "-U", "b1", "dash").isRefused().out())
                .isEqualTo("dash: not taken for building (state is Needs-Build). Skipping.\n");
        assertThat(wb("wanna-build", "--built", "-U", "b1", "dash").isRefused().out())
                .isEqualTo("dash: skiping: state is Needs-Build, not in Building, Build-Attempted\n");
    }

    @Test
    void failedWithMessageCategoryAndAppendedReasons() {
        wb("wanna-build", "-U", "b1", "hello").succeeds();
        assertThat(wb("failed-build", "-U", "b1", "-m", "[e] missing include", "hello").succeeds().out())
                .isEqualTo("hello: registered as failed\n");
        assertThat(wb("wanna-build", "-f", "-U", "b1", "-m", "and a second problem", "hello").succeeds().out())
                .isEqualTo("hello: already registered as failed; will append new message\nhello: registered as failed\n");
        assertThat(wb("wanna-build", "--failed", "-U", "b1", "-c", "hard", "-m", "third", "hello").succeeds().out())
                .isEqualTo("""
                        hello: already registered as failed; will append new message
                        hello: already registered as failed; changing category
                        hello: registered as failed
                        """);
        PackageRecord r = row("hello");
        assertThat(r.failed()).isEqualTo("missing include\nand a second problem\nthird");
        assertThat(r.failedCategory().debianName()).isEqualTo("hard");
        // Not the holder: refused.
        assertThat(wb("failed-build", "-U", "b2", "-m", "x", "hello").isRefused().out())
                .isEqualTo("hello: not taken by you, but by b1. Skipping.\n");
        // From Needs-Build wanna-build warns and processes anyway.
        assertThat(wb("failed-build", "-U", "b1", "-m", "broken", "world").succeeds().out())
                .isEqualTo("world: warning: state is Needs-Build, processing anyways.\nworld: registered as failed\n");
    }

    @Test
    void failedAsksOnATerminalOnly() {
        wb("wanna-build", "-U", "b1", "hello", "world").succeeds();
        Run asked = runWithInput("failed-build", "first line\nsecond line\n.\nnot read\n", true,
                "-d", "unstable", "-A", "amd64", "-U", "b1", "hello");
        assertThat(asked.succeeds().out())
                .isEqualTo("Enter reason for failing (end with '.' alone on its line):\nhello: registered as failed\n");
        assertThat(row("hello").failed()).isEqualTo("first line\nsecond line");
        // End of input ends the reason too.
        runWithInput("failed-build", "only line\n", true, "-d", "unstable", "-A", "amd64", "-U", "b1", "world").succeeds();
        assertThat(row("world").failed()).isEqualTo("only line");
        // Not a terminal (a script, a daemon): never wait for input.
        runWithInput("failed-build", "ignored\n.\n", false, "-d", "unstable", "-A", "amd64", "-U", "b1", "hello")
                .isUsageError("failed-build: --failed needs a reason: give -m MESSAGE (or -c CATEGORY), or run it on a "
                        + "terminal to type it (see failed-build --help)");
        Run empty = runWithInput("failed-build", ".\n", true, "-d", "unstable", "-A", "amd64", "-U", "b1", "hello");
        assertThat(empty.exit()).isEqualTo(2);
        assertThat(empty.out()).isEqualTo("Enter reason for failing (end with '.' alone on its line):\n");
        assertThat(empty.err()).isEqualTo("failed-build: No failure reason given (see failed-build --help)\n");
        assertThat(row("hello").state()).isEqualTo(State.FAILED);
    }

    @Test
    void depWaitMergesDependencies() {
        wb("wanna-build", "-U", "b1", "hello").succeeds();
        assertThat(wb("dep-wait-build", "-v", "-U", "b1", "-m", "libfoo-dev (>= 1.2)", "hello").succeeds().out())
                .isEqualTo("hello: registered as waiting for dependencies\n");
        assertThat(wb("wanna-build", "--dep-wait", "-U", "b1", "-m", "libbar-dev", "hello").succeeds().out())
                .isEqualTo("hello: merging with previously registered dependencies\n");
        assertThat(row("hello").state()).isEqualTo(State.DEP_WAIT);
        assertThat(row("hello").depends()).isEqualTo("libfoo-dev (>= 1.2), libbar-dev");
        // Asked for on a terminal: the first non-empty line.
        wb("wanna-build", "-U", "b1", "world").succeeds();
        Run asked = runWithInput("dep-wait-build", "\nlibbaz-dev (>> 3)\n", true, "-d", "unstable", "-A", "amd64", "-U", "b1", "world");
        assertThat(asked.succeeds().out()).isEqualTo("Enter dependencies (one line):\n");
        assertThat(row("world").depends()).isEqualTo("libbaz-dev (>> 3)");
        // A list wanna-build cannot wait for is a bad argument.
        wb("wanna-build", "-U", "b1", "zlib").succeeds();
        wb("dep-wait-build", "-U", "b1", "-m", "libfoo-dev | libbar-dev", "zlib").isUsageError(
                "dep-wait-build: Bad dependency list: 'libfoo-dev | libbar-dev' (each entry must be one package, "
                        + "unversioned or with >= or >>) (see dep-wait-build --help)");
        assertThat(row("zlib").state()).isEqualTo(State.BUILDING);
    }

    @Test
    void giveBackNeedsTheHolderOrOverride() {
        wb("wanna-build", "-U", "b1", "hello").succeeds();
        assertThat(wb("give-back-build", "-U", "b2", "hello").isRefused().out())
                .isEqualTo("hello: not taken by you, but by b1. Skipping.\n");
        assertThat(wb("give-back-build", "-v", "-U", "b1", "hello").succeeds().out()).isEqualTo("hello: given back\n");
        // The suite checks installability: a given-back package waits for the next check.
        assertThat(row("hello").state()).isEqualTo(State.BD_UNINSTALLABLE);
        assertThat(row("hello").builder()).isNull();

        assertThat(wb("wanna-build", "--give-back", "-U", "b1", "world").isRefused().out())
                .isEqualTo("world: not taken for building (state is Needs-Build). Skipping.\n");
        assertThat(wb("wanna-build", "--needs-build", "-o", "-U", "b1", "world").succeeds().out())
                .isEqualTo("world: not taken for building (state is Needs-Build).\nworld: Forcing give-back\n");
        assertThat(wb("give-back-build", "--override", "-U", "b1", "hello").succeeds().out()).isEqualTo(
                "hello: Forcing uninstallability mark to be removed. This is not permanent and might be reset with the next trigger run\n");
        assertThat(row("hello").state()).isEqualTo(State.NEEDS_BUILD);
    }

    @Test
    void forgetAndNoBuild() {
        assertThat(wb("forget-build", "-v", "-U", "admin", "hello_1.0-1").succeeds().out())
                .isEqualTo("hello: deleted from database\n");
        assertThat(store.get("unstable", "amd64", "hello")).isEmpty();
        assertThat(wb("wanna-build", "--forget", "-U", "admin", "hello").isRefused().out()).isEqualTo("hello: not registered\n");
        assertThat(store.transactions("unstable", "amd64", "hello")).extracting(t -> t.action()).contains("--forget");

        assertThat(wb("no-build", "-v", "-U", "admin", "world").succeeds().out()).isEqualTo("world: registered as unsuitable\n");
        assertThat(row("world").state()).isEqualTo(State.NOT_FOR_US);
        assertThat(wb("wanna-build", "-U", "b1", "world").isRefused().out())
                .isEqualTo("world: NOT OK!\n  not suitable for this architecture\n");
        // The only way out of Not-For-Us: no-build again.
        assertThat(wb("wanna-build", "-n", "-U", "admin", "world").succeeds().out()).isEqualTo("world: now not unsuitable anymore\n");
        assertThat(row("world").state()).isEqualTo(State.FAILED);
        wb("wanna-build", "--not-for-us", "-U", "admin", "zlib").succeeds();
        assertThat(row("zlib").state()).isEqualTo(State.NOT_FOR_US);
    }

    @Test
    void binNmuScheduleTakeAndCancel() {
        installed("unstable", "amd64", "libfoo", "1.0-1", "libs");
        assertThat(wb("wanna-build", "--binNMU", "1", "-m", "Rebuild against libbar2", "-v", "-U", "admin", "libfoo_1.0-1")
                .succeeds().out()).isEqualTo("libfoo: registered for binNMU 1.0-1+b1\n");
        PackageRecord r = row("libfoo");
        assertThat(r.state()).isEqualTo(State.BD_UNINSTALLABLE);
        assertThat(r.binNmuVersion()).isEqualTo(1);
        assertThat(r.binNmuChangelog()).isEqualTo("Rebuild against libbar2");
        assertThat(wb("wanna-build", "--binary-nmu", "1", "-m", "again", "-U", "admin", "libfoo").isRefused().out())
                .isEqualTo("libfoo: already building binNMU 1\n");
        wb("give-back-build", "-o", "-U", "admin", "libfoo").succeeds();
        // Taking a binNMU says so, and -v says "aok" as wanna-build does.
        assertThat(wb("wanna-build", "-v", "-U", "b1", "libfoo").succeeds().out())
                .isEqualTo("libfoo: Warning: needs binary NMU 1\nRebuild against libbar2\nlibfoo: aok\n");
        assertThat(wb("wanna-build", "--binNMU", "0", "-U", "admin", "libfoo").succeeds().out()).isEmpty();
        assertThat(row("libfoo").state()).isEqualTo(State.INSTALLED);
        assertThat(row("libfoo").binNmuVersion()).isZero();
        assertThat(wb("wanna-build", "--binNMU", "0", "-U", "admin", "libfoo").isRefused().out())
                .isEqualTo("libfoo_1.0-1: no scheduled binNMU to cancel.\n");
        assertThat(wb("wanna-build", "--binNMU", "1", "-m", "x", "-U", "admin", "hello").isRefused().out())
                .isEqualTo("hello_1.0-1: not installed; can't register for binNMU.\n");
        // The changelog entry is asked for on a terminal.
        Run asked = runWithInput("wanna-build", "Rebuild for the transition\n", true,
                "-d", "unstable", "-A", "amd64", "--binNMU", "2", "-U", "admin", "libfoo");
        assertThat(asked.succeeds().out()).isEqualTo("Enter changelog entry (one line):\n");
        assertThat(row("libfoo").binNmuChangelog()).isEqualTo("Rebuild for the transition");
    }

    @Test
    void buildPriorities() {
        assertThat(wb("wanna-build", "--build-priority", "10", "-v", "-U", "admin", "hello").succeeds().out())
                .isEqualTo("hello: set to build priority 10\n");
        assertThat(wb("wanna-build", "--perm-build-priority", "3", "-v", "-U", "admin", "hello").succeeds().out())
                .isEqualTo("hello: set to permanent build priority 3\n");
        assertThat(row("hello").buildPri()).isEqualTo(3);
        assertThat(row("hello").permBuildPri()).isEqualTo(3);
        wb("wanna-build", "--permanent-build-priority", "0", "-U", "admin", "hello").succeeds();
        assertThat(row("hello").permBuildPri()).isZero();
        assertThat(run("list-needs-build", UNSTABLE).lines()).contains("devel/hello_1.0-1 [optional:uncompiled:calprio{25}:days{0}]");
    }

    @Test
    void suiteAndArchitectureDefaultsAndAbbreviations() {
        needsBuild("experimental", "amd64", "hello", "1.1-1", "devel", "optional", "uncompiled");
        // Two suites: -d is needed; experimental has one architecture, so -A is not.
        run("wanna-build", "-U", "b1", "hello").isUsageError(
                "wanna-build: several suites are configured (experimental, unstable): choose one with -d (see wanna-build --help)");
        run("wanna-build", "-d", "experimental", "-U", "b1", "hello_1.1-1").succeeds();
        assertThat(store.get("experimental", "amd64", "hello").orElseThrow().state()).isEqualTo(State.BUILDING);
        // u stands for unstable, as in wanna-build.
        run("wanna-build", "-d", "u", "-A", "amd64", "-U", "b1", "hello_1.0-1").succeeds();
        assertThat(row("hello").state()).isEqualTo(State.BUILDING);
        run("wanna-build", "-d", "sid", "-A", "amd64", "-U", "b1", "hello").isUsageError(
                "wanna-build: Bad distribution 'sid' (configured: experimental, unstable) (see wanna-build --help)");
        run("wanna-build", "-d", "experimental", "-A", "arm64", "-U", "b1", "hello").isUsageError(
                "wanna-build: architecture arm64 is not configured for suite experimental (amd64) (see wanna-build --help)");
        run("wanna-build", "-d", "unstable,experimental", "-A", "amd64", "hello").isUsageError(
                "wanna-build: multiple distributions are only allowed for list (see wanna-build --help)");
    }

    @Test
    void jsonForScripts() throws Exception {
        wb("wanna-build", "-U", "b1", "world").succeeds();
        Run r = wb("wanna-build", "--json", "-U", "b2", "hello_1.0-1", "world");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEmpty();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(fieldNames(j)).containsExactly("operation", "suite", "arch", "user", "ok", "results");
        assertThat(j.get("operation").asText()).isEqualTo("take");
        assertThat(j.get("ok").asBoolean()).isFalse();
        JsonNode hello = j.get("results").get(0);
        assertThat(fieldNames(hello)).containsExactly("argument", "package", "ok", "changed", "previousState", "state",
                "messages", "record");
        assertThat(hello.get("ok").asBoolean()).isTrue();
        assertThat(hello.get("previousState").asText()).isEqualTo("Needs-Build");
        assertThat(hello.get("state").asText()).isEqualTo("Building");
        assertThat(fieldNames(hello.get("record"))).containsExactly("suite", "arch", "package", "version", "buildVersion",
                "state", "previousState", "stateChange", "builder", "section", "priority", "notes", "installedVersion",
                "failed", "failedCategory", "oldFailed", "depends", "bdProblem", "binNmuVersion", "binNmuChangelog",
                "buildPriority", "permBuildPriority", "calprio", "stateDays", "lastBuildSeconds", "lastSuccessfulBuildSeconds");
        assertThat(hello.get("record").get("builder").asText()).isEqualTo("b2");
        assertThat(hello.get("record").get("stateChange").asText()).isEqualTo("2024-03-01T10:00:00Z");
        assertThat(hello.get("record").get("failed").isNull()).isTrue();
        JsonNode world = j.get("results").get(1);
        assertThat(world.get("ok").asBoolean()).isFalse();
        assertThat(world.get("state").isNull()).isTrue();
        assertThat(world.get("record").isNull()).isTrue();
        assertThat(world.get("messages").get(0).asText()).isEqualTo("world: NOT OK!\n  already taken by b1");
    }

    static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
