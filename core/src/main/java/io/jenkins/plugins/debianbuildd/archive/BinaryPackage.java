package io.jenkins.plugins.debianbuildd.archive;

import io.jenkins.plugins.debianbuildd.formats.FormatException;
import io.jenkins.plugins.debianbuildd.formats.Paragraph;
import io.jenkins.plugins.debianbuildd.relation.RelationList;
import io.jenkins.plugins.debianbuildd.version.DebianVersion;
import io.jenkins.plugins.debianbuildd.version.InvalidVersionException;

/**
 * A binary package as a Packages file describes it.
 *
 * @param source the source package name (the Source field, or the package's own name)
 * @param sourceVersion the source version: from {@code Source: name (version)} when present (binNMUs), else the
 *                      package's own version
 */
public record BinaryPackage(String name, DebianVersion version, String architecture, String source,
                            DebianVersion sourceVersion, String multiArch, String depends, String preDepends,
                            String provides, String conflicts, String breaks, String section, String priority,
                            boolean essential, Paragraph paragraph) {

    public static BinaryPackage of(Paragraph p) {
        String name = p.get("Package");
        if (name == null || name.isBlank()) {
            throw p.error("Package", "binary paragraph has no Package field (truncated stanza?)");
        }
        DebianVersion version = version(p, name, p.get("Version"), "Version");
        String arch = p.get("Architecture");
        if (arch == null) {
            throw p.error("Package", name + ": binary paragraph has no Architecture field");
        }
        String source = name;
        DebianVersion sourceVersion = version;
        String src = p.get("Source");
        if (src != null) {
            int paren = src.indexOf('(');
            if (paren >= 0) {
                int close = src.indexOf(')', paren);
                if (close < 0) {
                    throw p.error("Source", name + ": malformed Source field '" + src + "'");
                }
                source = src.substring(0, paren).strip();
                sourceVersion = version(p, name, src.substring(paren + 1, close).strip(), "Source");
            } else {
                source = src.strip();
            }
        }
        return new BinaryPackage(name, version, arch, source, sourceVersion, p.get("Multi-Arch"), p.get("Depends"),
                p.get("Pre-Depends"), p.get("Provides"), p.get("Conflicts"), p.get("Breaks"), p.get("Section"),
                p.get("Priority"), "yes".equalsIgnoreCase(p.get("Essential")), p);
    }

    private static DebianVersion version(Paragraph p, String name, String v, String field) {
        if (v == null) {
            throw p.error("Package", name + ": binary paragraph has no Version field (truncated stanza?)");
        }
        try {
            return DebianVersion.parse(v);
        } catch (InvalidVersionException e) {
            throw new FormatException(p.source(), p.lineOf(field), name + ": " + e.getMessage(), e);
        }
    }

    public RelationList relation(String field) {
        return RelationList.parse(paragraph, field);
    }

    @Override
    public String toString() {
        return name + "_" + version + "_" + architecture;
    }
}
