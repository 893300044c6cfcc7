package io.jenkins.plugins.debianbuildd.archive;

import io.jenkins.plugins.debianbuildd.arch.Architectures;
import io.jenkins.plugins.debianbuildd.formats.Deb822;
import io.jenkins.plugins.debianbuildd.formats.FileEntry;
import io.jenkins.plugins.debianbuildd.formats.FormatException;
import io.jenkins.plugins.debianbuildd.formats.Names;
import io.jenkins.plugins.debianbuildd.formats.Paragraph;
import io.jenkins.plugins.debianbuildd.openpgp.ClearSigned;
import io.jenkins.plugins.debianbuildd.version.DebianVersion;
import io.jenkins.plugins.debianbuildd.version.InvalidVersionException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A .changes file (an upload's manifest, Policy 5.5): what dpkg-genchanges writes and dput uploads.
 *
 * @param source the source package name
 * @param sourceVersion the source version ({@code Source: name (version)} for binNMUs, else {@code version})
 * @param version the Version field (the binaries' version)
 * @param distributions the Distribution field's entries
 * @param architectures the Architecture field's entries ({@code source}, {@code all}, {@code amd64})
 * @param binaries the Binary field's package names
 * @param files the Files/Checksums entries, names checked to be plain names, each with a SHA-256
 */
public record Changes(String source, DebianVersion sourceVersion, DebianVersion version, List<String> distributions,
                      List<String> architectures, List<String> binaries, List<FileEntry> files, String maintainer,
                      String changedBy, Paragraph paragraph) {

    /** Larger than any real .changes; a bound so that a hostile upload cannot exhaust memory. */
    public static final long MAX_SIZE = 16L << 20;

    public Changes {
        distributions = List.copyOf(distributions);
        architectures = List.copyOf(architectures);
        binaries = List.copyOf(binaries);
        files = List.copyOf(files);
    }

    /**
     * Reads a .changes file without verifying its signature: the signed text when it is signed, the whole
     * file otherwise. Callers that need a verified upload verify first (incoming does) and use {@link #parse}.
     */
    public static Changes read(Path file) throws IOException {
        return parse(readText(file), file.toString());
    }

    /** The text of a possibly signed deb822 file: the signed part when signed; size bounded by {@link #MAX_SIZE}. */
    public static String readText(Path file) throws IOException {
        String content = readBounded(file);
        return ClearSigned.isClearSigned(content) ? ClearSigned.parse(content, file.toString()).text() : content;
    }

    /** Reads a small text file, refusing one larger than {@link #MAX_SIZE}. */
    public static String readBounded(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes((int) MAX_SIZE + 1);
            if (b.length > MAX_SIZE) {
                throw new FormatException(file.toString(), 0, "larger than " + MAX_SIZE + " bytes; not a .changes/.dsc");
            }
            return new String(b, StandardCharsets.UTF_8);
        }
    }

    /** Parses the (signed) text of a .changes; {@link FormatException} names the file and line of the problem. */
    public static Changes parse(String text, String sourceName) {
        Paragraph p = Deb822.parseSingle(text, sourceName);
        for (String f : List.of("Source", "Version", "Distribution", "Architecture", "Files")) {
            p.require(f);
        }
        String src = p.require("Source").strip();
        String name = src;
        String srcVersion = null;
        int paren = src.indexOf('(');
        if (paren >= 0) {
            int close = src.indexOf(')', paren);
            if (close < 0 || !src.substring(close + 1).isBlank()) {
                throw p.error("Source", "malformed Source field '" + src + "'");
            }
            name = src.substring(0, paren).strip();
            srcVersion = src.substring(paren + 1, close).strip();
        }
        if (!Names.isPackageName(name)) {
            throw p.error("Source", "invalid source package name '" + name + "'");
        }
        DebianVersion version = version(p, "Version", p.require("Version").strip());
        DebianVersion sourceVersion = srcVersion == null ? version : version(p, "Source", srcVersion);
        List<String> dists = Architectures.split(p.get("Distribution"));
        List<String> archs = Architectures.split(p.get("Architecture"));
        for (String a : archs) {
            if (!Names.isArchitectureName(a)) {
                throw p.error("Architecture", "invalid architecture '" + a + "'");
            }
        }
        List<String> binaries = new ArrayList<>();
        for (String b : Architectures.split(p.get("Binary"))) {
            if (!Names.isPackageName(b)) {
                throw p.error("Binary", "invalid binary package name '" + b + "'");
            }
            binaries.add(b);
        }
        List<FileEntry> files = FileEntry.of(p);
        for (FileEntry f : files) {
            if (f.sha256() == null) {
                throw p.error("Checksums-Sha256", "no SHA-256 checksum for " + f.name() + " (Checksums-Sha256 is required)");
            }
            if (f.md5() == null) {
                throw p.error("Files", f.name() + " is listed in Checksums-Sha256 but not in Files");
            }
        }
        return new Changes(name, sourceVersion, version, dists, archs, binaries, files, p.get("Maintainer"),
                p.get("Changed-By"), p);
    }

    private static DebianVersion version(Paragraph p, String field, String v) {
        try {
            return DebianVersion.parse(v);
        } catch (InvalidVersionException e) {
            throw p.error(field, "invalid version '" + v + "': " + e.getMessage());
        }
    }

    /** The .dsc of a sourceful upload, or null for a binary-only one; two .dsc files are an error. */
    public FileEntry dsc() {
        FileEntry found = null;
        for (FileEntry f : files) {
            if (f.name().endsWith(".dsc")) {
                if (found != null) {
                    throw paragraph.error("Files", "two .dsc files in one upload: " + found.name() + " and " + f.name());
                }
                found = f;
            }
        }
        return found;
    }

    /** The entry of a file by name, or null. */
    public FileEntry file(String name) {
        for (FileEntry f : files) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        return null;
    }
}
