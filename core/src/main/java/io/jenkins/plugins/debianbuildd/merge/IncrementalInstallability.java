package io.jenkins.plugins.debianbuildd.merge;

import io.jenkins.plugins.debianbuildd.formats.Deb822Parser;
import io.jenkins.plugins.debianbuildd.formats.Names;
import io.jenkins.plugins.debianbuildd.formats.Paragraph;
import io.jenkins.plugins.debianbuildd.relation.Alternatives;
import io.jenkins.plugins.debianbuildd.relation.Relation;
import io.jenkins.plugins.debianbuildd.relation.RelationList;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Installability checks that are only re-run when something relevant moved.
 *
 * <p>After each check the binary packages of the architecture (name, version, provides) and each
 * candidate's answer are kept in a cache directory. Next time, the binaries that appeared, disappeared
 * or changed version (and what they provide) are the <em>changed</em> names; every binary whose
 * Depends/Pre-Depends closure reaches a changed name is <em>affected</em>. A candidate is checked again
 * only when it is new, or when one of its build-dependencies (or build-essential) is changed or
 * affected; a change to an Essential package affects everything. This over-approximates, never misses:
 * a source's installability depends only on the binaries its build-dependencies reach.
 */
public final class IncrementalInstallability {
    private static final String MAGIC = "debian-buildd installability cache 1";

    private final Path cacheDir;

    /** The outcome of one check: each candidate's problem (absent when installable), and what it cost. */
    public record Result(Map<String, String> problems, int checkedByDose, int reused, Duration doseTime) {
    }

    public IncrementalInstallability(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    /**
     * Checks the candidates of one (suite, arch) against an uncompressed Packages file.
     *
     * @return source name -> problem, for the candidates that cannot be built
     */
    public Result check(String suite, String arch, Path packages, List<Installability.Candidate> candidates,
                        Set<String> profiles, Path workDir) throws IOException {
        Names.checkSuiteName(suite);
        Names.checkArchitectureName(arch);
        Path cacheFile = cacheDir.resolve(suite).resolve(arch + ".installability.gz");
        Cache old = Cache.read(cacheFile);
        Universe now = Universe.read(packages, arch);
        String profileKey = String.join(",", new TreeSet<>(profiles));

        Set<String> touched = old == null ? null : now.touchedBy(old.universe);
        List<Installability.Candidate> toCheck = new ArrayList<>();
        Map<String, String> problems = new HashMap<>();
        Map<String, String> results = new HashMap<>();
        int reused = 0;
        for (Installability.Candidate c : candidates) {
            String key = key(c, profileKey);
            String cached = old == null ? null : old.results.get(key);
            if (cached != null && !dependsOnAny(c, arch, profiles, touched)) {
                reused++;
                results.put(key, cached);
                if (!cached.isEmpty()) {
                    problems.put(c.source().name(), cached);
                }
            } else {
                toCheck.add(c);
            }
        }
        long t0 = System.nanoTime();
        Map<String, String> fresh = Installability.check(packages, toCheck, arch, profiles, workDir);
        Duration doseTime = toCheck.isEmpty() ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - t0);
        for (Installability.Candidate c : toCheck) {
            String problem = fresh.get(c.source().name());
            results.put(key(c, profileKey), problem == null ? "" : problem);
            if (problem != null) {
                problems.put(c.source().name(), problem);
            }
        }
        new Cache(now, results).write(cacheFile);
        return new Result(problems, toCheck.size(), reused, doseTime);
    }

    private static String key(Installability.Candidate c, String profiles) {
        return c.source().name() + ' ' + c.source().version() + ' ' + (c.archDependent() ? 'A' : '-')
                + (c.archIndependent() ? 'I' : '-') + ' ' + profiles;
    }

    /** Whether the candidate's reduced build-dependencies (or build-essential) name a touched package. */
    private static boolean dependsOnAny(Installability.Candidate c, String arch, Set<String> profiles, Set<String> touched) {
        if (touched == null) {
            return true;
        }
        if (touched.isEmpty()) {
            return false;
        }
        if (touched.contains(Universe.EVERYTHING) || touched.contains("build-essential")) {
            return true;
        }
        for (String field : new String[] {"Build-Depends", "Build-Depends-Arch", "Build-Depends-Indep",
            "Build-Conflicts", "Build-Conflicts-Arch", "Build-Conflicts-Indep"}) {
            if ((field.endsWith("-Arch") && !c.archDependent()) || (field.endsWith("-Indep") && !c.archIndependent())) {
                continue;
            }
            for (Alternatives alt : c.source().relation(field).reduce(arch, profiles)) {
                for (Relation r : alt.relations()) {
                    if (touched.contains(r.name())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The binaries of one architecture as far as installability goes. */
    static final class Universe {
        /** A marker in a touched set: an Essential package changed, so everything is affected. */
        static final String EVERYTHING = " everything";

        final Map<String, String> versions = new HashMap<>();
        final Map<String, List<String>> provides = new HashMap<>();
        final Map<String, List<String>> reverseDepends = new HashMap<>();
        final Set<String> essential = new HashSet<>();

        static Universe read(Path packages, String arch) throws IOException {
            Universe u = new Universe();
            try (Deb822Parser p = new Deb822Parser(Files.newInputStream(packages), packages.toString())) {
                Paragraph para;
                while ((para = p.read()) != null) {
                    String a = para.get("Architecture");
                    if (a == null || !(a.equals(arch) || a.equals("all"))) {
                        continue;
                    }
                    String name = para.require("Package");
                    String version = para.require("Version");
                    // Several versions of one name: keep them all in the comparison key.
                    u.versions.merge(name, version, (x, y) -> x + "," + y);
                    String prov = para.get("Provides");
                    if (prov != null) {
                        for (Alternatives alt : RelationList.parse(prov)) {
                            u.provides.computeIfAbsent(name, k -> new ArrayList<>()).add(alt.first().toString());
                        }
                    }
                    if ("yes".equalsIgnoreCase(para.get("Essential"))) {
                        u.essential.add(name);
                    }
                    for (String f : new String[] {"Depends", "Pre-Depends"}) {
                        String deps = para.get(f);
                        if (deps == null) {
                            continue;
                        }
                        for (Alternatives alt : RelationList.parse(deps)) {
                            for (Relation r : alt.relations()) {
                                u.reverseDepends.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(name);
                            }
                        }
                    }
                }
            }
            return u;
        }

        /** Names changed since {@code before}, and every name whose dependency closure reaches one. */
        Set<String> touchedBy(Universe before) {
            Set<String> changed = new HashSet<>();
            for (Map.Entry<String, String> e : versions.entrySet()) {
                if (!e.getValue().equals(before.versions.get(e.getKey()))
                        || !provides.getOrDefault(e.getKey(), List.of()).equals(before.provides.getOrDefault(e.getKey(), List.of()))) {
                    changed.add(e.getKey());
                }
            }
            for (String name : before.versions.keySet()) {
                if (!versions.containsKey(name)) {
                    changed.add(name);
                }
            }
            if (changed.isEmpty()) {
                return changed;
            }
            Set<String> touched = new HashSet<>(changed);
            for (String name : changed) {
                for (Universe u : List.of(this, before)) {
                    for (String p : u.provides.getOrDefault(name, List.of())) {
                        touched.add(p.contains(" ") ? p.substring(0, p.indexOf(' ')) : p);
                    }
                }
                if (essential.contains(name) || before.essential.contains(name)) {
                    touched.add(EVERYTHING);
                    return touched;
                }
            }
            Deque<String> queue = new ArrayDeque<>(touched);
            while (!queue.isEmpty()) {
                String n = queue.pop();
                for (String dependent : reverseDepends.getOrDefault(n, List.of())) {
                    if (touched.add(dependent)) {
                        if (essential.contains(dependent)) {
                            touched.add(EVERYTHING);
                            return touched;
                        }
                        queue.add(dependent);
                        for (String p : provides.getOrDefault(dependent, List.of())) {
                            String pn = p.contains(" ") ? p.substring(0, p.indexOf(' ')) : p;
                            if (touched.add(pn)) {
                                queue.add(pn);
                            }
                        }
                    }
                }
            }
            return touched;
        }
    }

    /** What is kept between merges: the universe of the last check and its answers. */
    private record Cache(Universe universe, Map<String, String> results) {
        static Cache read(Path file) throws IOException {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            Universe u = new Universe();
            Map<String, String> results = new HashMap<>();
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file));
                 BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                if (!MAGIC.equals(r.readLine())) {
                    return null;
                }
                String line;
                while ((line = r.readLine()) != null) {
                    String[] f = line.split("\t", -1);
                    switch (f[0]) {
                        case "B" -> {
                            u.versions.put(f[1], f[2]);
                            if (!f[3].isEmpty()) {
                                u.provides.put(f[1], List.of(f[3].split("\\|")));
                            }
                            if (f[4].equals("1")) {
                                u.essential.add(f[1]);
                            }
                        }
                        case "R" -> results.put(f[1], f[2]);
                        default -> {
                            return null;
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // A damaged cache only costs a full check.
                return null;
            }
            return new Cache(u, results);
        }

        void write(Path file) throws IOException {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(tmp)),
                    StandardCharsets.UTF_8))) {
                w.write(MAGIC);
                w.write('\n');
                for (Map.Entry<String, String> e : universe.versions.entrySet()) {
                    w.write("B\t" + e.getKey() + "\t" + e.getValue() + "\t"
                            + String.join("|", universe.provides.getOrDefault(e.getKey(), List.of())) + "\t"
                            + (universe.essential.contains(e.getKey()) ? "1" : "0") + "\n");
                }
                for (Map.Entry<String, String> e : results.entrySet()) {
                    w.write("R\t" + e.getKey() + "\t" + e.getValue().replace('\t', ' ').replace('\n', ' ') + "\n");
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
