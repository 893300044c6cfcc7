package io.jenkins.plugins.debianbuildd.bench;

import io.jenkins.plugins.debianbuildd.archive.SourcePackage;
import io.jenkins.plugins.debianbuildd.formats.Deb822Parser;
import io.jenkins.plugins.debianbuildd.formats.Paragraph;
import io.jenkins.plugins.debianbuildd.merge.BinaryIndex;
import io.jenkins.plugins.debianbuildd.merge.Classification;
import io.jenkins.plugins.debianbuildd.merge.NeedsBuild;
import io.jenkins.plugins.debianbuildd.merge.PackagesArchSpecific;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The in-memory needs-build computation of the archive merge on trixie (Sources x amd64 Packages),
 * from uncompressed bytes to a classification of every source: the same work as
 * bench/reference/needs-build.py does with python3-apt.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx3g"})
public class NeedsBuildBenchmark {
    byte[] sources;
    byte[] packages;

    @Setup
    public void load() throws IOException {
        sources = BenchData.uncompressed("main/source/Sources");
        packages = BenchData.uncompressed("main/binary-amd64/Packages");
    }

    /** One thread, as the reference script. */
    @Benchmark
    public Map<Classification.Kind, Integer> classifyTrixieAmd64() throws IOException {
        return classify(index(), sources());
    }

    /** Packages indexed on a second thread while Sources is read, as ArchiveMerge reads them (the machine has 2 cores). */
    @Benchmark
    public Map<Classification.Kind, Integer> classifyTrixieAmd64TwoThreads() throws Exception {
        CompletableFuture<BinaryIndex> index = CompletableFuture.supplyAsync(() -> {
            try {
                return index();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, pool);
        Map<String, SourcePackage> srcs = sources();
        return classify(index.get(), srcs);
    }

    ExecutorService pool;

    @Setup
    public void pool() {
        pool = Executors.newSingleThreadExecutor();
    }

    @TearDown
    public void stopPool() {
        pool.shutdownNow();
    }

    private BinaryIndex index() throws IOException {
        BinaryIndex index = new BinaryIndex("amd64");
        try (Deb822Parser p = new Deb822Parser(new ByteArrayInputStream(packages), "Packages")) {
            Paragraph para;
            while ((para = p.read()) != null) {
                index.add(para);
            }
        }
        return index;
    }

    private Map<String, SourcePackage> sources() throws IOException {
        try (Deb822Parser p = new Deb822Parser(new ByteArrayInputStream(sources), "Sources")) {
            return NeedsBuild.sources(p);
        }
    }

    private static Map<Classification.Kind, Integer> classify(BinaryIndex index, Map<String, SourcePackage> srcs) {
        Map<Classification.Kind, Integer> counts = new EnumMap<>(Classification.Kind.class);
        for (SourcePackage s : srcs.values()) {
            counts.merge(NeedsBuild.classify(s, index, "amd64", PackagesArchSpecific.EMPTY).kind(), 1, Integer::sum);
        }
        return counts;
    }
}
