package io.jenkins.plugins.debianbuildd.archive;

import io.jenkins.plugins.debianbuildd.arch.Architectures;
import io.jenkins.plugins.debianbuildd.formats.FormatException;
import io.jenkins.plugins.debianbuildd.formats.Names;
import io.jenkins.plugins.debianbuildd.formats.Paragraph;
import io.jenkins.plugins.debianbuildd.relation.RelationList;
import io.jenkins.plugins.debianbuildd.version.DebianVersion;
import io.jenkins.plugins.debianbuildd.version.InvalidVersionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A source package as a Sources file (or a .dsc) describes it. Only its identity is read up front;
 * every other field is read from the paragraph when asked for, since a merge of a whole archive needs
 * few of them.
 *
 * @param architectures the Architecture field's entries ({@code any}, {@code all}, {@code linux-any}, ...)
 * @param paragraph the paragraph it was read from
 */
public record SourcePackage(String name, DebianVersion version, List<String> architectures, Paragraph paragraph) {
    private static final Set<String> RELATION_FIELDS = Set.of("Build-Depends", "Build-Depends-Arch", "Build-Depends-Indep",
            "Build-Conflicts", "Build-Conflicts-Arch", "Build-Conflicts-Indep");

    /** Reads a Sources paragraph; a missing Package/Version or an invalid version names the file and line. */
    public static SourcePackage of(Paragraph p) {
        String name = p.get("Package");
        if (name == null) {
            name = p.get("Source");
        }
        if (name == null || name.isBlank()) {
            throw p.error("Package", "source paragraph has no Package field (truncated stanza?)");
        }
        if (!Names.isPackageName(name)) {
            throw p.error("Package", "invalid source package name '" + name + "' (Policy 5.6.1)");
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
        return new SourcePackage(name, version, Architectures.split(p.get("Architecture")), p);
    }

    /** Parses one of the Build-Depends/Build-Conflicts fields, with errors located in the file. */
    public RelationList relation(String field) {
        if (!RELATION_FIELDS.contains(field)) {
            throw new IllegalArgumentException("not a source relation field: " + field);
        }
        return RelationList.parse(paragraph, field);
    }

    /** The binary package names of the Binary field. */
    public List<String> binaries() {
        List<String> out = new ArrayList<>();
        String bin = paragraph.get("Binary");
        if (bin != null) {
            for (String b : bin.split(",")) {
                String t = b.strip();
                if (!t.isEmpty()) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    public String section() {
        return paragraph.get("Section");
    }

    public String priority() {
        return paragraph.get("Priority");
    }

    public String maintainer() {
        return paragraph.get("Maintainer");
    }

    public String directory() {
        return paragraph.get("Directory");
    }

    /** Whether the archive keeps this source only for Built-Using (Extra-Source-Only: yes). */
    public boolean extraSourceOnly() {
        return "yes".equalsIgnoreCase(paragraph.get("Extra-Source-Only"));
    }

    /** The Package-List lines (name type section priority [key=value...]), when present. */
    public List<String> packageList() {
        return paragraph.lines("Package-List");
    }

    /**
     * The architectures its binaries are built for: the union of the {@code arch=} lists of its
     * Package-List (finer than the Architecture field when some binaries are restricted to a few
     * architectures), or the Architecture field when there is no Package-List with arch= entries.
     */
    public List<String> effectiveArchitectures() {
        String list = paragraph.get("Package-List");
        if (list == null) {
            return architectures;
        }
        // Called for every source on every architecture of a merge: a scan with no substring per entry, since
        // the arch= lists of one source repeat the same few names.
        List<String> out = null;
        int n = list.length();
        int i = list.indexOf("arch=");
        while (i >= 0) {
            int p = i + 5;
            while (true) {
                int start = p;
                while (p < n && list.charAt(p) != ',' && !Character.isWhitespace(list.charAt(p))) {
                    p++;
                }
                if (p > start) {
                    if (out == null) {
                        out = new ArrayList<>(4);
                    }
                    if (!containsRegion(out, list, start, p)) {
                        out.add(list.substring(start, p));
                    }
                }
                if (p < n && list.charAt(p) == ',') {
                    p++;
                } else {
                    break;
                }
            }
            i = list.indexOf("arch=", p);
        }
        if (out == null) {
            return architectures;
        }
        // Common case: the Package-List says exactly what the Architecture field says.
        return out.size() == architectures.size() && out.containsAll(architectures) ? architectures : List.copyOf(out);
    }

    private static boolean containsRegion(List<String> names, String s, int start, int end) {
        int len = end - start;
        for (String name : names) {
            if (name.length() == len && s.regionMatches(start, name, 0, len)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the Architecture field lists {@code all}. */
    public boolean buildsArchAll() {
        return architectures.contains("all");
    }

    @Override
    public String toString() {
        return name + "_" + version;
    }
}
