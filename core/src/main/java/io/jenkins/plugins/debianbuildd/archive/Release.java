package io.jenkins.plugins.debianbuildd.archive;

import io.jenkins.plugins.debianbuildd.formats.FormatException;
import io.jenkins.plugins.debianbuildd.formats.Paragraph;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A suite's Release file: its identity and the size and checksums of every index file it covers.
 *
 * @param files per path relative to the suite directory ({@code main/binary-amd64/Packages.xz})
 */
public record Release(String suite, String codename, Instant date, Instant validUntil, List<String> architectures,
                      List<String> components, boolean acquireByHash, Map<String, IndexFile> files, Paragraph paragraph) {

    /** One index file of the Release: its size and strongest checksums. */
    public record IndexFile(String path, long size, String sha256, String sha512) {
    }

    public static Release of(Paragraph p) {
        Map<String, IndexFile> files = new HashMap<>();
        readSums(p, "SHA256", files);
        readSums(p, "SHA512", files);
        return new Release(p.get("Suite"), p.get("Codename"), date(p, "Date"), date(p, "Valid-Until"),
                split(p.get("Architectures")), split(p.get("Components")), "yes".equalsIgnoreCase(p.get("Acquire-By-Hash")),
                Map.copyOf(files), p);
    }

    private static List<String> split(String s) {
        return s == null || s.isBlank() ? List.of() : List.of(s.trim().split("\\s+"));
    }

    private static void readSums(Paragraph p, String field, Map<String, IndexFile> files) {
        int expected = field.equals("SHA256") ? 64 : 128;
        for (String line : p.lines(field)) {
            String[] f = line.split("\\s+");
            if (f.length != 3 || f[0].length() != expected) {
                throw p.error(field, field + ": malformed line '" + line + "'");
            }
            String path = f[2];
            if (!isSafeRelativePath(path)) {
                throw p.error(field, field + ": unsafe index path '" + path + "'");
            }
            long size;
            try {
                size = Long.parseLong(f[1]);
            } catch (NumberFormatException e) {
                throw p.error(field, field + ": invalid size in '" + line + "'");
            }
            String sum = f[0].toLowerCase(Locale.ROOT);
            IndexFile old = files.get(path);
            if (old != null && old.size != size) {
                throw p.error(field, field + ": " + path + " listed with two sizes");
            }
            files.put(path, field.equals("SHA256")
                    ? new IndexFile(path, size, sum, old == null ? null : old.sha512)
                    : new IndexFile(path, size, old == null ? null : old.sha256, sum));
        }
    }

    /** A path below the suite directory: relative, no empty, "." or ".." segment. */
    static boolean isSafeRelativePath(String path) {
        if (path.isEmpty() || path.startsWith("/")) {
            return false;
        }
        for (String seg : path.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private static Instant date(Paragraph p, String field) {
        String v = p.get(field);
        if (v == null) {
            return null;
        }
        // RFC 2822 as apt writes it; "UTC" is used by Debian instead of "+0000".
        String norm = v.strip().replace(" UTC", " +0000").replace(" GMT", " +0000");
        try {
            return ZonedDateTime.parse(norm, DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT)).toInstant();
        } catch (DateTimeParseException e) {
            throw new FormatException(p.source(), p.lineOf(field), "invalid " + field + " date '" + v + "'");
        }
    }

    public IndexFile file(String path) {
        return files.get(path);
    }
}
