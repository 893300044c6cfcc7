package io.jenkins.plugins.debianbuildd.bench;

import io.jenkins.plugins.debianbuildd.formats.Deb822Parser;
import io.jenkins.plugins.debianbuildd.formats.Paragraph;
import io.jenkins.plugins.debianbuildd.version.DebianVersion;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Version parsing and comparison on every Version of trixie's amd64 Packages, in file order; a
 * comparison is between each version and the next, the same pairs bench/reference/vercmp-bench.c
 * gives libdpkg.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class VersionBenchmark {
    /** Number of versions in trixie amd64 Packages; the @OperationsPerInvocation below must match. */
    static final int N = 68_825;

    String[] texts;
    DebianVersion[] parsed;

    @Setup
    public void load() throws IOException {
        List<String> versions = new ArrayList<>();
        try (Deb822Parser p = new Deb822Parser(new ByteArrayInputStream(BenchData.uncompressed("main/binary-amd64/Packages")), "Packages")) {
            Paragraph para;
            while ((para = p.read()) != null) {
                versions.add(para.get("Version"));
            }
        }
        if (versions.size() < N + 1) {
            // A live mirror copy may be smaller than the fixed snapshot: repeat to keep N operations.
            List<String> copy = new ArrayList<>(versions);
            while (versions.size() < N + 1) {
                versions.addAll(copy);
            }
        }
        texts = versions.subList(0, N + 1).toArray(new String[0]);
        parsed = new DebianVersion[texts.length];
        for (int i = 0; i < texts.length; i++) {
            parsed[i] = DebianVersion.parse(texts[i]);
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int compareParsed() {
        int acc = 0;
        DebianVersion[] v = parsed;
        for (int i = 0; i < N; i++) {
            acc += v[i].compareTo(v[i + 1]);
        }
        return acc;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int parse() {
        int acc = 0;
        String[] t = texts;
        for (int i = 0; i < N; i++) {
            acc += DebianVersion.parse(t[i]).epoch();
        }
        return acc;
    }
}
