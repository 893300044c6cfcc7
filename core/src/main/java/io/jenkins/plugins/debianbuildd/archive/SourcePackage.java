package io.jenkins.plugins.debianbuildd.archive;

import io.jenkins.plugins.debianbuildd.arch.Architectures;
import io.jenkins.plugins.debianbuildd.formats.FormatException;
import io.jenkins.plugins.debianbuildd.formats.Paragraph;
import io.jenkins.plugins.debianbuildd.relation.RelationList;
import io.jenkins.plugins.debianbuildd.version.DebianVersion;
import io.jenkins.plugins.debianbuildd.version.InvalidVersionException;
import java.util.ArrayList;
import java.util.List;

/**
 * A source package as a Sources file (or a .dsc) describes it. Relation fields are kept as text and
 * parsed on demand, since most consumers need only a few of them.
 *
 * @param architectures the Architecture field's entries ({@code any}, {@code all}, {@code linux-any}, ...)
 * @param binaries the binary package names of the Binary field
 * @param packageList the Package-List lines (name type section priority [arch=...]), when present
 * @param extraSourceOnly whether the archive keeps this source only for Built-Using (Extra-Source-Only: yes)
 */
public record SourcePackage(String name, DebianVersion version, List<String> architectures, List<String> binaries,
                            String section, String priority, String maintainer, String directory,
                            String buildDepends, String buildDependsArch, String buildDependsIndep,
                            String buildConflicts, String buildConflictsArch, String buildConflictsIndep,
                            List<String> packageList, boolean extraSourceOnly, Paragraph paragraph) {

    /** Reads a Sources paragraph; a missing Package/Version or an invalid version names the file and line. */
    public static SourcePackage of(Paragraph p) {
        String name = p.get("Package");
        if (name == null) {
            name = p.get("Source");
        }
        if (name == null || name.isBlank()) {
            throw p.error("Package", "source paragraph has no Package field (truncated stanza?)");
        }
        String v = p.get("Version");
        if (v == null) {
            throw p.error("Package", name + ": source paragraph has no Version field (truncated stanza?)");
        }
        DebianVersion version;
        try {
            version = DebianVersion.parse(v);
        } catch (InvalidVersionException e) {
            throw new FormatException(p.source(), p.lineOf("Version"), name + ": " + e.getMessage(), e);
        }
        List<String> binaries = new ArrayList<>();
        String bin = p.get("Binary");
        if (bin != null) {
            for (String b : bin.split(",")) {
                String t = b.strip();
                if (!t.isEmpty()) {
                    binaries.add(t);
                }
            }
        }
        return new SourcePackage(name, version, Architectures.split(p.get("Architecture")), List.copyOf(binaries),
                p.get("Section"), p.get("Priority"), p.get("Maintainer"), p.get("Directory"),
                p.get("Build-Depends"), p.get("Build-Depends-Arch"), p.get("Build-Depends-Indep"),
                p.get("Build-Conflicts"), p.get("Build-Conflicts-Arch"), p.get("Build-Conflicts-Indep"),
                p.lines("Package-List"), "yes".equalsIgnoreCase(p.get("Extra-Source-Only")), p);
    }

    /** Parses one of the relation fields, with errors located in the file. */
    public RelationList relation(String field) {
        return paragraph == null ? RelationList.parse(fieldText(field)) : RelationList.parse(paragraph, field);
    }

    private String fieldText(String field) {
        return switch (field) {
            case "Build-Depends" -> buildDepends;
            case "Build-Depends-Arch" -> buildDependsArch;
            case "Build-Depends-Indep" -> buildDependsIndep;
            case "Build-Conflicts" -> buildConflicts;
            case "Build-Conflicts-Arch" -> buildConflictsArch;
            case "Build-Conflicts-Indep" -> buildConflictsIndep;
            default -> throw new IllegalArgumentException("not a source relation field: " + field);
        };
    }

    /**
     * The architectures its binaries are built for: the union of the {@code arch=} lists of its
     * Package-List (finer than the Architecture field when some binaries are restricted to a few
     * architectures), or the Architecture field when there is no Package-List with arch= entries.
     */
    public List<String> effectiveArchitectures() {
        if (packageList.isEmpty()) {
            return architectures;
        }
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        for (String line : packageList) {
            for (String token : line.split("\\s+")) {
                if (token.startsWith("arch=")) {
                    for (String a : token.substring(5).split(",")) {
                        if (!a.isEmpty()) {
                            out.add(a);
                        }
                    }
                }
            }
        }
        return out.isEmpty() ? architectures : List.copyOf(out);
    }

    /** Whether the Architecture field lists {@code all}. */
    public boolean buildsArchAll() {
        return architectures.contains("all");
    }

    /** Whether some entry other than {@code all} matches {@code arch} (the architecture-dependent part). */
    public boolean buildsArchDependentOn(String arch) {
        for (String a : architectures) {
            if (!a.equals("all") && Architectures.matches(arch, a)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return name + "_" + version;
    }
}
