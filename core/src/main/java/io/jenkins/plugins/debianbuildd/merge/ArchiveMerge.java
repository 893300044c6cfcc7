package io.jenkins.plugins.debianbuildd.merge;

import io.jenkins.plugins.debianbuildd.archive.SourcePackage;
import io.jenkins.plugins.debianbuildd.formats.Deb822Parser;
import io.jenkins.plugins.debianbuildd.formats.Names;
import io.jenkins.plugins.debianbuildd.formats.Paragraph;
import io.jenkins.plugins.debianbuildd.wannabuild.IllegalTransitionException;
import io.jenkins.plugins.debianbuildd.wannabuild.ListQuery;
import io.jenkins.plugins.debianbuildd.wannabuild.MergeSummary;
import io.jenkins.plugins.debianbuildd.wannabuild.PackageRecord;
import io.jenkins.plugins.debianbuildd.wannabuild.SuiteConfig;
import io.jenkins.plugins.debianbuildd.wannabuild.WannaBuildStore;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The archive merge of a suite: Sources and each architecture's Packages in, the wanna-build database
 * brought in line (wanna-build's {@code --merge-v3} and its installability check).
 *
 * <ol>
 *   <li>Read Sources once for all architectures, then per architecture its Packages (the suite's own
 *       binaries decide installed / out-of-date / uncompiled; the distribution the suite builds against
 *       only adds to what dependencies can use).</li>
 *   <li>Plan on the rows as they are ({@link MergePlanner}), to know which packages will wait to be
 *       built; run dose-builddebcheck on those, outside any transaction (it can take minutes), re-using
 *       earlier answers where nothing relevant changed ({@link IncrementalInstallability}).</li>
 *   <li>In ONE store transaction per (suite, architecture), under the suite's maintenance lock: plan
 *       again on the locked rows with the answers, and apply every step. A failure before the commit (a
 *       bad file, a killed process) leaves the database as it was; the same merge run twice changes
 *       nothing the second time.</li>
 * </ol>
 */
public final class ArchiveMerge {
    private final WannaBuildStore store;
    private final Path workDir;
    private final PlainCopies plainCopies;
    private final String user;

    /**
     * The files of one merge.
     *
     * @param packages     per architecture, the suite's own Packages files
     * @param buildAgainst per architecture, Packages files of what the suite builds against (may be empty)
     */
    public record Input(String suite, List<String> architectures, String archAllArch, List<Path> sources,
                        Map<String, List<Path>> packages, Map<String, List<Path>> buildAgainst,
                        PackagesArchSpecific packagesArchSpecific, Set<String> profiles) {
        public Input {
            Names.checkSuiteName(suite);
            architectures = List.copyOf(architectures);
            architectures.forEach(Names::checkArchitectureName);
            Names.checkArchitectureName(archAllArch);
            sources = List.copyOf(sources);
            packages = Map.copyOf(packages);
            buildAgainst = Map.copyOf(buildAgainst);
            profiles = Set.copyOf(profiles);
            if (sources.isEmpty()) {
                throw new IllegalArgumentException("a merge needs at least one Sources file");
            }
            if (architectures.isEmpty()) {
                throw new IllegalArgumentException("a merge needs at least one architecture");
            }
        }

        /** One architecture. */
        public static Input of(String suite, String arch, String archAllArch, List<Path> sources, List<Path> packages) {
            return new Input(suite, List.of(arch), archAllArch, sources, Map.of(arch, packages), Map.of(),
                    PackagesArchSpecific.EMPTY, Set.of());
        }

        /** Several architectures, each with its own Packages files. */
        public static Input of(String suite, String archAllArch, List<Path> sources, Map<String, List<Path>> packages) {
            return new Input(suite, new ArrayList<>(packages.keySet()), archAllArch, sources, packages, Map.of(),
                    PackagesArchSpecific.EMPTY, Set.of());
        }

        /** The same build-against files for every architecture of a one-architecture input. */
        public Input withBuildAgainst(List<Path> files) {
            Map<String, List<Path>> m = new LinkedHashMap<>();
            for (String a : architectures) {
                m.put(a, files);
            }
            return withBuildAgainst(m);
        }

        public Input withBuildAgainst(Map<String, List<Path>> files) {
            return new Input(suite, architectures, archAllArch, sources, packages, files, packagesArchSpecific, profiles);
        }

        public Input withPackagesArchSpecific(PackagesArchSpecific pas) {
            return new Input(suite, architectures, archAllArch, sources, packages, buildAgainst, pas, profiles);
        }

        public Input withProfiles(Set<String> p) {
            return new Input(suite, architectures, archAllArch, sources, packages, buildAgainst, packagesArchSpecific, p);
        }
    }

    /**
     * What the merge of one architecture did.
     *
     * @param summary        the store's summary: how many packages moved between which states
     * @param classification how many sources the archive puts in each class
     * @param refused        steps the store refused because the row changed between planning and the transaction
     * @param candidates     packages whose installability was asked
     * @param checkedByDose  of which dose-builddebcheck checked this time
     * @param doseTime       the time dose took
     * @param readTime       reading and classifying the index files (Sources counted once, with the first architecture)
     */
    public record Report(String arch, MergeSummary summary, Map<Classification.Kind, Integer> classification, int refused,
                         int candidates, int checkedByDose, Duration doseTime, Duration readTime) {
        public int changes() {
            return summary.changed();
        }
    }

    /**
     * @param workDir where the installability cache, the uncompressed copies of compressed index files and temporary
     *                files go
     * @param user    the name merge changes are logged under
     */
    public ArchiveMerge(WannaBuildStore store, Path workDir, String user) {
        this.store = store;
        this.workDir = workDir;
        this.plainCopies = new PlainCopies(workDir.resolve("plain"));
        this.user = user;
    }

    /** Merges a one-architecture input. */
    public Report merge(Input in) throws IOException {
        return mergeAll(in, line -> { }).get(0);
    }

    /** Merges a one-architecture input, telling {@code progress} each phase. */
    public Report merge(Input in, Consumer<String> progress) throws IOException {
        return mergeAll(in, progress).get(0);
    }

    /**
     * Merges every architecture of the input, one transaction each; {@code progress} hears a line per
     * phase. The index files are read concurrently (xz runs in its own processes), then the
     * architectures are merged one after the other.
     */
    public List<Report> mergeAll(Input in, Consumer<String> progress) throws IOException {
        SuiteConfig suite = store.suite(in.suite())
                .orElseThrow(() -> new IllegalArgumentException("suite '" + in.suite() + "' is not configured in the store"));
        for (String arch : in.architectures()) {
            if (!suite.hasArchitecture(arch)) {
                throw new IllegalArgumentException("suite '" + in.suite() + "' is not built for " + arch);
            }
        }
        Files.createDirectories(workDir);
        plainCopies.prune();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(3, 1 + in.architectures().size()), r -> {
            Thread t = new Thread(r, "archive-merge-reader");
            t.setDaemon(true);
            return t;
        });
        Map<String, Future<Indexes>> reads = new LinkedHashMap<>();
        try {
            progress.accept("reading Sources and Packages");
            long t0 = System.nanoTime();
            Future<Map<String, SourcePackage>> sourcesRead = pool.submit(() -> readSources(in.sources()));
            for (String arch : in.architectures()) {
                reads.put(arch, pool.submit(() -> readIndexes(in, arch, suite.buildDepCheck())));
            }
            Map<String, SourcePackage> sources = await(sourcesRead);
            Duration sourcesTime = Duration.ofNanos(System.nanoTime() - t0);
            List<Report> reports = new ArrayList<>();
            for (String arch : in.architectures()) {
                Indexes idx = await(reads.get(arch));
                Duration readTime = reports.isEmpty() ? Duration.ofNanos(System.nanoTime() - t0) : idx.readTime();
                reports.add(mergeArch(in, suite, arch, sources, idx, readTime, progress));
            }
            return reports;
        } finally {
            pool.shutdownNow();
            for (Future<Indexes> f : reads.values()) {
                try {
                    Indexes idx = f.isDone() && !f.isCancelled() ? f.get() : null;
                    if (idx != null && idx.allPackages() != null) {
                        Files.deleteIfExists(idx.allPackages());
                    }
                } catch (ExecutionException | InterruptedException | RuntimeException e) {
                    // A read that failed has no file left; its error is reported by await.
                }
            }
        }
    }

    /** One architecture's Packages, indexed, and copied uncompressed for dose when the suite checks installability. */
    private record Indexes(BinaryIndex own, BinaryIndex available, Path allPackages, Duration readTime) {
    }

    private Indexes readIndexes(Input in, String arch, boolean forDose) throws IOException {
        long t0 = System.nanoTime();
        BinaryIndex own = new BinaryIndex(arch);
        BinaryIndex available = new BinaryIndex(arch);
        Path allPackages = forDose ? Files.createTempFile(workDir, "Packages-" + arch + "-", "") : null;
        try (OutputStream copy = allPackages == null ? OutputStream.nullOutputStream()
                : new BufferedOutputStream(Files.newOutputStream(allPackages), 1 << 16)) {
            for (Path p : in.packages().getOrDefault(arch, List.of())) {
                readPackages(p, copy, own, available);
            }
            for (Path p : in.buildAgainst().getOrDefault(arch, List.of())) {
                readPackages(p, copy, null, available);
            }
        } catch (IOException | RuntimeException e) {
            if (allPackages != null) {
                Files.deleteIfExists(allPackages);
            }
            throw e;
        }
        return new Indexes(own, available, allPackages, Duration.ofNanos(System.nanoTime() - t0));
    }

    /** The result of a read, with its own exception (IOException or FormatException) rather than a wrapper. */
    private static <T> T await(Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading index files", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IOException(c);
        }
    }

    private Report mergeArch(Input in, SuiteConfig suite, String arch, Map<String, SourcePackage> sources, Indexes idx,
                             Duration readTime, Consumer<String> progress) throws IOException {
        Map<String, Classification> archive = NeedsBuild.classifyAll(sources, idx.own(), in.archAllArch(), in.packagesArchSpecific());
        Map<Classification.Kind, Integer> counts = new EnumMap<>(Classification.Kind.class);
        archive.values().forEach(c -> counts.merge(c.kind(), 1, Integer::sum));
        BinaryIndex available = idx.available();
        MergePlanner planner = new MergePlanner(arch, in.archAllArch(), suite.buildDepCheck());
        Map<String, String> answers = null;
        int candidates = 0;
        int checked = 0;
        Duration doseTime = Duration.ZERO;
        if (suite.buildDepCheck()) {
            progress.accept(arch + ": planning");
            MergePlanner.Plan dry = planner.plan(currentRows(in.suite(), arch), archive, available, null);
            candidates = dry.candidates().size();
            progress.accept(arch + ": checking installability of " + candidates + " package(s)");
            IncrementalInstallability.Result r = new IncrementalInstallability(workDir.resolve("installability"))
                    .check(in.suite(), arch, idx.allPackages(), new ArrayList<>(dry.candidates().values()), in.profiles(), workDir);
            // Every candidate gets an answer ("" when installable); a package without one was not checked.
            answers = new HashMap<>();
            for (String name : dry.candidates().keySet()) {
                answers.put(name, r.problems().getOrDefault(name, ""));
            }
            checked = r.checkedByDose();
            doseTime = r.doseTime();
        }
        progress.accept(arch + ": writing the database");
        Map<String, String> finalAnswers = answers;
        int[] refused = {0};
        MergeSummary summary = store.merge(in.suite(), arch, user, session -> {
            MergePlanner.Plan plan = planner.plan(session.current(), archive, available, finalAnswers);
            for (MergePlanner.Step step : plan.steps()) {
                try {
                    session.apply(step.packageName(), step.action(), step.fields());
                } catch (IllegalTransitionException e) {
                    refused[0]++;
                }
            }
        });
        return new Report(arch, summary, counts, refused[0], candidates, checked, doseTime, readTime);
    }

    private Map<String, PackageRecord> currentRows(String suite, String arch) {
        Map<String, PackageRecord> out = new HashMap<>();
        for (PackageRecord r : store.list(ListQuery.of(suite, arch, null))) {
            out.put(r.packageName(), r);
        }
        return out;
    }

    private Map<String, SourcePackage> readSources(List<Path> files) throws IOException {
        Map<String, SourcePackage> all = new HashMap<>();
        for (Path f : files) {
            try (Deb822Parser p = new Deb822Parser(plainCopies.open(f), f.toString())) {
                NeedsBuild.sources(p).forEach((name, s) -> all.merge(name, s,
                        (a, b) -> a.version().compareTo(b.version()) >= 0 ? a : b));
            }
        }
        return all;
    }

    /** Indexes a Packages file while copying it, uncompressed, into the file dose reads. */
    private void readPackages(Path file, OutputStream copy, BinaryIndex own, BinaryIndex available) throws IOException {
        try (InputStream in = new Tee(plainCopies.open(file), copy);
             Deb822Parser p = new Deb822Parser(in, file.toString())) {
            Paragraph para;
            while ((para = p.read()) != null) {
                if (own != null) {
                    BinaryIndex.addToBoth(para, own, available);
                } else {
                    available.add(para);
                }
            }
        }
        copy.write('\n');
    }

    /** Copies what is read to a second stream. */
    private static final class Tee extends FilterInputStream {
        private final OutputStream copy;

        Tee(InputStream in, OutputStream copy) {
            super(in);
            this.copy = copy;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                copy.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int r = super.read(b, off, len);
            if (r > 0) {
                copy.write(b, off, r);
            }
            return r;
        }
    }
}
