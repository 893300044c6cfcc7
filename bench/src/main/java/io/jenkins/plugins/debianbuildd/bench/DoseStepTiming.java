package io.jenkins.plugins.debianbuildd.bench;

import io.jenkins.plugins.debianbuildd.exec.ExecResult;
import io.jenkins.plugins.debianbuildd.formats.Compression;
import io.jenkins.plugins.debianbuildd.exec.LocalExec;
import io.jenkins.plugins.debianbuildd.merge.ArchiveMerge;
import io.jenkins.plugins.debianbuildd.merge.Installability;
import io.jenkins.plugins.debianbuildd.wannabuild.StoreConfig;
import io.jenkins.plugins.debianbuildd.wannabuild.SuiteConfig;
import io.jenkins.plugins.debianbuildd.wannabuild.WannaBuildStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The installability step of the archive merge, timed next to dose-builddebcheck run by hand on the whole
 * suite (what a merge that checked every source would cost). A single shot each, so not JMH: one run of
 * dose on a whole suite takes minutes. Merges trixie amd64 + arm64 with the check on into an empty
 * embedded store, prints each architecture's dose step (candidates, time), merges again (nothing moved:
 * dose must not run), then runs {@link Installability#command} on the whole Sources for amd64.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.jenkins.plugins.debianbuildd.bench.DoseStepTiming WORKDIR}
 */
public final class DoseStepTiming {
    private DoseStepTiming() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createDirectories(Path.of(args[0]));
        Map<String, List<Path>> packages = new LinkedHashMap<>();
        packages.put("amd64", List.of(BenchData.index("main/binary-amd64/Packages")));
        packages.put("arm64", List.of(BenchData.index("main/binary-arm64/Packages")));
        ArchiveMerge.Input input = ArchiveMerge.Input.of("trixie", "amd64",
                List.of(BenchData.index("main/source/Sources")), packages);
        try (WannaBuildStore store = WannaBuildStore.open(StoreConfig.embedded(work.resolve("db")))) {
            store.configureSuite(SuiteConfig.of("trixie", "amd64", "arm64"));
            ArchiveMerge merge = new ArchiveMerge(store, Files.createDirectories(work.resolve("merge")), "bench");
            for (String round : new String[] {"first merge", "re-merge"}) {
                long t0 = System.nanoTime();
                List<ArchiveMerge.Report> reports = merge.mergeAll(input, s -> { });
                double total = (System.nanoTime() - t0) / 1e9;
                for (ArchiveMerge.Report r : reports) {
                    System.out.printf("%s %s: candidates=%d checked_by_dose=%d dose_seconds=%.2f changes=%d%n", round,
                            r.arch(), r.candidates(), r.checkedByDose(), seconds(r.doseTime()), r.changes());
                }
                System.out.printf("%s: total_seconds=%.2f%n", round, total);
            }
        }

        // By hand: dose-builddebcheck on the whole suite for amd64, the same options our merge gives it.
        Path sources = work.resolve("Sources");
        Path amd64 = work.resolve("Packages-amd64");
        uncompress(BenchData.index("main/source/Sources"), sources);
        uncompress(BenchData.index("main/binary-amd64/Packages"), amd64);
        long t0 = System.nanoTime();
        ExecResult r = LocalExec.run(Installability.command(amd64, sources, "amd64"), Duration.ofMinutes(30));
        double byHand = (System.nanoTime() - t0) / 1e9;
        if (r.exitCode() > 1) {
            throw new IllegalStateException("dose-builddebcheck failed: " + r.stderr());
        }
        long broken = r.stdout().lines().filter(l -> l.trim().equals("status: broken")).count();
        System.out.printf("by hand amd64 whole suite: dose_seconds=%.2f broken=%d%n", byHand, broken);
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static void uncompress(Path from, Path to) throws IOException {
        try (InputStream in = Compression.decompressing(Files.newInputStream(from))) {
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
