package io.jenkins.plugins.debianbuildd.merge;

import io.jenkins.plugins.debianbuildd.archive.SourcePackage;
import io.jenkins.plugins.debianbuildd.formats.Compression;
import io.jenkins.plugins.debianbuildd.formats.Deb822Parser;
import io.jenkins.plugins.debianbuildd.formats.Names;
import io.jenkins.plugins.debianbuildd.formats.Paragraph;
import io.jenkins.plugins.debianbuildd.wannabuild.IllegalTransitionException;
import io.jenkins.plugins.debianbuildd.wannabuild.ListQuery;
import io.jenkins.plugins.debianbuildd.wannabuild.MergeSummary;
import io.jenkins.plugins.debianbuildd.wannabuild.PackageRecord;
import io.jenkins.plugins.debianbuildd.wannabuild.SuiteConfig;
import io.jenkins.plugins.debianbuildd.wannabuild.WannaBuildStore;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The archive merge of one (suite, architecture): Sources and Packages in, the wanna-build database
 * brought in line (wanna-build's {@code --merge-v3} and its installability check).
 *
 * <ol>
 *   <li>Read Sources, and Packages (the suite's own binaries decide installed / out-of-date /
 *       uncompiled; the distribution the suite builds against is added to what dependencies can use).</li>
 *   <li>Plan on the rows as they are ({@link MergePlanner}), to know which packages will wait to be
 *       built; run dose-builddebcheck on those, outside any transaction (it can take minutes), re-using
 *       earlier answers where nothing relevant changed ({@link IncrementalInstallability}).</li>
 *   <li>In ONE store transaction under the suite's maintenance lock: plan again on the locked rows with
 *       the answers, and apply every step. A failure anywhere before the commit (a bad file, a killed
 *       process) leaves the database as it was; the same merge run twice changes nothing the second time.</li>
 * </ol>
 */
public final class ArchiveMerge {
    private final WannaBuildStore store;
    private final Path workDir;
    private final String user;

    /** The files of one merge. */
    public record Input(String suite, String arch, String archAllArch, List<Path> sources, List<Path> packages,
                        List<Path> buildAgainst, PackagesArchSpecific packagesArchSpecific, Set<String> profiles) {
        public Input {
            Names.checkSuiteName(suite);
            Names.checkArchitectureName(arch);
            Names.checkArchitectureName(archAllArch);
            sources = List.copyOf(sources);
            packages = List.copyOf(packages);
            buildAgainst = List.copyOf(buildAgainst);
            profiles = Set.copyOf(profiles);
            if (sources.isEmpty()) {
                throw new IllegalArgumentException("a merge needs at least one Sources file");
            }
        }

        public static Input of(String suite, String arch, String archAllArch, List<Path> sources, List<Path> packages) {
            return new Input(suite, arch, archAllArch, sources, packages, List.of(), PackagesArchSpecific.EMPTY, Set.of());
        }

        public Input withBuildAgainst(List<Path> files) {
            return new Input(suite, arch, archAllArch, sources, packages, files, packagesArchSpecific, profiles);
        }

        public Input withPackagesArchSpecific(PackagesArchSpecific pas) {
            return new Input(suite, arch, archAllArch, sources, packages, buildAgainst, pas, profiles);
        }

        public Input withProfiles(Set<String> p) {
            return new Input(suite, arch, archAllArch, sources, packages, buildAgainst, packagesArchSpecific, p);
        }
    }

    /**
     * What a merge did.
     *
     * @param summary        the store's summary: how many packages moved between which states
     * @param classification how many sources the archive puts in each class
     * @param refused        steps the store refused because the row changed between planning and the transaction
     * @param candidates     packages whose installability was asked
     * @param checkedByDose  of which dose-builddebcheck checked this time
     * @param doseTime       the time dose took
     * @param readTime       reading and classifying the index files
     */
    public record Report(MergeSummary summary, Map<Classification.Kind, Integer> classification, int refused,
                         int candidates, int checkedByDose, Duration doseTime, Duration readTime) {
        public int changes() {
            return summary.changed();
        }
    }

    /**
     * @param workDir where the installability cache and temporary files go
     * @param user    the name merge changes are logged under
     */
    public ArchiveMerge(WannaBuildStore store, Path workDir, String user) {
        this.store = store;
        this.workDir = workDir;
        this.user = user;
    }

    public Report merge(Input in) throws IOException {
        return merge(in, line -> { });
    }

    /** Runs one merge; {@code progress} hears a line per phase (for a progress display). */
    public Report merge(Input in, Consumer<String> progress) throws IOException {
        SuiteConfig suite = store.suite(in.suite())
                .orElseThrow(() -> new IllegalArgumentException("suite '" + in.suite() + "' is not configured in the store"));
        if (!suite.hasArchitecture(in.arch())) {
            throw new IllegalArgumentException("suite '" + in.suite() + "' is not built for " + in.arch());
        }
        Files.createDirectories(workDir);
        long t0 = System.nanoTime();
        progress.accept("reading Sources");
        Map<String, SourcePackage> sources = readSources(in.sources());
        progress.accept("reading Packages");
        BinaryIndex own = new BinaryIndex(in.arch());
        BinaryIndex available = new BinaryIndex(in.arch());
        Path allPackages = Files.createTempFile(workDir, "Packages-" + in.arch() + "-", "");
        try {
            try (OutputStream copy = Files.newOutputStream(allPackages)) {
                for (Path p : in.packages()) {
                    readPackages(p, copy, own, available);
                }
                for (Path p : in.buildAgainst()) {
                    readPackages(p, copy, null, available);
                }
            }
            Map<String, Classification> archive = NeedsBuild.classifyAll(sources, own, in.archAllArch(), in.packagesArchSpecific());
            Map<Classification.Kind, Integer> counts = new EnumMap<>(Classification.Kind.class);
            archive.values().forEach(c -> counts.merge(c.kind(), 1, Integer::sum));
            Duration readTime = Duration.ofNanos(System.nanoTime() - t0);

            MergePlanner planner = new MergePlanner(in.arch(), in.archAllArch(), suite.buildDepCheck());
            Map<String, String> problems = null;
            int candidates = 0;
            int checked = 0;
            Duration doseTime = Duration.ZERO;
            if (suite.buildDepCheck()) {
                progress.accept("planning");
                Map<String, PackageRecord> before = currentRows(in.suite(), in.arch());
                MergePlanner.Plan dry = planner.plan(before, archive, available, null);
                candidates = dry.candidates().size();
                progress.accept("checking installability of " + candidates + " package(s)");
                IncrementalInstallability.Result r = new IncrementalInstallability(workDir.resolve("installability"))
                        .check(in.suite(), in.arch(), allPackages, new ArrayList<>(dry.candidates().values()), in.profiles(), workDir);
                // Every candidate gets an answer ("" when installable); a package without one was not checked.
                problems = new HashMap<>();
                for (String name : dry.candidates().keySet()) {
                    problems.put(name, r.problems().getOrDefault(name, ""));
                }
                checked = r.checkedByDose();
                doseTime = r.doseTime();
            }
            progress.accept("writing the database");
            Map<String, String> answers = problems;
            int[] refused = {0};
            MergeSummary summary = store.merge(in.suite(), in.arch(), user, session -> {
                MergePlanner.Plan plan = planner.plan(session.current(), archive, available, answers);
                for (MergePlanner.Step step : plan.steps()) {
                    try {
                        session.apply(step.packageName(), step.action(), step.fields());
                    } catch (IllegalTransitionException e) {
                        refused[0]++;
                    }
                }
            });
            return new Report(summary, counts, refused[0], candidates, checked, doseTime, readTime);
        } finally {
            Files.deleteIfExists(allPackages);
        }
    }

    private Map<String, PackageRecord> currentRows(String suite, String arch) {
        Map<String, PackageRecord> out = new HashMap<>();
        for (PackageRecord r : store.list(ListQuery.of(suite, arch, null))) {
            out.put(r.packageName(), r);
        }
        return out;
    }

    private static Map<String, SourcePackage> readSources(List<Path> files) throws IOException {
        Map<String, SourcePackage> all = new HashMap<>();
        for (Path f : files) {
            try (Deb822Parser p = new Deb822Parser(open(f), f.toString())) {
                NeedsBuild.sources(p).forEach((name, s) -> all.merge(name, s,
                        (a, b) -> a.version().compareTo(b.version()) >= 0 ? a : b));
            }
        }
        return all;
    }

    /** Indexes a Packages file and appends it, uncompressed, to the file dose reads. */
    private static void readPackages(Path file, OutputStream copy, BinaryIndex own, BinaryIndex available) throws IOException {
        try (InputStream in = open(file)) {
            byte[] bytes = in.readAllBytes();
            copy.write(bytes);
            copy.write('\n');
            try (Deb822Parser p = new Deb822Parser(new ByteArrayInputStream(bytes), file.toString())) {
                Paragraph para;
                while ((para = p.read()) != null) {
                    if (own != null) {
                        own.add(para);
                    }
                    available.add(para);
                }
            }
        }
    }

    private static InputStream open(Path f) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(f), 1 << 16);
        try {
            return Compression.decompressing(raw);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }
}
