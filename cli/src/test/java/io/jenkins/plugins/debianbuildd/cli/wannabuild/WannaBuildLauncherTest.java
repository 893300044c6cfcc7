package io.jenkins.plugins.debianbuildd.cli.wannabuild;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.debianbuildd.cli.Main;
import io.jenkins.plugins.debianbuildd.cli.config.BuilddConfig;
import io.jenkins.plugins.debianbuildd.cli.config.Instances;
import io.jenkins.plugins.debianbuildd.wannabuild.Action;
import io.jenkins.plugins.debianbuildd.wannabuild.Fields;
import io.jenkins.plugins.debianbuildd.wannabuild.WannaBuildStore;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The way users run it: {@link Main} picks the command from the name the launcher was invoked under
 * (bin/ symlinks), and the database comes from --data's buildd.conf or --database.
 */
class WannaBuildLauncherTest {
    @TempDir
    Path data;

    @BeforeEach
    void dataDirectory() throws Exception {
        Files.writeString(data.resolve(BuilddConfig.FILE_NAME), "Builder-Name: buildd-test\n\nSuite: unstable\nArchitectures: amd64\n");
        BuilddConfig config = BuilddConfig.load(data);
        try (WannaBuildStore store = Instances.openStore(config)) {
            store.merge("unstable", "amd64", "merge", s -> s.apply("hello", Action.MERGE_NEW_VERSION,
                    Fields.version("1.0-1").section("devel").priority("optional").notes("uncompiled")));
        }
    }

    static WannaBuildFixture.Run main(String invokedAs, String... args) {
        CommandLine cl = Main.commandLine(invokedAs);
        return WannaBuildFixture.execute(cl, new ByteArrayOutputStream(), args);
    }

    private String[] withData(String... args) {
        List<String> all = new ArrayList<>(List.of("--data", data.toString()));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    @Test
    void theNameChoosesTheCommand() {
        Object buildd = Main.commandLine("buildd").getCommand();
        assertThat(buildd).isNotInstanceOf(WannaBuildCommand.class);
        assertThat(Main.commandLine("wanna-build").getCommandName()).isEqualTo("wanna-build");
        for (Alias a : Alias.values()) {
            CommandLine cl = Main.commandLine("/usr/local/bin/" + a.commandName());
            assertThat(cl.getCommandName()).isEqualTo(a.commandName());
            WannaBuildCommand c = cl.getCommand();
            assertThat(c.commandName()).isEqualTo(a.commandName());
        }
        // A name that is neither is buildd, with wanna-build as a subcommand.
        assertThat(Main.commandLine("something-else").getSubcommands()).containsKey("wanna-build");
    }

    @Test
    void throughTheDataDirectoryUnderEachName() {
        assertThat(main("list-needs-build", withData()).succeeds().out()).isEqualTo("""
                devel/hello_1.0-1 [optional:uncompiled:calprio{25}:days{0}]
                Total 1 package(s)
                """);
        main("wanna-build", withData("-U", "buildd-test", "hello_1.0-1")).succeeds();
        assertThat(main("list-building", withData()).succeeds().out())
                .startsWith("devel/hello_1.0-1 by buildd-test [optional:uncompiled:calprio{25}:days{0}]\n");
        assertThat(main("build-info", withData("hello")).succeeds().out()).startsWith("hello:\n  Package             : hello\n");
        main("uploaded-build", withData("-U", "buildd-test", "hello_1.0-1.dsc")).succeeds();
        // buildd wanna-build: the same command as a subcommand of buildd.
        assertThat(main("buildd", "wanna-build", "--data", data.toString(), "--list=all").succeeds().out())
                .startsWith("devel/hello_1.0-1: Uploaded by buildd-test ");
        main("buildd", "wanna-build", "--data", data.toString(), "--lsit").isUsageError(
                "buildd wanna-build: Unknown option: '--lsit' (see buildd wanna-build --help)");
        assertThat(main("buildd", "wanna-build", "--help").succeeds().out()).startsWith("Usage: buildd wanna-build ");
    }

    @Test
    void throughADatabaseUrl() {
        main("list-all", withData()).succeeds();
        String url = "jdbc:sqlite:" + data.resolve("db").resolve("wanna-build.sqlite");
        assertThat(main("list-all", "--database", url).succeeds().out())
                .isEqualTo("devel/hello_1.0-1: Needs-Build [optional:uncompiled:calprio{25}:days{0}]\n"
                        + "Total 1 package(s) in state Needs-Build.\nTotal 1 package(s)\n");
        WannaBuildFixture.Run bad = main("list-all", "--database", "postgres://nowhere");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("error: --database needs a JDBC URL such as jdbc:postgresql://host/wannabuild, "
                + "not 'postgres://nowhere'\n");
    }

    @Test
    void aMissingDataDirectorySaysWhatToDo() {
        Path none = data.resolve("none");
        WannaBuildFixture.Run r = main("list-all", "--data", none.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("error: no " + none.resolve("buildd.conf") + ": run 'buildd init --data " + none
                + "' first\n");
    }

    @Test
    void theEmbeddedDatabaseIsSharedWithAnotherProcessHoldingIt() throws Exception {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Process holder = new ProcessBuilder(javaBin.toString(), "-cp", System.getProperty("java.class.path"),
                HoldStore.class.getName(), data.toString()).redirectErrorStream(true).start();
        try {
            String first = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertThat(first).isEqualTo("ready");
            // As beside a running daemon: wanna-build reads and changes states in the same database.
            assertThat(main("list-needs-build", withData()).succeeds().out())
                    .startsWith("devel/hello_1.0-1 [optional:uncompiled:calprio{25}:days{0}]\n");
            main("wanna-build", withData("-U", "buildd-test", "hello_1.0-1")).succeeds();
        } finally {
            holder.getOutputStream().close();
            if (!holder.waitFor(30, TimeUnit.SECONDS)) {
                holder.destroyForcibly();
            }
        }
        assertThat(main("list-building", withData()).succeeds().out())
                .startsWith("devel/hello_1.0-1 by buildd-test [optional:uncompiled:calprio{25}:days{0}]\n");
    }

    @Test
    void anH2DatabaseOfAnEarlierVersionIsNotReplacedByAnEmptyOne() throws Exception {
        Path db = data.resolve("db");
        try (var files = Files.list(db)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Path h2 = Files.writeString(db.resolve("wanna-build.mv.db"), "H2 file of an earlier version");
        WannaBuildFixture.Run r = main("list-all", withData());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: " + h2 + " is the wanna-build database of an earlier debian-buildd (H2);")
                .contains("wanna-build --export FILE").contains("wanna-build --import FILE");
        assertThat(db.resolve("wanna-build.sqlite")).doesNotExist();
        assertThat(h2).hasContent("H2 file of an earlier version");
    }

    @Test
    void theBinDirectoryHasEveryAliasAsASymlinkToTheLauncher() throws Exception {
        Path bin = Path.of("..", "bin").toAbsolutePath().normalize();
        assertThat(bin.resolve("buildd")).isRegularFile().isExecutable();
        List<String> names = new ArrayList<>(List.of(Alias.WANNA_BUILD));
        for (Alias a : Alias.values()) {
            names.add(a.commandName());
        }
        for (String n : names) {
            Path link = bin.resolve(n);
            assertThat(Files.isSymbolicLink(link)).as(n + " is a symlink").isTrue();
            assertThat(Files.readSymbolicLink(link)).hasToString("buildd");
        }
    }
}
