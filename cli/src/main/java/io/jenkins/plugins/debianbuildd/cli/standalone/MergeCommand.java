package io.jenkins.plugins.debianbuildd.cli.standalone;

import io.jenkins.plugins.debianbuildd.cli.config.BuilddConfig;
import io.jenkins.plugins.debianbuildd.merge.ArchiveMerge;
import io.jenkins.plugins.debianbuildd.merge.Classification;
import io.jenkins.plugins.debianbuildd.merge.PackagesArchSpecific;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code buildd merge}: brings wanna-build in line with the archive (wanna-build's --merge-v3 and its installability check). */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Merge the archive into wanna-build: what needs building (uncompiled, out-of-date), what got installed,"
                + " which Dep-Waits can go, which build-dependencies are not installable (dose-builddebcheck).",
            "By default the suite's Sources and Packages come from this buildd's repository and what it builds against from"
                + " the mirror; --sources/--packages merge local files instead (a mirror copy, an archive-wide rebuild)."})
public final class MergeCommand extends StandaloneCommand {
    @Option(names = {"--suite", "-d"}, paramLabel = "SUITE", description = "The suite (default: every configured suite).")
    String suite;

    @Option(names = {"--arch", "-A"}, split = ",", paramLabel = "ARCH", description = "Only these architectures.")
    List<String> archs;

    @Option(names = "--sources", paramLabel = "FILE", description = "A Sources file (plain or compressed) to merge instead of the repository's.")
    List<Path> sources;

    @Option(names = "--packages", paramLabel = "ARCH=FILE", description = "A Packages file of ARCH, with --sources.")
    Map<String, Path> packages;

    @Option(names = "--build-against", paramLabel = "ARCH=FILE", description = "Packages of ARCH that build-dependencies may use, with --sources.")
    Map<String, Path> buildAgainst;

    @Option(names = "--packages-arch-specific", paramLabel = "FILE", description = "A Packages-arch-specific file (%source: archs), with --sources.")
    Path pas;

    @Override
    int run(Instance instance) throws Exception {
        PrintWriter out = out();
        BuilddConfig config = instance.config();
        List<String> suites = suite != null ? List.of(config.suite(suite).name())
                : config.suites().stream().map(BuilddConfig.Suite::name).toList();
        if (sources == null && (packages != null || buildAgainst != null || pas != null)) {
            throw usage("--packages, --build-against and --packages-arch-specific go with --sources");
        }
        if (sources != null && suite == null && suites.size() > 1) {
            throw usage("--sources needs --suite: which suite do the files belong to?");
        }
        Console.Progress p = new Console.Progress(out, Console.interactive());
        for (String s : suites) {
            List<ArchiveMerge.Report> reports;
            if (sources == null) {
                reports = SuiteMerge.merge(instance, s, archs, line -> p.line(s + ": " + line));
            } else {
                reports = mergeFiles(instance, config.suite(s), p);
            }
            p.done();
            for (ArchiveMerge.Report r : reports) {
                print(out, s, r);
            }
        }
        return ExitCodes.OK;
    }

    private List<ArchiveMerge.Report> mergeFiles(Instance instance, BuilddConfig.Suite s, Console.Progress p) throws Exception {
        for (Path f : sources) {
            if (!Files.isReadable(f)) {
                throw usage("cannot read " + f);
            }
        }
        List<String> as = archs != null ? archs : new ArrayList<>(packages == null ? s.architectures() : packages.keySet());
        Map<String, List<Path>> pk = new LinkedHashMap<>();
        Map<String, List<Path>> ba = new LinkedHashMap<>();
        for (String a : as) {
            pk.put(a, packages != null && packages.containsKey(a) ? List.of(packages.get(a)) : List.of());
            ba.put(a, buildAgainst != null && buildAgainst.containsKey(a) ? List.of(buildAgainst.get(a)) : List.of());
        }
        ArchiveMerge.Input in = new ArchiveMerge.Input(s.name(), as, s.archAll(), sources, pk, ba,
                pas == null ? PackagesArchSpecific.EMPTY : PackagesArchSpecific.read(pas),
                new HashSet<>(instance.config().instance().buildProfiles()));
        return new ArchiveMerge(instance.store(), instance.config().cacheDir().resolve("merge"), "merge")
                .mergeAll(in, line -> p.line(s.name() + ": " + line));
    }

    static void print(PrintWriter out, String suite, ArchiveMerge.Report r) {
        Map<Classification.Kind, Integer> c = r.classification();
        out.printf("%s/%s: %d source(s): %d installed, %d out-of-date, %d uncompiled, %d not-for-us, %d auto-not-for-us%n",
                suite, r.arch(), c.values().stream().mapToInt(Integer::intValue).sum(),
                c.getOrDefault(Classification.Kind.INSTALLED, 0), c.getOrDefault(Classification.Kind.OUT_OF_DATE, 0),
                c.getOrDefault(Classification.Kind.UNCOMPILED, 0), c.getOrDefault(Classification.Kind.NOT_FOR_US, 0),
                c.getOrDefault(Classification.Kind.AUTO_NOT_FOR_US, 0));
        if (r.candidates() > 0) {
            out.printf("  installability: %d package(s), %d checked by dose-builddebcheck (%s), the rest unchanged since the last check%n",
                    r.candidates(), r.checkedByDose(), Console.elapsed(r.doseTime()));
        }
        out.printf("  %d change(s) in %s%s%n", r.changes(), Console.elapsed(r.summary().elapsed()),
                r.refused() > 0 ? " (" + r.refused() + " skipped: the package changed meanwhile)" : "");
        r.summary().moves().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .filter(e -> e.getKey().from() != e.getKey().to())
                .forEach(e -> out.printf("    %-40s %d%n", e.getKey(), e.getValue()));
    }
}
