package io.jenkins.plugins.debianbuildd.cli.wannabuild;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.debianbuildd.cli.UserErrors;
import io.jenkins.plugins.debianbuildd.cli.config.BuilddConfig;
import io.jenkins.plugins.debianbuildd.cli.config.Instances;
import io.jenkins.plugins.debianbuildd.wannabuild.Action;
import io.jenkins.plugins.debianbuildd.wannabuild.Fields;
import io.jenkins.plugins.debianbuildd.wannabuild.SuiteConfig;
import io.jenkins.plugins.debianbuildd.wannabuild.WannaBuildStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.jenkins.plugins.debianbuildd.testsupport.MovableClock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A real embedded wanna-build store in a data directory with a buildd.conf written here, and the command
 * run in-process through picocli as the launcher runs it, under any of its names, with captured output.
 * The store is opened once per test with a clock the test moves, and handed to the command, so that
 * output with times and priorities is exact.
 */
abstract class WannaBuildFixture {
    static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

    /** Two suites: unstable for two architectures, experimental for one. */
    static final String CONF = """
            Builder-Name: buildd-test

            Suite: unstable
            Architectures: amd64 arm64

            Suite: experimental
            Architectures: amd64
            """;

    /** What one run printed and returned. */
    record Run(int exit, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }

        /** A usage error: exit 2, one line on stderr, nothing on stdout. */
        Run isUsageError(String line) {
            assertThat(exit).as("exit code; out=%s err=%s", out, err).isEqualTo(2);
            assertThat(out).isEmpty();
            assertThat(err).isEqualTo(line + "\n");
            return this;
        }

        Run succeeds() {
            assertThat(exit).as("exit code; out=%s err=%s", out, err).isZero();
            assertThat(err).isEmpty();
            return this;
        }

        /** Refused: exit 1, wanna-build's message on stdout, nothing on stderr. */
        Run isRefused() {
            assertThat(exit).as("exit code; out=%s err=%s", out, err).isEqualTo(1);
            assertThat(err).isEmpty();
            return this;
        }
    }

    @TempDir
    Path dataDir;

    final MovableClock clock = new MovableClock(T0);
    BuilddConfig config;
    WannaBuildStore store;

    String conf() {
        return CONF;
    }

    @BeforeEach
    void openStore() throws IOException {
        Files.writeString(dataDir.resolve(BuilddConfig.FILE_NAME), conf());
        config = BuilddConfig.load(dataDir);
        store = WannaBuildStore.open(Instances.storeConfig(config).withClock(clock));
        for (BuilddConfig.Suite s : config.suites()) {
            store.configureSuite(new SuiteConfig(s.name(), s.architectures(), true, false));
        }
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    /** Runs {@code name args...} (name: wanna-build or an alias) against the test's store. */
    Run run(String name, String... args) {
        return runWithInput(name, null, false, args);
    }

    /** Runs with {@code input} on standard input, a terminal when {@code terminal}. */
    Run runWithInput(String name, String input, boolean terminal, String... args) {
        WannaBuildCommand command = WannaBuildCommand.invokedAs(name).useStore(store, config, clock);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        command.useStreams(new ByteArrayInputStream(input == null ? new byte[0] : input.getBytes(StandardCharsets.UTF_8)),
                terminal, raw);
        CommandLine cl = UserErrors.install(command.commandLine());
        return execute(cl, raw, args);
    }

    static Run execute(CommandLine cl, ByteArrayOutputStream raw, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out + raw.toString(StandardCharsets.UTF_8), err.toString());
    }

    /** Registers packages as the archive merge does: Needs-Build with section, priority and notes. */
    void needsBuild(String suite, String arch, String name, String version, String section, String priority, String notes) {
        store.merge(suite, arch, "merge", s -> s.apply(name, Action.MERGE_NEW_VERSION,
                Fields.version(version).section(section).priority(priority).notes(notes)));
    }

    /** Registers a package whose binaries are in the archive. */
    void installed(String suite, String arch, String name, String version, String section) {
        store.merge(suite, arch, "merge", s -> s.apply(name, Action.MERGE_INSTALLED,
                Fields.version(version).section(section).priority("optional").installedVersion(
                        io.jenkins.plugins.debianbuildd.version.DebianVersion.parse(version))));
    }
}
