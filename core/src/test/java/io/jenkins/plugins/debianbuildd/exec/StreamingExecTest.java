package io.jenkins.plugins.debianbuildd.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The streaming runner on real process trees: lines in order, the time limit and cancellation stopping
 * every process, including one that left the session and one that ignores SIGTERM.
 */
class StreamingExecTest {
    /** A tree as builders make them: children, a grandchild in a session of its own, one ignoring TERM. */
    private static final String TREE = "sleep 300 & setsid sleep 301 & (trap '' TERM; sleep 302) & echo started; wait";

    @Test
    void linesArriveInOrderWithStderrMerged() {
        List<String> lines = new ArrayList<>();
        StreamResult r = StreamingExec.run(Command.of("sh", "-c", "echo one; echo two >&2; printf 'three\\r\\nfour'"),
                StreamingExec.Options.defaults(), Cancellation.none(), lines::add);
        assertThat(r.succeeded()).isTrue();
        assertThat(lines).containsExactly("one", "two", "three\r", "four");
    }

    @Test
    void timeLimitStopsTheWholeTree() {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        StreamResult r = StreamingExec.run(Command.of("sh", "-c", TREE),
                StreamingExec.Options.defaults().withTimeout(Duration.ofSeconds(2)).withKillGrace(Duration.ofSeconds(3)),
                Cancellation.none(), lines::add);
        assertThat(lines).containsExactly("started");
        assertThat(r.timedOut()).isTrue();
        assertThat(r.cancelled()).isFalse();
        assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(20));
        assertThat(sleepers()).isEmpty();
        assertThat(r.killedProcesses()).as("the one ignoring SIGTERM needed SIGKILL").isPositive();
    }

    @Test
    void cancellationStopsTheWholeTree() throws Exception {
        Cancellation cancel = new Cancellation();
        CompletableFuture<StreamResult> run = CompletableFuture.supplyAsync(() -> StreamingExec.run(Command.of("sh", "-c", TREE),
                StreamingExec.Options.defaults().withKillGrace(Duration.ofSeconds(3)), cancel, line -> {
                    if (line.equals("started")) {
                        cancel.cancel("test");
                    }
                }));
        StreamResult r = run.get();
        assertThat(r.cancelled()).isTrue();
        assertThat(r.cancelReason()).isEqualTo("test");
        assertThat(sleepers()).isEmpty();
    }

    @Test
    void aCommandThatCannotStartSaysWhy() {
        StreamResult r = StreamingExec.run(Command.of("/nonexistent/builder"), StreamingExec.Options.defaults(),
                Cancellation.none(), LineSink.DISCARD);
        assertThat(r.started()).isFalse();
        assertThat(r.startError()).contains("/nonexistent/builder");
    }

    @Test
    void anEndlessLineIsDeliveredInPieces() {
        List<String> lines = new ArrayList<>();
        StreamResult r = StreamingExec.run(Command.of("sh", "-c", "head -c 300000 /dev/zero | tr '\\0' x"),
                new StreamingExec.Options(null, Duration.ofSeconds(5), true, 100_000), Cancellation.none(), lines::add);
        assertThat(r.succeeded()).isTrue();
        assertThat(lines).hasSize(3).allMatch(l -> l.length() == 100_000);
    }

    @Test
    void aSinkThatCannotKeepTheOutputStopsTheCommand() {
        long t0 = System.nanoTime();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StreamingExec.run(Command.of("sh", "-c", TREE),
                StreamingExec.Options.defaults().withKillGrace(Duration.ofSeconds(3)), Cancellation.none(), line -> {
                    throw new java.io.UncheckedIOException(new java.io.IOException("No space left on device"));
                })).isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("No space left");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
        assertThat(sleepers()).isEmpty();
    }

    private static List<String> sleepers() {
        List<String> out = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(h -> ProcessTree.commandLine(h.pid())
                .filter(c -> c.equals("sleep 300") || c.equals("sleep 301") || c.equals("sleep 302"))
                .ifPresent(c -> out.add(h.pid() + " " + c)));
        return out;
    }
}
