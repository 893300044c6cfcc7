package io.jenkins.plugins.debianbuildd.incoming;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.debianbuildd.incoming.IncomingQueue.Step;
import io.jenkins.plugins.debianbuildd.repo.PackageRecord;
import io.jenkins.plugins.debianbuildd.testsupport.PackageFixture;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A processor JVM killed with SIGKILL at each step, then a fresh processor: the upload ends up accepted (or
 * rejected) exactly once with all its files, published once, and the handler sees it (again only when
 * the kill came after the handler returned and before the journal said so).
 */
class IncomingCrashTest extends IncomingTestBase {

    private record Child(Process process, String reached) {
    }

    private Child startAndStopAt(Step step, Path log) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> argv = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                CrashingProcessor.class.getName(), config.root().toString(), repo.base().toString(), archive.dir().toString(),
                keyring.toString(), step.name(), log.toString()));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.startsWith("REACHED ")) {
                return new Child(p, line);
            }
        }
        p.waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError("the child never reached " + step + ":\n" + seen);
    }

    private static void kill(Process p) throws InterruptedException {
        p.destroyForcibly(); // SIGKILL on Linux
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(137);
    }

    @ParameterizedTest
    @EnumSource(value = Step.class, names = {"CLAIMING", "CLAIMED", "INCLUDED", "PUBLISHED", "HANDLED"})
    void killedAtAnyStepTheUploadIsStillAcceptedExactlyOnce(Step step) throws Exception {
        upload(source("hello", "1.0-1").build());
        Map<String, String> uploaded = contents(incoming());
        Path log = dir.resolve("handler.log");

        Child child = startAndStopAt(step, log);
        // While it holds the queue, another processor (this JVM) finds it busy and does nothing.
        ProcessReport meanwhile = new IncomingQueue(config.withLockWait(Duration.ofMillis(300)), repo, handled::add).processOnce();
        assertThat(meanwhile.busy()).isTrue();
        kill(child.process());
        String id = child.reached().split(" ")[2];
        assertThat(names(config.work())).containsExactly(id);

        ProcessReport after = new IncomingQueue(config, repo, u -> CrashingProcessor.logCall(log, u)).processOnce();

        assertThat(after.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.status()).as(o.message()).isEqualTo(ProcessReport.Status.ACCEPTED);
            assertThat(o.uploadId()).isEqualTo(id);
        });
        assertThat(names(config.accepted())).containsExactly(id);
        assertThat(contents(config.accepted().resolve(id))).isEqualTo(uploaded);
        assertThat(names(incoming())).isEmpty();
        assertThat(names(config.work())).isEmpty();
        assertThat(names(config.rejected())).isEmpty();

        List<String> calls = Files.readAllLines(log);
        assertThat(calls).containsOnly(id + " hello 1.0-1");
        assertThat(calls).hasSize(step == Step.HANDLED ? 2 : 1);
        assertThat(repo.listSource("sid", "hello")).extracting(PackageRecord::target).containsExactly("sid|main|source");
        assertThat(repo.base().resolve("db/lockfile")).doesNotExist();
        repo.check();

        // And it stays done.
        assertThat(queue().processOnce().outcomes()).isEmpty();
        assertThat(handled).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = Step.class, names = {"CLAIMING", "REJECTING"})
    void killedWhileRejectingTheUploadIsStillRejectedWithAllItsFiles(Step step) throws Exception {
        upload(PackageFixture.of(dir.resolve("b"), "hello", "1.0-1").architecture("any all").build());
        Map<String, String> uploaded = contents(incoming());
        Child child = startAndStopAt(step, dir.resolve("handler.log"));
        kill(child.process());

        ProcessReport after = queue().processOnce();

        assertThat(after.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(ProcessReport.Status.REJECTED);
            assertThat(o.reason()).isEqualTo(RejectReason.UNSIGNED);
            assertThat(contents(o.location())).isEqualTo(uploaded);
            assertThat(o.location().resolve(o.changesName() + ".reason")).exists();
        });
        assertThat(names(config.rejected())).hasSize(1);
        assertThat(names(incoming())).isEmpty();
        assertThat(names(config.work())).isEmpty();
        assertThat(dir.resolve("handler.log")).doesNotExist();
    }
}
