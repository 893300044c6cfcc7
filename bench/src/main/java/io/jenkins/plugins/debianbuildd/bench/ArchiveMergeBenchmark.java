package io.jenkins.plugins.debianbuildd.bench;

import io.jenkins.plugins.debianbuildd.merge.ArchiveMerge;
import io.jenkins.plugins.debianbuildd.wannabuild.StoreConfig;
import io.jenkins.plugins.debianbuildd.wannabuild.SuiteConfig;
import io.jenkins.plugins.debianbuildd.wannabuild.WannaBuildStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The archive merge of the whole trixie snapshot (37,643 sources; amd64 and arm64 Packages) from its
 * .xz files: parse + needs-build + store, into an empty embedded store and again as a no-op re-merge.
 * The installability check is off here (its dose-builddebcheck time is measured separately by
 * bench/run-merge-store with DoseStepTiming); each iteration is one whole merge (single shot).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xmx3g"})
public class ArchiveMergeBenchmark {
    Path dir;
    WannaBuildStore store;
    ArchiveMerge merge;
    ArchiveMerge.Input input;

    @Setup(Level.Trial)
    public void input() {
        Map<String, List<Path>> packages = new LinkedHashMap<>();
        packages.put("amd64", List.of(BenchData.index("main/binary-amd64/Packages")));
        packages.put("arm64", List.of(BenchData.index("main/binary-arm64/Packages")));
        input = ArchiveMerge.Input.of("trixie", "amd64", List.of(BenchData.index("main/source/Sources")), packages);
    }

    @State(Scope.Thread)
    public static class Filled {
        Path dir;
        WannaBuildStore store;
        ArchiveMerge merge;

        @Setup(Level.Trial)
        public void fill(ArchiveMergeBenchmark b) throws IOException {
            dir = Files.createTempDirectory("merge-bench-filled");
            store = openStore(dir);
            merge = new ArchiveMerge(store, dir.resolve("work"), "merge");
            merge.mergeAll(b.input, s -> { });
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            store.close();
            delete(dir);
        }
    }

    @Setup(Level.Invocation)
    public void emptyStore() throws IOException {
        dir = Files.createTempDirectory("merge-bench");
        store = openStore(dir);
        merge = new ArchiveMerge(store, dir.resolve("work"), "merge");
    }

    @TearDown(Level.Invocation)
    public void closeStore() throws IOException {
        store.close();
        delete(dir);
    }

    static WannaBuildStore openStore(Path dir) {
        WannaBuildStore s = WannaBuildStore.open(StoreConfig.embedded(dir.resolve("db")));
        s.configureSuite(SuiteConfig.of("trixie", "amd64", "arm64").withBuildDepCheck(false));
        return s;
    }

    /** Parse + needs-build + store, amd64 and arm64, into an empty store. Target: < 5 s. */
    @Benchmark
    public int mergeIntoEmptyStore() throws IOException {
        return merge.mergeAll(input, s -> { }).stream().mapToInt(ArchiveMerge.Report::changes).sum();
    }

    /** The same merge again on a store that already has it: nothing changes. Target: < 2 s. */
    @Benchmark
    public int noOpReMerge(Filled filled) throws IOException {
        int changes = filled.merge.mergeAll(input, s -> { }).stream().mapToInt(ArchiveMerge.Report::changes).sum();
        if (changes != 0) {
            throw new IllegalStateException("a re-merge changed " + changes + " rows");
        }
        return changes;
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
