package io.jenkins.plugins.debianbuildd.formats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One deb822 paragraph (stanza): fields in file order, looked up case-insensitively as Policy 5.1 says.
 *
 * <p>A value is kept as written: the first line with surrounding whitespace removed, then each
 * continuation line after a {@code '\n'}, with its leading space(s) and without trailing whitespace. A
 * field whose first line is empty (such as {@code Files:}) therefore has a value starting with
 * {@code '\n'}. {@link #lines(String)} and {@link #text(String)} give the usual readings of such values.
 */
public final class Paragraph {
    private final String[] names;
    /** The paragraph's bytes as read, values decoded from them on first use; null when built in code. */
    private final byte[] data;
    /** Per field: value offset and length in data, and line number (3 ints per field); null when built in code. */
    private final int[] meta;
    /**
     * Decoded values, allocated on first use; entries start null for values read from a file. Strings
     * are immutable and safely published, so a race between two readers only decodes a value twice.
     */
    private String[] values;
    private final int size;
    private final String source;
    private final int startLine;

    Paragraph(String[] names, byte[] data, int[] meta, String[] values, int size, String source, int startLine) {
        this.names = names;
        this.data = data;
        this.meta = meta;
        this.values = values;
        this.size = size;
        this.source = source;
        this.startLine = startLine;
    }

    public static Builder builder() {
        return new Builder(null, 0);
    }

    /** The file (or stream) this paragraph came from, or null for one built in code. */
    public String source() {
        return source;
    }

    /** The line of its first field, 1-based; 0 for one built in code. */
    public int startLine() {
        return startLine;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Field names in file order, with the spelling of the file. */
    public List<String> names() {
        return Collections.unmodifiableList(Arrays.asList(names).subList(0, size));
    }

    public String name(int i) {
        Objects.checkIndex(i, size);
        return names[i];
    }

    public String value(int i) {
        Objects.checkIndex(i, size);
        return decoded(i);
    }

    private String decoded(int i) {
        String[] vs = values;
        if (vs == null) {
            vs = new String[size];
            values = vs;
        }
        String v = vs[i];
        if (v == null) {
            v = new String(data, meta[3 * i], meta[3 * i + 1], java.nio.charset.StandardCharsets.UTF_8);
            vs[i] = v;
        }
        return v;
    }

    private int indexOf(String name) {
        // Names read from files are interned, so the usual literal lookup succeeds on identity.
        for (int i = 0; i < size; i++) {
            if (names[i] == name) {
                return i;
            }
        }
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    public boolean has(String name) {
        return indexOf(name) >= 0;
    }

    /** The raw value, or null when the field is absent. */
    public String get(String name) {
        int i = indexOf(name);
        return i < 0 ? null : decoded(i);
    }

    public Optional<String> find(String name) {
        return Optional.ofNullable(get(name));
    }

    public String get(String name, String fallback) {
        String v = get(name);
        return v == null ? fallback : v;
    }

    /** The value, or a {@link FormatException} naming the file and paragraph when it is absent or empty. */
    public String require(String name) {
        String v = get(name);
        if (v == null || v.isBlank()) {
            throw error(name, "missing required field '" + name + "'");
        }
        return v;
    }

    /** The line the field starts on, or the paragraph's first line when the field is absent. */
    public int lineOf(String name) {
        int i = indexOf(name);
        return i < 0 || meta == null ? startLine : meta[3 * i + 2];
    }

    /** A {@link FormatException} located at this field of this paragraph. */
    public FormatException error(String field, String reason) {
        return new FormatException(source, lineOf(field), reason);
    }

    /**
     * The non-empty lines of a multi-line field such as {@code Files} or {@code Checksums-Sha256},
     * each stripped of surrounding whitespace; an absent field gives an empty list.
     */
    public List<String> lines(String name) {
        String v = get(name);
        if (v == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        int n = v.length();
        while (start <= n) {
            int nl = v.indexOf('\n', start);
            int end = nl < 0 ? n : nl;
            String line = v.substring(start, end).strip();
            if (!line.isEmpty()) {
                out.add(line);
            }
            if (nl < 0) {
                break;
            }
            start = nl + 1;
        }
        return out;
    }

    /**
     * A multi-line text value (Description, Changes) as plain text: the continuation lines without
     * their first space, and {@code " ."} read as an empty line.
     */
    public String text(String name) {
        String v = get(name);
        if (v == null) {
            return null;
        }
        String[] parts = v.split("\n", -1);
        StringBuilder sb = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            String line = parts[i].isEmpty() ? parts[i] : parts[i].substring(1);
            sb.append('\n').append(line.equals(".") ? "" : line);
        }
        return sb.toString();
    }

    /** Fields as an ordered map keyed by the names as spelled in the file. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            m.put(names[i], decoded(i));
        }
        return m;
    }

    /** A builder starting from this paragraph's fields, to change some and keep the rest in order. */
    public Builder toBuilder() {
        Builder b = new Builder(source, startLine);
        for (int i = 0; i < size; i++) {
            b.set(names[i], decoded(i));
        }
        return b;
    }

    /** The paragraph in deb822 syntax, ending with a newline. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        Deb822Writer.append(this, sb);
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Paragraph p) || p.size != size) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            if (!names[i].equals(p.names[i]) || !decoded(i).equals(p.decoded(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = size;
        for (int i = 0; i < size; i++) {
            h = 31 * h + names[i].hashCode();
            h = 31 * h + decoded(i).hashCode();
        }
        return h;
    }

    /** Builds a paragraph in code, checking names and values so that what is written reads back the same. */
    public static final class Builder {
        private final List<String> names = new ArrayList<>();
        private final List<String> values = new ArrayList<>();
        private final String source;
        private final int startLine;

        private Builder(String source, int startLine) {
            this.source = source;
            this.startLine = startLine;
        }

        /** Sets a field, replacing a field of the same name (in place) if present; null removes it. */
        public Builder set(String name, String value) {
            Deb822.checkFieldName(name);
            int i = find(name);
            if (value == null) {
                if (i >= 0) {
                    names.remove(i);
                    values.remove(i);
                }
                return this;
            }
            Deb822.checkFieldValue(name, value);
            if (i >= 0) {
                values.set(i, value);
            } else {
                names.add(name);
                values.add(value);
            }
            return this;
        }

        /** Sets a multi-line field from its lines ({@code Files}, {@code Checksums-Sha256}): first line empty. */
        public Builder setLines(String name, List<String> lines) {
            StringBuilder sb = new StringBuilder();
            for (String line : lines) {
                sb.append("\n ").append(line);
            }
            return set(name, sb.toString());
        }

        /** Sets a text field from plain text: first line, then continuation lines, an empty line as " .". */
        public Builder setText(String name, String text) {
            String[] parts = text.split("\n", -1);
            StringBuilder sb = new StringBuilder(parts[0].strip());
            for (int i = 1; i < parts.length; i++) {
                String line = parts[i].stripTrailing();
                sb.append("\n ").append(line.isEmpty() ? "." : line);
            }
            return set(name, sb.toString());
        }

        public Builder remove(String name) {
            return set(name, null);
        }

        private int find(String name) {
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i).equalsIgnoreCase(name)) {
                    return i;
                }
            }
            return -1;
        }

        public Paragraph build() {
            int n = names.size();
            return new Paragraph(names.toArray(new String[0]), null, null, values.toArray(new String[0]), n, source, startLine);
        }
    }
}
