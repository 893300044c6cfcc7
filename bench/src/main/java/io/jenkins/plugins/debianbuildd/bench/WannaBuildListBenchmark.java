package io.jenkins.plugins.debianbuildd.bench;

import io.jenkins.plugins.debianbuildd.wannabuild.ListQuery;
import io.jenkins.plugins.debianbuildd.wannabuild.PackageRecord;
import io.jenkins.plugins.debianbuildd.wannabuild.WannaBuildStore;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code wanna-build --list=needs-build} for one suite and architecture: every row Needs-Build, read and
 * ordered by wanna-build's default letters (cpsn), or by calprio (the build queue, CWn).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class WannaBuildListBenchmark {
    @Param({"sqlite", "postgresql"})
    String backend;

    @Param({"1000", "40000", "400000"})
    int rows;

    @Param({"cpsn"})
    String order;

    WannaBuildStore store;
    RawJdbcReference raw;
    final Path[] dir = new Path[1];

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        StoreBench.Seeded seeded = StoreBench.seeded(backend, 4, rows, dir);
        store = seeded.store();
        raw = new RawJdbcReference(seeded.config(), 2);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        raw.close();
        store.close();
        StoreBench.delete(dir[0]);
    }

    @Benchmark
    public List<PackageRecord> listNeedsBuild() {
        List<PackageRecord> r = store.list(ListQuery.of(StoreBench.SUITE, StoreBench.ARCH, io.jenkins.plugins.debianbuildd.wannabuild.State.NEEDS_BUILD).order(order));
        if (r.size() != rows) {
            throw new IllegalStateException("listed " + r.size() + " of " + rows);
        }
        return r;
    }

    /** The reference: the same rows read as bare JDBC strings, unordered, no records ({@link RawJdbcReference}). */
    @Benchmark
    public int rawJdbcReference() throws Exception {
        return raw.listNeedsBuild();
    }
}
