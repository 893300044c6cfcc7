package io.jenkins.plugins.debianbuildd.bench;

/** Prints the snapshot root the benchmarks use, for the reference scripts. */
public final class PrintSnapshot {
    private PrintSnapshot() {
    }

    public static void main(String[] args) {
        System.out.println(BenchData.root());
    }
}
