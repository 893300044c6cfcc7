package io.jenkins.plugins.debianbuildd.cli.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.debianbuildd.cli.Main;
import io.jenkins.plugins.debianbuildd.cli.config.BuilddConfig;
import io.jenkins.plugins.debianbuildd.incoming.SourceUpload;
import io.jenkins.plugins.debianbuildd.openpgp.GnupgHome;
import io.jenkins.plugins.debianbuildd.wannabuild.Action;
import io.jenkins.plugins.debianbuildd.wannabuild.BuildResult;
import io.jenkins.plugins.debianbuildd.wannabuild.ListQuery;
import io.jenkins.plugins.debianbuildd.wannabuild.State;
import io.jenkins.plugins.debianbuildd.wannabuild.TransactionEntry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The daemon killed with SIGKILL in the middle of a real sbuild build, then started again: the package
 * is recovered (its leftover build processes stopped, the package given back), built exactly once more,
 * published, and nothing is left in Building.
 */
class DaemonCrashTest {

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void killedDuringABuildThenRestartedBuildsThePackageExactlyOnce() throws Exception {
        Path data = DemoTest.reachableDir("daemon-crash");
        String arch = InitCommand.hostArchitecture();
        DemoCommand.fresh(data);
        Files.writeString(data.resolve(BuilddConfig.FILE_NAME), BuilddConfig.render("buildd-crash", "http://deb.debian.org/debian",
                InitCommand.hostCodename(), BuilddConfig.DEFAULT_CHROOT_DIRECTORY, "unstable", List.of(arch), arch));
        BuilddConfig config = BuilddConfig.load(data);
        Instance.createLayout(config);
        GnupgHome uploader = new GnupgHome(data.resolve("uploader"));
        String key = uploader.generateSigningKey("Crash Test Uploader <crash@example.org>");
        uploader.exportPublicKey(key, config.instance().uploadersKeyring(), false);
        try (Instance i = Instance.of(config)) {
            i.chroots().ensure(i.chrootSpec("unstable", arch), line -> { }, new io.jenkins.plugins.debianbuildd.exec.Cancellation());
            i.repository();
        }
        Path tree = data.resolve("src/libgreet/libgreet");
        DemoCommand.copyTree(Examples.root().resolve("libgreet"), tree);
        SourceUpload.build(tree, uploader, key).put(config.incomingDir().resolve("incoming"));
        uploader.stopAgent();

        // First daemon: killed with SIGKILL once sbuild is building.
        String java = ProcessHandle.current().info().command().orElse("java");
        Process daemon = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "daemon", "--data", data.toString(), "--poll", "2s")
                .redirectErrorStream(true).start();
        List<String> seen = new ArrayList<>();
        boolean killed = false;
        Cli.Run duringTheBuild = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(daemon.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                seen.add(line);
                if (line.contains("libgreet: Install package build dependencies")) {
                    // status reads the embedded database the daemon is using, from another process.
                    duringTheBuild = statusShowing("libgreet_1.0", data);
                    daemon.toHandle().destroyForcibly();
                    killed = true;
                    break;
                }
            }
        } finally {
            daemon.destroyForcibly();
            daemon.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(killed).as("the daemon got to the build: %s", seen).isTrue();
        assertThat(duringTheBuild.exit()).as(duringTheBuild.toString()).isZero();
        assertThat(duringTheBuild.out()).as(duringTheBuild.toString())
                .contains("embedded database in " + data.resolve("db") + "):")
                .containsPattern("libgreet_1\\.0 +unstable/" + arch + " +buildd-crash +\\d+")
;
        assertThat(countsOf(duringTheBuild.out(), "unstable", arch)).containsEntry("Building", 1).containsEntry("TOTAL", 1)
                .containsEntry("Needs-Build", 0);
        // The build's own processes outlived the JVM (sbuild runs in a session of its own).
        assertThat(processesUnder(data.resolve("build"))).as("sbuild still running after the kill").isNotEmpty();

        // Second daemon: recovers, builds once more, stops when idle.
        Cli.Run second = Cli.run("daemon", "--data", data.toString(), "--until-idle", "--poll", "2s");
        assertThat(second.exit()).as(second.toString()).isZero();
        assertThat(second.out()).contains("recovered libgreet_1.0 (unstable/" + arch + "): given back")
                .contains("libgreet_1.0: built");

        assertThat(processesUnder(data.resolve("build"))).as("leftover build processes").isEmpty();
        Cli.Run after = Cli.run("status", "--data", data.toString());
        assertThat(after.out()).as(after.toString()).contains("embedded database in " + data.resolve("db") + "):")
                .contains("Building: nothing");
        try (Instance i = Instance.open(data)) {
            assertThat(i.store().get("unstable", arch, "libgreet").orElseThrow().state()).isEqualTo(State.INSTALLED);
            assertThat(i.store().list(ListQuery.of("unstable", arch, State.BUILDING))).isEmpty();
            // One recorded build: the killed one never finished; the rebuild did, once.
            assertThat(i.store().history("unstable", arch, "libgreet")).extracting(h -> h.result())
                    .containsExactly(BuildResult.SUCCESSFUL);
            List<TransactionEntry> log = i.store().transactions("unstable", arch, "libgreet");
            assertThat(log.stream().filter(t -> t.action().equals(Action.TAKE.logName())).count()).as("takes: %s", log).isEqualTo(2);
            assertThat(log.stream().filter(t -> t.action().equals(Action.BUILT.logName())).count()).isEqualTo(1);
            assertThat(log.stream().filter(t -> t.action().equals(Action.GIVE_BACK.logName())).count()).isEqualTo(1);
        }
    }

    /** {@code buildd status}, again for up to 20 s until it shows {@code text} (the daemon rewrites its file every 2 s). */
    private static Cli.Run statusShowing(String text, Path data) throws InterruptedException {
        Cli.Run r = null;
        for (int i = 0; i < 20; i++) {
            r = Cli.run("status", "--data", data.toString());
            if (r.out().contains(text)) {
                break;
            }
            Thread.sleep(1000);
        }
        return r;
    }

    /** The row of status's table for one suite and architecture, by column header. */
    static Map<String, Integer> countsOf(String statusOut, String suite, String arch) {
        List<String> lines = statusOut.lines().map(String::trim).toList();
        String[] header = lines.stream().filter(l -> l.startsWith("SUITE ")).findFirst().orElseThrow().split("\\s+");
        String[] row = lines.stream().filter(l -> l.matches(suite + "\\s+" + arch + "\\s.*")).findFirst().orElseThrow().split("\\s+");
        Map<String, Integer> out = new java.util.LinkedHashMap<>();
        for (int i = 2; i < header.length; i++) {
            out.put(header[i], Integer.parseInt(row[i]));
        }
        return out;
    }

    /** Processes whose working directory is under {@code dir}. */
    static List<Long> processesUnder(Path dir) throws Exception {
        List<Long> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        Path root = dir.toRealPath();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                if (!p.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    if (Files.readSymbolicLink(p.resolve("cwd")).startsWith(root)) {
                        out.add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (Exception e) {
                    // gone or not readable
                }
            }
        }
        return out;
    }
}
