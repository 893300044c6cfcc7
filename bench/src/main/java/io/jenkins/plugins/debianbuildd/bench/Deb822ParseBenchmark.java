package io.jenkins.plugins.debianbuildd.bench;

import io.jenkins.plugins.debianbuildd.formats.Deb822Parser;
import io.jenkins.plugins.debianbuildd.formats.Paragraph;
import java.io.ByteArrayInputStream;
import java.io.IOException;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parses trixie's uncompressed amd64 Packages (56.6 MB, 68,825 stanzas) from memory. {@link #parsePackages}:
 * every stanza split into fields (names and value positions), values decoded when asked, as apt's TagFile
 * (the reference, bench/reference/tagfile-bench.py) indexes a stanza and reads a value when asked;
 * {@link #parsePackagesDecodeAll}: the same with every value decoded into a String, the upper bound of what
 * a reader that uses every field pays. MB/s = file size / time per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class Deb822ParseBenchmark {
    byte[] packages;

    @Setup
    public void load() throws IOException {
        packages = BenchData.uncompressed("main/binary-amd64/Packages");
    }

    @Benchmark
    public long parsePackages() throws IOException {
        long fields = 0;
        try (Deb822Parser p = new Deb822Parser(new ByteArrayInputStream(packages), "Packages")) {
            Paragraph para;
            while ((para = p.read()) != null) {
                fields += para.size();
            }
        }
        return fields;
    }

    @Benchmark
    public long parsePackagesDecodeAll() throws IOException {
        long chars = 0;
        try (Deb822Parser p = new Deb822Parser(new ByteArrayInputStream(packages), "Packages")) {
            Paragraph para;
            while ((para = p.read()) != null) {
                for (int i = 0; i < para.size(); i++) {
                    chars += para.value(i).length();
                }
            }
        }
        return chars;
    }
}
