package io.jenkins.plugins.debianbuildd.bench;

import io.jenkins.plugins.debianbuildd.wannabuild.Action;
import io.jenkins.plugins.debianbuildd.wannabuild.Fields;
import io.jenkins.plugins.debianbuildd.wannabuild.ListQuery;
import io.jenkins.plugins.debianbuildd.wannabuild.OperationResult;
import io.jenkins.plugins.debianbuildd.wannabuild.PackageRecord;
import io.jenkins.plugins.debianbuildd.wannabuild.WannaBuildStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The build daemon's hot path: 16 workers each take the next package ({@code takeNext}: highest calprio,
 * concurrent takers skip each other's rows) and mark it built, two transactions per cycle, each with its
 * transactions-log row. Score: cycles per second.
 *
 * <p>When half the queue is used up, the packages built are registered again in a new version between
 * iterations (not measured), so the queue never runs dry; {@code emptyQueue} counts takes that found nothing
 * (should be 0). With 40,000 rows or more that never happens within a run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(16)
public class WannaBuildTakeBuiltBenchmark {
    @Param({"sqlite", "postgresql"})
    String backend;

    @Param({"40000"})
    int rows;

    WannaBuildStore store;
    RawJdbcReference raw;
    final Path[] dir = new Path[1];
    final AtomicLong cycles = new AtomicLong();
    int round;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        StoreBench.Seeded seeded = StoreBench.seeded(backend, 16, rows, dir);
        store = seeded.store();
        raw = new RawJdbcReference(seeded.config(), 16);
        // The queue priorities are fresh before the first take (not refreshed lazily while measuring).
        store.refreshPriorities(StoreBench.SUITE, StoreBench.ARCH);
    }

    @Setup(Level.Iteration)
    public void requeue() {
        if (cycles.get() < rows / 2) {
            return;
        }
        cycles.set(0);
        List<PackageRecord> built = store.list(ListQuery.of(StoreBench.SUITE, StoreBench.ARCH, io.jenkins.plugins.debianbuildd.wannabuild.State.BUILT).order("n"));
        if (built.isEmpty()) {
            return;
        }
        String version = "1.0-" + (++round);
        store.merge(StoreBench.SUITE, StoreBench.ARCH, "bench", s -> {
            for (PackageRecord r : built) {
                s.apply(r.packageName(), Action.MERGE_NEW_VERSION, Fields.version(version));
            }
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        raw.close();
        store.close();
        StoreBench.delete(dir[0]);
    }

    /** Per worker: its builder name and how often it found the queue empty. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Worker {
        private static final AtomicInteger IDS = new AtomicInteger();
        final String builder = "buildd-" + IDS.incrementAndGet();
        public long emptyQueue;
    }

    @Benchmark
    public OperationResult takeAndBuilt(Worker w) {
        Optional<OperationResult> taken = store.takeNext(StoreBench.SUITE, StoreBench.ARCH, w.builder);
        if (taken.isEmpty()) {
            w.emptyQueue++;
            return null;
        }
        cycles.incrementAndGet();
        return store.built(StoreBench.SUITE, StoreBench.ARCH, taken.get().after().packageName(), w.builder);
    }

    /** The reference: the same statements as bare JDBC ({@link RawJdbcReference}). */
    @Benchmark
    public boolean rawJdbcReference(Worker w) throws Exception {
        boolean took = raw.takeAndBuilt(w.builder);
        if (took) {
            cycles.incrementAndGet();
        } else {
            w.emptyQueue++;
        }
        return took;
    }
}
