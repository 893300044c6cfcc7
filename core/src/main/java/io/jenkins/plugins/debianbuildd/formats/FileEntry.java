package io.jenkins.plugins.debianbuildd.formats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A file listed by a .dsc, .changes or Sources paragraph, merged from its {@code Files},
 * {@code Checksums-Sha1} and {@code Checksums-Sha256} fields.
 *
 * @param name a plain file name (checked: no directory, no {@code ..})
 * @param size the size in bytes
 * @param md5 hex MD5 or null
 * @param sha1 hex SHA-1 or null
 * @param sha256 hex SHA-256 or null
 * @param section the section of a .changes Files entry, or null
 * @param priority the priority of a .changes Files entry, or null
 */
public record FileEntry(String name, long size, String md5, String sha1, String sha256, String section, String priority) {

    /**
     * The files of a paragraph. Names are checked to be plain names; the same file listed with two
     * different sizes is an error; a Files field with five columns (.changes) gives section and priority.
     */
    public static List<FileEntry> of(Paragraph p) {
        Map<String, FileEntry> byName = new LinkedHashMap<>();
        merge(p, "Files", byName);
        merge(p, "Checksums-Sha1", byName);
        merge(p, "Checksums-Sha256", byName);
        return new ArrayList<>(byName.values());
    }

    private static void merge(Paragraph p, String field, Map<String, FileEntry> byName) {
        for (String line : p.lines(field)) {
            String[] f = line.split("\\s+");
            if (f.length != 3 && !(field.equals("Files") && f.length == 5)) {
                throw p.error(field, field + ": malformed line '" + line + "' (expected checksum, size, name)");
            }
            String name = f[f.length - 1];
            if (!Names.isPlainFileName(name)) {
                throw p.error(field, field + ": unsafe file name '" + name
                        + "' (must be a plain name: no '/', no '..', no leading '-' or '.')");
            }
            long size;
            try {
                size = Long.parseLong(f[1]);
            } catch (NumberFormatException e) {
                throw p.error(field, field + ": invalid size '" + f[1] + "' for " + name);
            }
            if (size < 0) {
                throw p.error(field, field + ": negative size for " + name);
            }
            String sum = f[0].toLowerCase(Locale.ROOT);
            int expectedLength = switch (field) {
                case "Files" -> 32;
                case "Checksums-Sha1" -> 40;
                default -> 64;
            };
            if (sum.length() != expectedLength || !sum.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                throw p.error(field, field + ": invalid checksum '" + f[0] + "' for " + name);
            }
            FileEntry old = byName.get(name);
            if (old != null && old.size != size) {
                throw p.error(field, field + ": " + name + " listed with size " + size + " but " + old.size + " elsewhere");
            }
            FileEntry base = old != null ? old : new FileEntry(name, size, null, null, null, null, null);
            FileEntry merged = switch (field) {
                case "Files" -> new FileEntry(name, size, sum, base.sha1, base.sha256,
                        f.length == 5 ? f[2] : base.section, f.length == 5 ? f[3] : base.priority);
                case "Checksums-Sha1" -> new FileEntry(name, size, base.md5, sum, base.sha256, base.section, base.priority);
                default -> new FileEntry(name, size, base.md5, base.sha1, sum, base.section, base.priority);
            };
            byName.put(name, merged);
        }
    }
}
