package io.jenkins.plugins.debianbuildd.merge;

import io.jenkins.plugins.debianbuildd.archive.SourcePackage;
import io.jenkins.plugins.debianbuildd.exec.Command;
import io.jenkins.plugins.debianbuildd.exec.ExecException;
import io.jenkins.plugins.debianbuildd.exec.ExecResult;
import io.jenkins.plugins.debianbuildd.exec.LocalExec;
import io.jenkins.plugins.debianbuildd.formats.Deb822Writer;
import io.jenkins.plugins.debianbuildd.formats.Paragraph;
import io.jenkins.plugins.debianbuildd.relation.RelationList;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Build-dependency installability, decided by the real dose-builddebcheck as Debian's wanna-build does.
 *
 * <p>The relations are reduced here, as sbuild resolves them, before dose sees them: for the host
 * architecture and the active build profiles, then to the first alternative (sbuild's apt resolver),
 * with Build-Depends-Arch for architecture-dependent builds and Build-Depends-Indep for arch:all ones.
 * So dose checks exactly what sbuild will try to install.
 */
public final class Installability {
    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    /** A source to check, and which of its binaries this architecture builds. */
    public record Candidate(SourcePackage source, boolean archDependent, boolean archIndependent) {
    }

    private Installability() {
    }

    /** The dose-builddebcheck command for already written Packages and Sources files. */
    public static Command command(Path packages, Path sources, String arch) {
        return Command.of("dose-builddebcheck", "--explain", "--failures", "--deb-native-arch=" + arch,
                packages.toAbsolutePath().toString(), sources.toAbsolutePath().toString());
    }

    /**
     * Checks the candidates against an uncompressed Packages file of {@code arch}.
     *
     * @return for each candidate that cannot be built, its source name and dose's reason (bd_problem)
     */
    public static Map<String, String> check(Path packages, List<Candidate> candidates, String arch, Set<String> profiles,
                                            Path workDir) throws IOException {
        if (candidates.isEmpty()) {
            return Map.of();
        }
        Path sources = Files.createTempFile(workDir, "candidates", ".Sources");
        try {
            writeSources(sources, candidates, arch, profiles);
            ExecResult r = LocalExec.run(command(packages, sources, arch), TIMEOUT);
            // dose exits 0 when everything is installable, 1 when something is not; more is an error.
            if (r.exitCode() > 1) {
                throw new ExecException(r.command(), r.exitCode(), r.stderr().isBlank() ? r.stdout() : r.stderr());
            }
            return parseReport(r.stdout());
        } finally {
            Files.deleteIfExists(sources);
        }
    }

    static void writeSources(Path file, List<Candidate> candidates, String arch, Set<String> profiles) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8); Deb822Writer out = new Deb822Writer(w)) {
            for (Candidate c : candidates) {
                SourcePackage s = c.source();
                RelationList depends = s.relation("Build-Depends");
                RelationList conflicts = s.relation("Build-Conflicts");
                if (c.archDependent()) {
                    depends = depends.and(s.relation("Build-Depends-Arch"));
                    conflicts = conflicts.and(s.relation("Build-Conflicts-Arch"));
                }
                if (c.archIndependent()) {
                    depends = depends.and(s.relation("Build-Depends-Indep"));
                    conflicts = conflicts.and(s.relation("Build-Conflicts-Indep"));
                }
                depends = depends.reduce(arch, profiles).firstAlternatives();
                conflicts = conflicts.reduce(arch, profiles);
                Paragraph.Builder b = Paragraph.builder()
                        .set("Package", s.name())
                        .set("Version", s.version().toString())
                        // dose drops sources whose Architecture does not match; the scope was decided already.
                        .set("Architecture", c.archDependent() ? "any" : "all");
                if (!depends.isEmpty()) {
                    b.set("Build-Depends", depends.toString());
                }
                if (!conflicts.isEmpty()) {
                    b.set("Build-Conflicts", conflicts.toString());
                }
                out.write(b.build());
            }
        }
    }

    /** Reads dose's YAML report into source name -> reason. */
    @SuppressWarnings("unchecked")
    static Map<String, String> parseReport(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(Integer.MAX_VALUE);
        Object doc = new Yaml(new SafeConstructor(options)).load(yaml);
        Map<String, String> out = new HashMap<>();
        if (!(doc instanceof Map<?, ?> root) || !(root.get("report") instanceof List<?> report)) {
            return out;
        }
        for (Object o : report) {
            if (!(o instanceof Map<?, ?> entry) || !"broken".equals(String.valueOf(entry.get("status")))) {
                continue;
            }
            String name = String.valueOf(entry.get("package"));
            List<String> reasons = new ArrayList<>();
            if (entry.get("reasons") instanceof List<?> rs) {
                for (Object r : rs) {
                    if (r instanceof Map<?, ?> reason) {
                        reasons.add(describe((Map<String, Object>) reason, name));
                    }
                }
            }
            out.put(name, reasons.isEmpty() ? "not installable (dose-builddebcheck gave no reason)" : String.join("; ", reasons));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static String describe(Map<String, Object> reason, String source) {
        if (reason.get("missing") instanceof Map<?, ?> m) {
            Map<String, Object> pkg = (Map<String, Object>) m.get("pkg");
            String unsat = String.valueOf(pkg.get("unsat-dependency"));
            String chain = chain(m.get("depchains"));
            if (source.equals(pkg.get("package")) && "src".equals(String.valueOf(pkg.get("type")))) {
                return "missing build-dependency: " + unsat;
            }
            return "missing: " + unsat + " (" + (chain.isEmpty() ? "" : chain + " -> ") + pkg.get("package") + " " + pkg.get("version") + ")";
        }
        if (reason.get("conflict") instanceof Map<?, ?> c) {
            Map<String, Object> p1 = (Map<String, Object>) c.get("pkg1");
            Map<String, Object> p2 = (Map<String, Object>) c.get("pkg2");
            Object unsat = p1.get("unsat-conflict");
            return "conflict: " + p1.get("package") + " " + p1.get("version") + " conflicts with " + p2.get("package") + " "
                    + p2.get("version") + (unsat == null ? "" : " (" + unsat + ")");
        }
        return reason.toString();
    }

    /** The first dependency chain as "src -> pkg -> pkg". */
    @SuppressWarnings("unchecked")
    private static String chain(Object depchains) {
        if (!(depchains instanceof List<?> chains) || chains.isEmpty() || !(chains.get(0) instanceof Map<?, ?> first)
                || !(first.get("depchain") instanceof List<?> steps)) {
            return "";
        }
        List<String> names = new ArrayList<>();
        for (Object s : steps) {
            if (s instanceof Map<?, ?> step) {
                names.add(String.valueOf(((Map<String, Object>) step).get("package")));
            }
        }
        return String.join(" -> ", names);
    }
}
